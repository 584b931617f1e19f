package org.peerwave.engine.storage;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Arrays in which downloaded pieces are assembled before they are hashed and written, shared by
 * every torrent of an engine. At most {@code capacity} bytes are ever allocated (in use plus kept
 * for reuse): {@link #acquire} returns {@code null} when a piece does not fit, and the caller then
 * writes that piece block by block instead. Released arrays are kept for the next piece of the same
 * size (most pieces of a torrent have one size), so a steady download allocates nothing. Thread-safe.
 */
public final class PieceBufferPool {

    private final long capacity;
    private final Map<Integer, ArrayDeque<byte[]>> free = new HashMap<>();
    private long allocated;
    private long inUse;

    /** A pool of at most {@code capacity} bytes (0 = every {@link #acquire} returns null). */
    public PieceBufferPool(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * An array of exactly {@code size} bytes (its content is undefined), or {@code null} when that
     * would take the pool past its capacity.
     */
    public synchronized byte[] acquire(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        ArrayDeque<byte[]> same = free.get(size);
        if (same != null && !same.isEmpty()) {
            inUse += size;
            return same.poll();
        }
        if (allocated + size > capacity) {
            dropFreeArrays(allocated + size - capacity);
            if (allocated + size > capacity) {
                return null;
            }
        }
        allocated += size;
        inUse += size;
        return new byte[size];
    }

    /** Gives back an array from {@link #acquire}; it may be handed out again at once. */
    public synchronized void release(byte[] buffer) {
        inUse -= buffer.length;
        free.computeIfAbsent(buffer.length, k -> new ArrayDeque<>()).push(buffer);
    }

    /** Lets the garbage collector have arrays kept for reuse, until {@code bytes} are freed or none is left. */
    private void dropFreeArrays(long bytes) {
        long freed = 0;
        for (Iterator<ArrayDeque<byte[]>> it = free.values().iterator(); it.hasNext() && freed < bytes; ) {
            ArrayDeque<byte[]> q = it.next();
            while (!q.isEmpty() && freed < bytes) {
                freed += q.poll().length;
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        allocated -= freed;
    }

    /** The most bytes this pool allocates. */
    public long capacity() {
        return capacity;
    }

    /** Bytes in arrays handed out and not yet released. */
    public synchronized long inUse() {
        return inUse;
    }

    /** Bytes allocated: in use plus kept for reuse (never above {@link #capacity()}). */
    public synchronized long allocated() {
        return allocated;
    }
}
