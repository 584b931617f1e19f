package org.peerwave.engine.stream;

import java.io.InterruptedIOException;

/** A streaming read waited longer than {@link StreamSettings#readTimeout()} for the piece it needs. */
public final class PieceTimeoutException extends InterruptedIOException {

    private final int piece;

    public PieceTimeoutException(String message, int piece) {
        super(message);
        this.piece = piece;
    }

    /** The piece that was not verified in time. */
    public int piece() {
        return piece;
    }
}
