package org.peerwave.engine.storage;

/**
 * What a file on disk looked like: its size and modification time in milliseconds, or
 * {@link #MISSING} when there is no file. Pad files are {@code (0, 0)}.
 */
public record FileState(long size, long mtimeMillis) {

    public static final FileState MISSING = new FileState(-1, -1);

    public boolean missing() {
        return size < 0;
    }
}
