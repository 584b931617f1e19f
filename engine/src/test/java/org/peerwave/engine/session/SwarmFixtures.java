package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/** Data, torrents and checks shared by the session's swarm tests. */
final class SwarmFixtures {

    private SwarmFixtures() {
    }

    /** TestTrees.oddTree plus a 16 MiB file: about 25 MiB in 43 files. */
    static Path multiFileTree(Path dir) throws IOException {
        Path root = TestTrees.oddTree(dir);
        TestTrees.file(root.resolve("video/bigger.bin"), 16L * 1024 * 1024 + 777, 9);
        return root;
    }

    /**
     * The tree of the interoperability tests with each real client: TestTrees.oddTree plus a
     * 16 MiB and a 40 MiB file of odd sizes, about 65 MiB in 44 files.
     */
    static Path interopTree(Path dir) throws IOException {
        Path root = multiFileTree(dir);
        TestTrees.file(root.resolve("video/biggest.bin"), 40L * 1024 * 1024 + 12_345, 11);
        return root;
    }

    static TorrentCreator.CreatedTorrent torrent(Path source, TorrentCreator.Mode mode) throws IOException {
        return TorrentCreator.builder(source).mode(mode).pieceLength(256 * 1024).creationDate(null).create();
    }

    static Path write(Path dir, String name, TorrentCreator.CreatedTorrent t) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), t.bytes());
    }

    static EngineSettings settings(String ip) throws IOException {
        return EngineSettings.builder().listenAddress(InetAddress.getByName(ip)).listenPort(0).ioThreads(2).build();
    }

    /** Every regular file under {@code expected} is in {@code actual} with the same bytes. */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        assertThat(compare(expected, actual)).isGreaterThan(16L * 1024 * 1024);
    }

    /** As {@link #assertSameFiles} for trees of any size. */
    static void assertSameFilesSmall(Path expected, Path actual) throws IOException {
        assertThat(compare(expected, actual)).isPositive();
    }

    private static long compare(Path expected, Path actual) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(expected)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        long bytes = 0;
        for (Path f : files) {
            Path other = actual.resolve(expected.relativize(f).toString());
            if (Files.size(f) == 0 && !Files.exists(other)) {
                continue; // empty files carry no pieces; checked separately where it matters
            }
            assertThat(other).as("downloaded file %s", other).exists();
            assertThat(Files.mismatch(f, other)).as("first differing byte of %s", other).isEqualTo(-1L);
            bytes += Files.size(f);
        }
        return bytes;
    }

    static TorrentStats stats(TorrentHandle h) throws Exception {
        return h.stats().get(5, TimeUnit.SECONDS);
    }

    static void awaitState(TorrentHandle h, Class<? extends TorrentState> state, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!state.isInstance(stats(h).state())) {
            if (System.nanoTime() > end) {
                throw new AssertionError("state is " + stats(h).state() + ", not " + state.getSimpleName());
            }
            Thread.sleep(50);
        }
    }

    static TorrentMetainfo parse(TorrentCreator.CreatedTorrent t) {
        return TorrentMetainfo.parse(t.bytes());
    }
}
