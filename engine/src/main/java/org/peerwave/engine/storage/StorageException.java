package org.peerwave.engine.storage;

/**
 * A storage operation that failed: disk full, an I/O error, a closed storage, a bad request. The
 * message names the file and the reason in one line ("disk full writing /data/a.bin"). It fails
 * only the operation that raised it; data written before stays as it was.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when this error (or its cause) is a full disk or an exceeded quota. */
    public boolean diskFull() {
        return getMessage() != null && getMessage().startsWith("disk full");
    }
}
