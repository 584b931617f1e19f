package org.peerwave.engine.storage;

/** A resume file that cannot be used (truncated, not bencode, missing or bad fields); the torrent gets rechecked instead. */
public class ResumeDataException extends StorageException {

    private static final long serialVersionUID = 1L;

    public ResumeDataException(String message) {
        super(message);
    }

    public ResumeDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
