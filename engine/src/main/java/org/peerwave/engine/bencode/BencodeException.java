package org.peerwave.engine.bencode;

/** Malformed or over-limit bencoded input. The message says what is wrong and where. */
public class BencodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    public BencodeException(String message, long offset) {
        super(offset >= 0 ? message + " (at byte " + offset + ")" : message);
        this.offset = offset;
    }

    /** Byte offset in the input where the problem was found, or -1. */
    public long offset() {
        return offset;
    }
}
