package org.peerwave.engine.metainfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hashes the pieces of a {@link TorrentCreator.Layout} on several threads: SHA-1 per piece (v1) and
 * the SHA-256 merkle root of each piece's 16 KiB blocks (v2). Each thread claims runs of
 * consecutive pieces and holds one piece-sized buffer.
 */
final class PieceHasher {

    private static final int CHUNK_BYTES = 4 * 1024 * 1024;

    private final TorrentCreator.Layout layout;
    private final int pieceLength;
    private final boolean v1;
    private final boolean v2;
    private final int threads;
    private final TorrentCreator.ProgressListener progress;
    private final long[] offsets;
    private final int pieceCount;

    PieceHasher(TorrentCreator.Layout layout, int pieceLength, boolean v1, boolean v2, int threads,
                TorrentCreator.ProgressListener progress) {
        this.layout = layout;
        this.pieceLength = pieceLength;
        this.v1 = v1;
        this.v2 = v2;
        this.threads = threads;
        this.progress = progress;
        List<TorrentCreator.LayoutFile> files = layout.files();
        this.offsets = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            offsets[i] = files.get(i).offset();
        }
        long count = (layout.totalLength() + pieceLength - 1) / pieceLength;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many pieces: " + count + "; choose a larger piece length");
        }
        this.pieceCount = (int) count;
    }

    /** Hashes of a whole torrent. */
    record Result(byte[] v1Pieces, byte[][] pieceLayers, byte[][] fileRoots) {
        byte[] fileRoot(int file) {
            return fileRoots[file];
        }

        byte[] pieceLayer(int file) {
            return pieceLayers[file];
        }
    }

    Result run() throws IOException {
        byte[] v1Pieces = v1 ? new byte[pieceCount * 20] : null;
        int n = layout.files().size();
        byte[][] layers = new byte[n][];
        if (v2) {
            for (int i = 0; i < n; i++) {
                TorrentCreator.LayoutFile f = layout.files().get(i);
                if (!f.pad() && f.size() > 0) {
                    layers[i] = new byte[(int) ((f.size() + pieceLength - 1) / pieceLength) * MerkleTree.HASH_SIZE];
                }
            }
        }
        int piecesPerChunk = Math.max(1, CHUNK_BYTES / pieceLength);
        int chunks = (pieceCount + piecesPerChunk - 1) / piecesPerChunk;
        int workers = Math.max(1, Math.min(threads, chunks));
        AtomicInteger nextChunk = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        long total = layout.totalLength();

        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "peerwave-hash");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    try (Worker worker = new Worker(v1Pieces, layers)) {
                        int c;
                        while ((c = nextChunk.getAndIncrement()) < chunks) {
                            int first = c * piecesPerChunk;
                            int last = Math.min(pieceCount, first + piecesPerChunk);
                            for (int p = first; p < last; p++) {
                                long bytes = worker.hashPiece(p);
                                progress.progress(done.addAndGet(bytes), total);
                            }
                        }
                    } catch (IOException e) {
                        nextChunk.set(chunks); // stop the others
                        throw new UncheckedIOException(e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UncheckedIOException u) {
                        throw u.getCause();
                    }
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IOException("hashing failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("hashing was interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        byte[][] roots = new byte[n][];
        if (v2) {
            byte[] pad = MerkleTree.padHash(pieceLength / MerkleTree.BLOCK_SIZE);
            for (int i = 0; i < n; i++) {
                if (layers[i] != null) {
                    int pieces = layers[i].length / MerkleTree.HASH_SIZE;
                    roots[i] = pieces == 1 ? Arrays.copyOf(layers[i], MerkleTree.HASH_SIZE)
                            : MerkleTree.root(layers[i], 0, pieces, pad);
                }
            }
        }
        return new Result(v1Pieces, layers, roots);
    }

    /** Index of the last file whose offset is at most {@code pos} and which is not empty. */
    private int fileAt(long pos) {
        int i = Arrays.binarySearch(offsets, pos);
        if (i < 0) {
            i = -i - 2;
        } else {
            // several files (empty ones) may start here: take the last of them that has data
            while (i + 1 < offsets.length && offsets[i + 1] == pos) {
                i++;
            }
        }
        while (i > 0 && layout.files().get(i).size() == 0) {
            i--;
        }
        return i;
    }

    private final class Worker implements AutoCloseable {
        private final byte[] v1Pieces;
        private final byte[][] layers;
        private final byte[] buffer = new byte[pieceLength];
        private final MessageDigest sha1 = MerkleTree.sha1();
        private final MessageDigest sha256 = MerkleTree.sha256();
        private final byte[] leaves = new byte[Math.max(1, pieceLength / MerkleTree.BLOCK_SIZE) * MerkleTree.HASH_SIZE];
        private final byte[] zeroLeaf = new byte[MerkleTree.HASH_SIZE];
        private Path openPath;
        private FileChannel openChannel;

        Worker(byte[] v1Pieces, byte[][] layers) {
            this.v1Pieces = v1Pieces;
            this.layers = layers;
        }

        long hashPiece(int piece) throws IOException {
            long start = (long) piece * pieceLength;
            int len = (int) Math.min(pieceLength, layout.totalLength() - start);
            read(start, len);
            if (v1) {
                sha1.update(buffer, 0, len);
                digest(sha1, v1Pieces, piece * 20, 20);
            }
            if (v2) {
                int fileIndex = fileAt(start);
                TorrentCreator.LayoutFile f = layout.files().get(fileIndex);
                int dataLen = (int) Math.min(len, f.end() - start);
                int blocks = (dataLen + MerkleTree.BLOCK_SIZE - 1) / MerkleTree.BLOCK_SIZE;
                for (int b = 0; b < blocks; b++) {
                    int off = b * MerkleTree.BLOCK_SIZE;
                    sha256.update(buffer, off, Math.min(MerkleTree.BLOCK_SIZE, dataLen - off));
                    digest(sha256, leaves, b * MerkleTree.HASH_SIZE, MerkleTree.HASH_SIZE);
                }
                long width = f.size() < pieceLength
                        ? MerkleTree.nextPowerOfTwo((f.size() + MerkleTree.BLOCK_SIZE - 1) / MerkleTree.BLOCK_SIZE)
                        : pieceLength / MerkleTree.BLOCK_SIZE;
                byte[] root = MerkleTree.root(leaves, 0, blocks, width, zeroLeaf);
                int pieceInFile = (int) ((start - f.offset()) / pieceLength);
                System.arraycopy(root, 0, layers[fileIndex], pieceInFile * MerkleTree.HASH_SIZE, MerkleTree.HASH_SIZE);
            }
            return len;
        }

        /** Fills buffer[0, len) with the torrent's bytes from {@code start}; pad files read as zeros. */
        private void read(long start, int len) throws IOException {
            int filled = 0;
            int i = fileAt(start);
            while (filled < len) {
                TorrentCreator.LayoutFile f = layout.files().get(i);
                long pos = start + filled;
                if (f.end() <= pos) {
                    i++;
                    continue;
                }
                int n = (int) Math.min(len - filled, f.end() - pos);
                if (f.pad()) {
                    Arrays.fill(buffer, filled, filled + n, (byte) 0);
                } else {
                    readFile(f, pos - f.offset(), filled, n);
                }
                filled += n;
                i++;
            }
        }

        private void readFile(TorrentCreator.LayoutFile f, long filePos, int at, int n) throws IOException {
            FileChannel ch = channel(f.file());
            ByteBuffer bb = ByteBuffer.wrap(buffer, at, n);
            long p = filePos;
            while (bb.hasRemaining()) {
                int r = ch.read(bb, p);
                if (r < 0) {
                    throw new IOException(f.file() + " changed while hashing: it is shorter than the "
                            + f.size() + " bytes it had");
                }
                p += r;
            }
        }

        private FileChannel channel(Path p) throws IOException {
            if (!p.equals(openPath)) {
                close();
                openChannel = FileChannel.open(p, StandardOpenOption.READ);
                openPath = p;
            }
            return openChannel;
        }

        private void digest(MessageDigest md, byte[] out, int off, int len) {
            try {
                md.digest(out, off, len);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (openChannel != null) {
                openChannel.close();
                openChannel = null;
                openPath = null;
            }
        }
    }
}
