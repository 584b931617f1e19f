package org.peerwave.engine.metainfo;

/**
 * A torrent file that cannot be used; the message says why in one line. Names from the torrent
 * that appear in the message have their control characters escaped, so a hostile name cannot
 * break the line or a terminal.
 */
public class MetainfoException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_MESSAGE = 400;

    public MetainfoException(String message) {
        super(oneLine(message));
    }

    public MetainfoException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    static String oneLine(String message) {
        StringBuilder sb = new StringBuilder(Math.min(message.length(), MAX_MESSAGE + 16));
        for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = message.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                sb.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\u%04x", (int) c);
                });
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX_MESSAGE) {
            sb.setLength(MAX_MESSAGE);
            sb.append("...");
        }
        return sb.toString();
    }
}
