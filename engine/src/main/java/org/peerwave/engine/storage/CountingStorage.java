package org.peerwave.engine.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A decorator that counts what goes through a storage (blocks and bytes read and written, pieces
 * verified and the bytes they hashed, rechecks) and can delay every operation, to imitate a slow
 * disk. The delay never blocks a thread: the delegate's call is scheduled later.
 */
public final class CountingStorage implements PieceStorage {

    private final PieceStorage delegate;
    private final Duration delay;
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong blocksRead = new AtomicLong();
    private final AtomicLong blocksWritten = new AtomicLong();
    private final AtomicLong piecesVerified = new AtomicLong();
    private final AtomicLong bytesVerified = new AtomicLong();
    private final AtomicLong rechecks = new AtomicLong();

    public CountingStorage(PieceStorage delegate) {
        this(delegate, Duration.ZERO);
    }

    /** Counts, and delays each operation by {@code delay}. */
    public CountingStorage(PieceStorage delegate, Duration delay) {
        this.delegate = delegate;
        this.delay = delay;
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    public long blocksRead() {
        return blocksRead.get();
    }

    public long blocksWritten() {
        return blocksWritten.get();
    }

    /** Pieces hashed through {@link #verifyPiece(int)}. */
    public long piecesVerified() {
        return piecesVerified.get();
    }

    /** Bytes hashed: piece sizes of every verify, plus the whole torrent for every recheck. */
    public long bytesVerified() {
        return bytesVerified.get();
    }

    /** Calls of {@link #checkExisting(CheckProgress)}. */
    public long rechecks() {
        return rechecks.get();
    }

    private <T> CompletableFuture<T> later(java.util.function.Supplier<CompletableFuture<T>> op) {
        if (delay.isZero()) {
            return op.get();
        }
        return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS))
                .thenCompose(x -> op.get());
    }

    @Override
    public StorageLayout layout() {
        return delegate.layout();
    }

    @Override
    public CompletableFuture<Void> writeBlock(int piece, int offset, ByteBuffer data) {
        int n = data.remaining();
        return later(() -> delegate.writeBlock(piece, offset, data)).thenRun(() -> {
            bytesWritten.addAndGet(n);
            blocksWritten.incrementAndGet();
        });
    }

    @Override
    public CompletableFuture<byte[]> readBlock(int piece, int offset, int length) {
        return later(() -> delegate.readBlock(piece, offset, length)).thenApply(b -> {
            bytesRead.addAndGet(b.length);
            blocksRead.incrementAndGet();
            return b;
        });
    }

    @Override
    public CompletableFuture<Void> readBlock(int piece, int offset, ByteBuffer dst) {
        int length = dst.remaining();
        return later(() -> delegate.readBlock(piece, offset, dst)).thenRun(() -> {
            bytesRead.addAndGet(length);
            blocksRead.incrementAndGet();
        });
    }

    @Override
    public CompletableFuture<Boolean> verifyPiece(int piece) {
        piecesVerified.incrementAndGet();
        try {
            bytesVerified.addAndGet(delegate.layout().pieceSize(piece));
        } catch (IllegalArgumentException e) {
            // the delegate reports the bad index
        }
        return later(() -> delegate.verifyPiece(piece));
    }

    @Override
    public CompletableFuture<Boolean> writeVerifiedPiece(int piece, byte[] data) {
        piecesVerified.incrementAndGet();
        try {
            int size = delegate.layout().pieceSize(piece);
            bytesVerified.addAndGet(size);
            bytesWritten.addAndGet(size);
        } catch (IllegalArgumentException e) {
            // the delegate reports the bad index
        }
        return later(() -> delegate.writeVerifiedPiece(piece, data));
    }

    @Override
    public CompletableFuture<Void> flush() {
        return later(delegate::flush);
    }

    @Override
    public CompletableFuture<Bitfield> checkExisting(CheckProgress progress) {
        rechecks.incrementAndGet();
        StorageLayout l = delegate.layout();
        for (int i = 0; i < l.pieceCount(); i++) {
            bytesVerified.addAndGet(l.pieceSize(i));
        }
        return later(() -> delegate.checkExisting(progress));
    }

    @Override
    public CompletableFuture<Void> moveTo(Path newSaveDir) {
        return later(() -> delegate.moveTo(newSaveDir));
    }

    @Override
    public CompletableFuture<Void> deleteFiles() {
        return later(delegate::deleteFiles);
    }

    @Override
    public CompletableFuture<List<FileState>> fileStates() {
        return later(delegate::fileStates);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
