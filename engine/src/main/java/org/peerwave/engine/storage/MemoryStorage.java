package org.peerwave.engine.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * A storage in memory, for tests: pieces are byte arrays created on first write. File states are
 * the stored length of each file and a modification counter that {@link #touch(int)} bumps.
 */
public final class MemoryStorage extends AbstractPieceStorage {

    private final ConcurrentHashMap<Integer, byte[]> pieces = new ConcurrentHashMap<>();
    private final long[] mtimes;

    public MemoryStorage(TorrentMetainfo metainfo, Executor disk, Executor hash) {
        super(metainfo, disk, hash, 4);
        this.mtimes = new long[metainfo.files().size()];
    }

    /** A memory storage that runs everything on the calling thread. */
    public static MemoryStorage direct(TorrentMetainfo metainfo) {
        return new MemoryStorage(metainfo, Runnable::run, Runnable::run);
    }

    /** Pretends file {@code index} was modified. */
    public void touch(int index) {
        synchronized (mtimes) {
            mtimes[index]++;
        }
    }

    /** Forgets everything stored. */
    public void clear() {
        pieces.clear();
    }

    @Override
    protected void writeRange(long pos, ByteBuffer src) {
        int piece = (int) (pos / layout.pieceLength());
        int offset = (int) (pos - layout.pieceOffset(piece));
        byte[] p = pieces.computeIfAbsent(piece, k -> new byte[layout.pieceSize(k)]);
        synchronized (p) {
            src.get(src.position(), p, offset, src.remaining());
        }
        for (StorageLayout.Slice s : layout.slices(pos, src.remaining())) {
            if (!s.pad()) {
                touch(s.fileIndex());
            }
        }
    }

    @Override
    protected void readRange(long pos, byte[] dst, int length) {
        int piece = (int) (pos / layout.pieceLength());
        int offset = (int) (pos - layout.pieceOffset(piece));
        byte[] p = pieces.get(piece);
        if (p == null) {
            java.util.Arrays.fill(dst, 0, length, (byte) 0);
            return;
        }
        synchronized (p) {
            System.arraycopy(p, offset, dst, 0, length);
        }
    }

    @Override
    protected boolean rangePresent(long pos, int length) {
        return pieces.containsKey((int) (pos / layout.pieceLength()));
    }

    @Override
    public CompletableFuture<Void> flush() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> moveTo(Path newSaveDir) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> deleteFiles() {
        pieces.clear();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<FileState>> fileStates() {
        List<FileState> out = new ArrayList<>();
        synchronized (mtimes) {
            for (int i = 0; i < mtimes.length; i++) {
                FileEntry f = layout.files().get(i);
                out.add(f.pad() ? new FileState(0, 0) : new FileState(f.length(), mtimes[i]));
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public void close() {
        closed = true;
    }
}
