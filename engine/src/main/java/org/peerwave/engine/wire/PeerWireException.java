package org.peerwave.engine.wire;

/**
 * Malformed, truncated or over-limit peer-wire input. The message names the problem in one line.
 * Thrown from a codec it reaches {@code exceptionCaught}; the handlers here close the channel.
 */
public class PeerWireException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PeerWireException(String message) {
        super(message);
    }
}
