package org.peerwave.app.instance;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * The line protocol between a second launch and the running instance, over a local socket. UTF-8
 * lines; fields separated by tabs; tabs, newlines and backslashes inside fields escaped as
 * {@code \t}, {@code \n}, {@code \\}.
 *
 * <pre>
 * client: PEERWAVE 1            server: OK
 *         OPEN  target          (LIST:) TORRENT  infoHash  state  progress  name
 *         LIST                           END
 *         END                   or:    ERROR  message
 * </pre>
 */
final class InstanceProtocol {

    static final String HELLO = "PEERWAVE 1";
    static final String OPEN = "OPEN";
    static final String LIST = "LIST";
    static final String END = "END";
    static final String OK = "OK";
    static final String ERROR = "ERROR";
    static final String TORRENT = "TORRENT";

    private InstanceProtocol() {
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Reads one line of at most {@code maxChars} characters; null at the end of the stream.
     *
     * @throws IOException when the line is longer
     */
    static String readLine(BufferedReader in, int maxChars) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return b.isEmpty() ? null : b.toString();
            }
            if (c == '\n') {
                return b.toString();
            }
            if (b.length() >= maxChars) {
                throw new IOException("line longer than " + maxChars + " characters");
            }
            b.append((char) c);
        }
    }
}
