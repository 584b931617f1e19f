package org.peerwave.engine.storage;

/**
 * Storage settings; immutable, validated. Start from {@link #defaults()} or {@link #builder()}.
 *
 * @param diskThreads      threads doing file I/O (positional reads and writes), shared by all torrents
 * @param hashThreads      threads hashing pieces (SHA-1 and SHA-256)
 * @param openFileLimit    most file handles kept open at once (least recently used are closed)
 * @param allocation       {@link Allocation#SPARSE} (default) or {@link Allocation#FULL}
 * @param writeMode        when written data is forced to the device
 * @param checkParallelism most pieces being verified at once during a recheck, per storage
 * @param pieceBufferMemory bytes of memory, shared by all torrents, in which downloaded pieces are
 *                         assembled and hashed before they are written (a piece that fails its
 *                         hash never reaches the disk); when it is used up, blocks are written as
 *                         they come and the piece is read back to verify it; 0 turns it off
 */
public record StorageSettings(int diskThreads, int hashThreads, int openFileLimit, Allocation allocation,
                              WriteMode writeMode, int checkParallelism, long pieceBufferMemory) {

    /** How files are allocated when they are created. */
    public enum Allocation {
        /** Files grow as blocks arrive; holes take no space (default). */
        SPARSE,
        /** A file is filled with zeros up to its full length when it is created. */
        FULL
    }

    /** When written data reaches the device. */
    public enum WriteMode {
        /** Writes go to the OS cache; {@code flush()} and {@code close()} force them (default). */
        WRITE_BEHIND,
        /** Every block write is forced to the device before its future completes (slow, safest). */
        WRITE_THROUGH
    }

    /** The largest {@link #pieceBufferMemory()}: 4 GiB. */
    public static final long MAX_PIECE_BUFFER_MEMORY = 4L << 30;

    public StorageSettings {
        check(diskThreads, 1, 64, "diskThreads");
        check(hashThreads, 1, 256, "hashThreads");
        check(openFileLimit, 1, 100_000, "openFileLimit");
        check(checkParallelism, 1, 1024, "checkParallelism");
        if (pieceBufferMemory < 0 || pieceBufferMemory > MAX_PIECE_BUFFER_MEMORY) {
            throw new IllegalArgumentException("pieceBufferMemory must be between 0 and " + MAX_PIECE_BUFFER_MEMORY
                    + ", not " + pieceBufferMemory);
        }
        if (allocation == null || writeMode == null) {
            throw new IllegalArgumentException("allocation and writeMode must be set");
        }
    }

    private static void check(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + v);
        }
    }

    /**
     * 4 disk threads, one hash thread per core (at most 8), 64 open files, sparse, write-behind, 4
     * pieces checked at once, 32 MiB of piece buffers.
     */
    public static StorageSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().diskThreads(diskThreads).hashThreads(hashThreads).openFileLimit(openFileLimit)
                .allocation(allocation).writeMode(writeMode).checkParallelism(checkParallelism)
                .pieceBufferMemory(pieceBufferMemory);
    }

    /** Builder with the defaults filled in. */
    public static final class Builder {
        private int diskThreads = 4;
        private int hashThreads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        private int openFileLimit = 64;
        private Allocation allocation = Allocation.SPARSE;
        private WriteMode writeMode = WriteMode.WRITE_BEHIND;
        private int checkParallelism = 4;
        private long pieceBufferMemory = 32L << 20;

        public Builder diskThreads(int n) {
            diskThreads = n;
            return this;
        }

        public Builder hashThreads(int n) {
            hashThreads = n;
            return this;
        }

        public Builder openFileLimit(int n) {
            openFileLimit = n;
            return this;
        }

        public Builder allocation(Allocation a) {
            allocation = a;
            return this;
        }

        public Builder writeMode(WriteMode m) {
            writeMode = m;
            return this;
        }

        public Builder checkParallelism(int n) {
            checkParallelism = n;
            return this;
        }

        public Builder pieceBufferMemory(long bytes) {
            pieceBufferMemory = bytes;
            return this;
        }

        public StorageSettings build() {
            return new StorageSettings(diskThreads, hashThreads, openFileLimit, allocation, writeMode, checkParallelism,
                    pieceBufferMemory);
        }
    }
}
