package org.peerwave.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * Common logic of the storages: request checks, the hop to the disk executor for I/O and to the
 * hashing pool for hashing, and the recheck with a bounded number of pieces in flight. Subclasses
 * provide synchronous byte-range I/O in the torrent's byte space.
 */
abstract class AbstractPieceStorage implements PieceStorage {

    protected final TorrentMetainfo metainfo;
    protected final StorageLayout layout;
    protected final PieceVerifier verifier;
    private final Executor disk;
    private final Executor hash;
    private final int checkParallelism;
    protected volatile boolean closed;

    AbstractPieceStorage(TorrentMetainfo metainfo, Executor disk, Executor hash, int checkParallelism) {
        this.metainfo = metainfo;
        this.layout = new StorageLayout(metainfo);
        this.verifier = new PieceVerifier(metainfo, layout);
        this.disk = disk;
        this.hash = hash;
        this.checkParallelism = checkParallelism;
    }

    /** Writes the bytes of {@code src} at torrent position {@code pos}. */
    protected abstract void writeRange(long pos, ByteBuffer src) throws IOException;

    /** Fills {@code dst[0, length)} from torrent position {@code pos}; absent bytes read as zeros. */
    protected abstract void readRange(long pos, byte[] dst, int length) throws IOException;

    /** As {@link #readRange(long, byte[], int)} into {@code dst.remaining()} bytes of any buffer (advanced). */
    protected void readRange(long pos, ByteBuffer dst) throws IOException {
        byte[] bytes = new byte[dst.remaining()];
        readRange(pos, bytes, bytes.length);
        dst.put(bytes);
    }

    /** True when every stored byte of the range is there (files exist and are long enough). */
    protected abstract boolean rangePresent(long pos, int length) throws IOException;

    @Override
    public StorageLayout layout() {
        return layout;
    }

    @Override
    public CompletableFuture<Void> writeBlock(int piece, int offset, ByteBuffer data) {
        int length = data.remaining();
        try {
            layout.checkBlock(piece, offset, length);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new StorageException("bad write: " + e.getMessage(), e));
        }
        long pos = layout.pieceOffset(piece) + offset;
        return onDisk(() -> {
            writeRange(pos, data.duplicate());
            return null;
        });
    }

    @Override
    public CompletableFuture<byte[]> readBlock(int piece, int offset, int length) {
        try {
            layout.checkBlock(piece, offset, length);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new StorageException("bad read: " + e.getMessage(), e));
        }
        long pos = layout.pieceOffset(piece) + offset;
        return onDisk(() -> {
            byte[] out = new byte[length];
            readRange(pos, out, length);
            return out;
        });
    }

    @Override
    public CompletableFuture<Void> readBlock(int piece, int offset, ByteBuffer dst) {
        int length = dst.remaining();
        try {
            layout.checkBlock(piece, offset, length);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new StorageException("bad read: " + e.getMessage(), e));
        }
        long pos = layout.pieceOffset(piece) + offset;
        return onDisk(() -> {
            readRange(pos, dst);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> readBlocks(java.util.List<BlockRead> reads) {
        long[] positions = new long[reads.size()];
        try {
            for (int i = 0; i < positions.length; i++) {
                BlockRead r = reads.get(i);
                layout.checkBlock(r.piece(), r.offset(), r.dst().remaining());
                positions[i] = layout.pieceOffset(r.piece()) + r.offset();
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new StorageException("bad read: " + e.getMessage(), e));
        }
        return onDisk(() -> {
            for (int i = 0; i < positions.length; i++) {
                readRange(positions[i], reads.get(i).dst());
            }
            return null;
        });
    }

    @Override
    public void readBlocksNow(java.util.List<BlockRead> reads) {
        long[] positions = new long[reads.size()];
        try {
            for (int i = 0; i < positions.length; i++) {
                BlockRead r = reads.get(i);
                layout.checkBlock(r.piece(), r.offset(), r.dst().remaining());
                positions[i] = layout.pieceOffset(r.piece()) + r.offset();
            }
        } catch (IllegalArgumentException e) {
            throw new StorageException("bad read: " + e.getMessage(), e);
        }
        if (closed) {
            throw new StorageException("storage of " + metainfo.name() + " is closed");
        }
        try {
            for (int i = 0; i < positions.length; i++) {
                readRange(positions[i], reads.get(i).dst());
            }
        } catch (IOException e) {
            throw new StorageException("I/O error in " + metainfo.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Boolean> verifyPiece(int piece) {
        try {
            layout.checkPiece(piece);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new StorageException("bad verify: " + e.getMessage(), e));
        }
        return readPiece(piece).thenApplyAsync(bytes -> verifier.verify(piece, bytes), hash);
    }

    @Override
    public CompletableFuture<Boolean> writeVerifiedPiece(int piece, byte[] data) {
        int size;
        try {
            layout.checkPiece(piece);
            size = layout.pieceSize(piece);
            if (data.length < size) {
                throw new IllegalArgumentException("piece " + piece + " has " + size + " bytes, got " + data.length);
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new StorageException("bad write: " + e.getMessage(), e));
        }
        long pos = layout.pieceOffset(piece);
        return CompletableFuture.supplyAsync(() -> verifier.verify(piece, data), hash).thenCompose(ok -> !ok
                ? CompletableFuture.completedFuture(false)
                : onDisk(() -> {
                    writeRange(pos, ByteBuffer.wrap(data, 0, size));
                    return true;
                }));
    }

    private CompletableFuture<byte[]> readPiece(int piece) {
        int size = layout.pieceSize(piece);
        long pos = layout.pieceOffset(piece);
        return onDisk(() -> {
            byte[] out = new byte[size];
            readRange(pos, out, size);
            return out;
        });
    }

    @Override
    public CompletableFuture<Bitfield> checkExisting(CheckProgress progress) {
        int count = layout.pieceCount();
        Bitfield result = new Bitfield(count);
        CompletableFuture<Bitfield> done = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger lanes = new AtomicInteger(Math.min(checkParallelism, Math.max(1, count)));
        int laneCount = lanes.get();
        for (int l = 0; l < laneCount; l++) {
            // each lane reads its pieces one after another into one array: a check of any size
            // allocates checkParallelism pieces, not the whole torrent
            byte[] buffer = new byte[layout.pieceLength()];
            checkLane(next, finished, lanes, result, progress, done, buffer);
        }
        return done;
    }

    private void checkLane(AtomicInteger next, AtomicInteger finished, AtomicInteger lanes, Bitfield result,
                           CheckProgress progress, CompletableFuture<Bitfield> done, byte[] buffer) {
        int count = layout.pieceCount();
        int piece = next.getAndIncrement();
        if (piece >= count || done.isDone()) {
            if (lanes.decrementAndGet() == 0) {
                done.complete(result);
            }
            return;
        }
        int size = layout.pieceSize(piece);
        long pos = layout.pieceOffset(piece);
        onDisk(() -> {
            if (!rangePresent(pos, size)) {
                return null;
            }
            readRange(pos, buffer, size);
            return buffer;
        }).thenApplyAsync(bytes -> bytes != null && verifier.verify(piece, bytes), hash)
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error instanceof CompletionException c ? c.getCause() : error);
                        return;
                    }
                    if (ok) {
                        synchronized (result) {
                            result.set(piece);
                        }
                    }
                    progress.progress(finished.incrementAndGet(), count);
                    checkLane(next, finished, lanes, result, progress, done, buffer);
                });
    }

    /** An I/O task for the disk executor. */
    @FunctionalInterface
    protected interface IoTask<T> {
        T run() throws IOException;
    }

    protected <T> CompletableFuture<T> onDisk(IoTask<T> task) {
        if (closed) {
            return CompletableFuture.failedFuture(new StorageException("storage of " + metainfo.name() + " is closed"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return task.run();
                } catch (IOException e) {
                    throw new StorageException("I/O error in " + metainfo.name() + ": " + e.getMessage(), e);
                }
            }, disk);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new StorageException("storage executor is shut down", e));
        }
    }
}
