package org.peerwave.engine.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

/** Directory trees of generated files for torrent creation tests. Deterministic for a seed. */
public final class TestTrees {

    private TestTrees() {
    }

    /** Writes {@code size} pseudo-random bytes. */
    public static Path file(Path path, long size, long seed) throws IOException {
        Files.createDirectories(path.getParent());
        Random r = new Random(seed);
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(path)) {
            long left = size;
            while (left > 0) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return path;
    }

    /** One big file of a little over 20 MiB. */
    public static Path bigFile(Path dir) throws IOException {
        return file(dir.resolve("big-video.mkv"), 20L * 1024 * 1024 + 12_345, 1);
    }

    /** Many files of odd sizes in nested folders, with an empty file, an empty folder and an executable. */
    public static Path oddTree(Path dir) throws IOException {
        Path root = dir.resolve("odd sizes");
        Random r = new Random(42);
        long[] special = {1, 16 * 1024, 16 * 1024 - 1, 16 * 1024 + 1, 65_536, 300_001, 1_048_576};
        for (int i = 0; i < 40; i++) {
            long size = i < special.length ? special[i] : r.nextInt(400_000);
            String folder = switch (i % 4) {
                case 0 -> "";
                case 1 -> "alpha/";
                case 2 -> "alpha/beta/";
                default -> "gamma/delta/epsilon/";
            };
            file(root.resolve(folder + "file-" + i + ".dat"), size, 100 + i);
        }
        Files.createFile(root.resolve("empty.txt"));
        Files.createFile(root.resolve("alpha/also-empty"));
        Files.createDirectories(root.resolve("empty folder"));
        Path exe = file(root.resolve("run.sh"), 123, 7);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    /** Non-ASCII names and names that sort differently bytewise and by whole path. */
    public static Path unicodeTree(Path dir) throws IOException {
        Path root = dir.resolve("Ünïcødé тест");
        file(root.resolve("Café/naïve.txt"), 5_000, 1);
        file(root.resolve("日本語/ファイル.bin"), 70_000, 2);
        file(root.resolve("emoji 🎬.mkv"), 33_333, 3);
        file(root.resolve("a.txt"), 17, 4);
        file(root.resolve("a/b.txt"), 20_000, 5);
        file(root.resolve("B.txt"), 1_000, 6); // upper case sorts before lower case
        file(root.resolve("a-b"), 2_000, 7);
        file(root.resolve("ab"), 40_000, 8);
        file(root.resolve(".hidden"), 10, 9);
        return root;
    }

    /** A folder that holds one file (still a multi-file torrent). */
    public static Path folderWithOneFile(Path dir) throws IOException {
        Path root = dir.resolve("just one");
        file(root.resolve("only.bin"), 100_000, 11);
        return root;
    }

    /** A single small file. */
    public static Path singleFile(Path dir) throws IOException {
        return file(dir.resolve("single.iso"), 123_456, 12);
    }
}
