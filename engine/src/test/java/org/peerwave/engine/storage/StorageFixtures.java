package org.peerwave.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/** Helpers for storage tests: the reference bytes of a torrent and block-by-block writes. */
final class StorageFixtures {

    static final int BLOCK = 16 * 1024;

    private StorageFixtures() {
    }

    /** Where a content file of the torrent lies in its source tree. */
    static Path sourceOf(TorrentMetainfo m, Path source, FileEntry f) {
        if (m.singleFile()) {
            return source;
        }
        Path p = source;
        for (String c : f.path()) {
            p = p.resolve(c);
        }
        return p;
    }

    /** The torrent's whole byte space (pad files and v2 alignment gaps as zeros). */
    static byte[] reference(TorrentMetainfo m, Path source) throws IOException {
        byte[] all = new byte[Math.toIntExact(m.storageLength())];
        for (FileEntry f : m.files()) {
            if (!f.pad() && f.length() > 0) {
                byte[] data = Files.readAllBytes(sourceOf(m, source, f));
                System.arraycopy(data, 0, all, (int) f.offset(), data.length);
            }
        }
        return all;
    }

    /** A block request. */
    record Block(int piece, int offset, int length) {
    }

    /** Every 16 KiB block of the torrent, shuffled. */
    static List<Block> blocks(StorageLayout layout, long seed) {
        List<Block> out = new ArrayList<>();
        for (int p = 0; p < layout.pieceCount(); p++) {
            int size = layout.pieceSize(p);
            for (int o = 0; o < size; o += BLOCK) {
                out.add(new Block(p, o, Math.min(BLOCK, size - o)));
            }
        }
        Collections.shuffle(out, new Random(seed));
        return out;
    }

    static ByteBuffer slice(byte[] reference, StorageLayout layout, Block b) {
        return ByteBuffer.wrap(reference, (int) (layout.pieceOffset(b.piece()) + b.offset()), b.length()).slice();
    }

    /** Writes every block in random order, all at once, and waits. */
    static void writeAll(PieceStorage storage, byte[] reference, long seed) {
        StorageLayout layout = storage.layout();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Block b : blocks(layout, seed)) {
            writes.add(storage.writeBlock(b.piece(), b.offset(), slice(reference, layout, b)));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    /** Pieces that verify. */
    static Bitfield verifyAll(PieceStorage storage) {
        int n = storage.layout().pieceCount();
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            results.add(storage.verifyPiece(p));
        }
        Bitfield ok = new Bitfield(n);
        for (int p = 0; p < n; p++) {
            ok.set(p, results.get(p).join());
        }
        return ok;
    }

    /** Regular files under {@code dir}, relative, with {@code /}. */
    static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
