package org.peerwave.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A large, valid multi-file .torrent for decode benchmarks, generated deterministically from a
 * seed. Piece hashes are random (there is no data behind them); for hybrid torrents each
 * file's {@code pieces root} is the real merkle root of its (random) piece layer, so a parser
 * that checks piece layers accepts it.
 *
 * <p>Files live in folders of 100 ({@code dir-000/file-00000.bin}); every tenth name has
 * non-ASCII characters. File sizes vary between 0.5× and 1.5× the mean.
 *
 * @param bytes      the bencoded torrent
 * @param pieceCount number of pieces (v1 count; for hybrid the same as the v2 count)
 */
record LargeTorrent(byte[] bytes, int pieceCount) {

    enum Layout { V1, HYBRID }

    private static final int BLOCK = 16 * 1024;
    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    static LargeTorrent build(Layout layout, int fileCount, int targetPieces, int pieceLength, long seed) {
        if (fileCount < 1 || targetPieces < fileCount || Integer.bitCount(pieceLength) != 1 || pieceLength < BLOCK) {
            throw new IllegalArgumentException("need files >= 1, pieces >= files, piece length a power of two >= 16 KiB");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<String>> paths = paths(fileCount);
        // v1 data is contiguous; hybrid aligns every file to a piece, which costs about half a
        // piece per file, so aim lower to land near the same piece count.
        long total = layout == Layout.V1
                ? (long) targetPieces * pieceLength - pieceLength / 2
                : (long) (targetPieces - fileCount / 2) * pieceLength;
        long[] lengths = lengths(random, fileCount, total);
        return layout == Layout.V1
                ? v1(random, paths, lengths, pieceLength)
                : hybrid(random, paths, lengths, pieceLength);
    }

    /** Paths sorted the way BEP 52 file trees are (component-wise, unsigned bytes). */
    private static List<List<String>> paths(int count) {
        List<List<String>> paths = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String dir = String.format("dir-%03d", i / 100);
            String name = i % 10 == 9 ? String.format("fichier-été-%05d.bin", i) : String.format("file-%05d.bin", i);
            paths.add(List.of(dir, name));
        }
        paths.sort((a, b) -> {
            for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
                int c = UNSIGNED.compare(utf8(a.get(k)), utf8(b.get(k)));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        });
        return paths;
    }

    private static long[] lengths(SplittableRandom random, int count, long total) {
        double[] weights = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            weights[i] = 0.5 + random.nextDouble();
            sum += weights[i];
        }
        long[] lengths = new long[count];
        long assigned = 0;
        for (int i = 0; i < count; i++) {
            lengths[i] = Math.max(1, (long) (weights[i] / sum * total));
            assigned += lengths[i];
        }
        lengths[count - 1] += Math.max(0, total - assigned);
        return lengths;
    }

    private static LargeTorrent v1(SplittableRandom random, List<List<String>> paths, long[] lengths, int pieceLength) {
        long total = Arrays.stream(lengths).sum();
        int pieceCount = Math.toIntExact((total + pieceLength - 1) / pieceLength);
        BencodeWriter w = new BencodeWriter(pieceCount * 20 + paths.size() * 64 + 1024);
        header(w);
        w.key("info").dict();
        w.key("files").list();
        for (int i = 0; i < paths.size(); i++) {
            w.dict().key("length").integer(lengths[i]).key("path").list();
            paths.get(i).forEach(w::string);
            w.end().end();
        }
        w.end();
        w.key("name").string("large-torrent");
        w.key("piece length").integer(pieceLength);
        w.key("pieces").string(randomBytes(random, pieceCount * 20));
        w.end(); // info
        w.end();
        return new LargeTorrent(w.toByteArray(), pieceCount);
    }

    private static LargeTorrent hybrid(SplittableRandom random, List<List<String>> paths, long[] lengths,
                                       int pieceLength) {
        int files = paths.size();
        byte[][] roots = new byte[files][];
        Map<byte[], byte[]> layers = new TreeMap<>(UNSIGNED);
        byte[] padPieceHash = padHash(pieceLength / BLOCK);
        int pieceCount = 0;
        for (int i = 0; i < files; i++) {
            int n = Math.toIntExact((lengths[i] + pieceLength - 1) / pieceLength);
            pieceCount += n;
            if (n == 1) {
                roots[i] = randomBytes(random, 32); // the root of a one-piece file is that piece's tree
            } else {
                byte[] layer = randomBytes(random, n * 32);
                roots[i] = merkleRoot(layer, n, padPieceHash);
                layers.put(roots[i], layer);
            }
        }

        BencodeWriter w = new BencodeWriter(pieceCount * (20 + 32) + files * 160 + 1024);
        header(w);
        w.key("info").dict();

        // BEP 52 file tree: folders are dictionaries, a file is {"": {length, pieces root}}.
        w.key("file tree").dict();
        String openDir = null;
        for (int i = 0; i < files; i++) {
            List<String> path = paths.get(i);
            if (!path.getFirst().equals(openDir)) {
                if (openDir != null) {
                    w.end();
                }
                openDir = path.getFirst();
                w.key(openDir).dict();
            }
            w.key(path.get(1)).dict().key("").dict()
                    .key("length").integer(lengths[i])
                    .key("pieces root").string(roots[i])
                    .end().end();
        }
        w.end(); // last folder
        w.end(); // file tree

        // BEP 47 v1 view: every file but the last is followed by a pad file up to a piece boundary.
        w.key("files").list();
        for (int i = 0; i < files; i++) {
            w.dict().key("length").integer(lengths[i]).key("path").list();
            paths.get(i).forEach(w::string);
            w.end().end();
            long tail = lengths[i] % pieceLength;
            if (i < files - 1 && tail != 0) {
                long pad = pieceLength - tail;
                w.dict().key("attr").string("p").key("length").integer(pad)
                        .key("path").list().string(".pad").string(Long.toString(pad)).end().end();
            }
        }
        w.end();
        w.key("meta version").integer(2);
        w.key("name").string("large-torrent");
        w.key("piece length").integer(pieceLength);
        w.key("pieces").string(randomBytes(random, pieceCount * 20));
        w.end(); // info

        w.key("piece layers").dict();
        layers.forEach((root, layer) -> w.string(root).string(layer));
        w.end();
        w.end();
        return new LargeTorrent(w.toByteArray(), pieceCount);
    }

    /** Top-level keys that sort before "info". */
    private static void header(BencodeWriter w) {
        w.dict();
        w.key("announce").string("http://tracker.example.org:6969/announce");
        w.key("created by").string("peerwave-bench");
        w.key("creation date").integer(1_700_000_000L);
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Root of a subtree of {@code leaves} zero leaves. */
    private static byte[] padHash(int leaves) {
        MessageDigest md = sha256();
        byte[] h = new byte[32];
        for (int n = leaves; n > 1; n >>= 1) {
            md.update(h);
            md.update(h);
            h = md.digest();
        }
        return h;
    }

    /** Merkle root over {@code n} 32-byte hashes, padded to a power of two with {@code pad}. */
    private static byte[] merkleRoot(byte[] layer, int n, byte[] pad) {
        MessageDigest md = sha256();
        int width = Integer.highestOneBit(n - 1) << 1;
        byte[][] level = new byte[width][];
        for (int i = 0; i < width; i++) {
            level[i] = i < n ? Arrays.copyOfRange(layer, i * 32, i * 32 + 32) : pad;
        }
        for (; width > 1; width >>= 1) {
            for (int i = 0; i < width / 2; i++) {
                md.update(level[2 * i]);
                md.update(level[2 * i + 1]);
                level[i] = md.digest();
            }
        }
        return level[0];
    }
}
