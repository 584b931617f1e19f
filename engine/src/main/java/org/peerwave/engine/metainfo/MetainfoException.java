package org.peerwave.engine.metainfo;

/** A torrent file that cannot be used; the message says why in one line. */
public class MetainfoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MetainfoException(String message) {
        super(message);
    }

    public MetainfoException(String message, Throwable cause) {
        super(message, cause);
    }
}
