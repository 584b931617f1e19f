package org.peerwave.engine.storage;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The disk and hashing thread pools, shared by every storage of an engine. Disk I/O and hashing
 * never run on a network event loop; futures returned by storages complete on these threads, so
 * callers on an event loop should hop back to it before touching channel state.
 */
public final class StorageExecutors implements AutoCloseable {

    private final ExecutorService disk;
    private final ExecutorService hash;
    private final PieceBufferPool pieceBuffers;

    public StorageExecutors(StorageSettings settings) {
        this.pieceBuffers = new PieceBufferPool(settings.pieceBufferMemory());
        this.disk = pool(settings.diskThreads(), "peerwave-disk");
        this.hash = pool(settings.hashThreads(), "peerwave-piece-hash");
    }

    private static ExecutorService pool(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public ExecutorService disk() {
        return disk;
    }

    public ExecutorService hash() {
        return hash;
    }

    /** Memory for assembling downloaded pieces ({@link StorageSettings#pieceBufferMemory()}). */
    public PieceBufferPool pieceBuffers() {
        return pieceBuffers;
    }

    @Override
    public void close() {
        disk.shutdown();
        hash.shutdown();
        try {
            if (!disk.awaitTermination(10, TimeUnit.SECONDS)) {
                disk.shutdownNow();
            }
            if (!hash.awaitTermination(10, TimeUnit.SECONDS)) {
                hash.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disk.shutdownNow();
            hash.shutdownNow();
        }
    }
}
