package org.peerwave.engine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.TorrentState;
import org.peerwave.engine.session.TorrentStats;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;

/**
 * Keeps engine/README.md honest: its Java block is exactly {@link ReadmeExample} (between the
 * {@code tag::readme[]} markers), which compiles with the tests; and the example, run against a
 * libtorrent seeder, downloads the picked files and only those.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ReadmeExampleTest {

    static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    static final int PIECE = 64 * 1024;

    @TempDir
    Path work;

    /** The lines between the markers, the markers excluded. */
    static String between(String text, String start, String end) {
        int s = text.indexOf(start);
        int e = text.indexOf(end, s + 1);
        assertThat(s).as("marker %s", start).isNotNegative();
        assertThat(e).as("marker %s", end).isGreaterThan(s);
        String inner = text.substring(text.indexOf('\n', s) + 1, e);
        return inner.substring(0, inner.lastIndexOf('\n') + 1);
    }

    @Test
    void theReadmeShowsExactlyTheExampleThatCompiles() throws Exception {
        String readme = Files.readString(MODULE.resolve("README.md"), StandardCharsets.UTF_8);
        String block = between(readme, "<!-- readme-example:start", "<!-- readme-example:end");
        String code = between(Files.readString(MODULE.resolve(
                "src/test/java/org/peerwave/engine/examples/ReadmeExample.java"), StandardCharsets.UTF_8),
                "// tag::readme[]", "// end::readme[]");
        assertThat(block).startsWith("```java\n").endsWith("```\n");
        assertThat(block.substring("```java\n".length(), block.length() - "```\n".length())).isEqualTo(code);
    }

    @Test
    void theExampleDownloadsThePickedFilesOfAMagnetFromLibtorrent() throws Exception {
        Path album = Files.createDirectories(work.resolve("seed").resolve("Readme Album"));
        TestTrees.file(album.resolve("01 intro.flac"), 1_500_000, 51);
        TestTrees.file(album.resolve("notes.txt"), 40_000, 52);
        TestTrees.file(album.resolve("02 song.flac"), 2_000_000, 53);
        TestTrees.file(album.resolve("scans/cover.txt"), 7_000, 54);
        TestTrees.file(album.resolve("scans/booklet.flac"), 900_000, 55);
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(album).mode(TorrentCreator.Mode.V1)
                .pieceLength(PIECE).create();
        TorrentMetainfo meta = created.metainfo();
        Path torrentFile = Files.write(work.resolve("readme.torrent"), created.bytes());
        Path out = Files.createDirectories(work.resolve("out"));
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, album.getParent(), "127.0.0.90",
                work.resolve("lt-seed"))) {
            MagnetLink plain = MagnetLink.forTorrent(meta);
            String magnet = new MagnetLink(plain.infoHashes(), plain.displayName(), List.of(), List.of(), List.of(),
                    List.of(), List.of("127.0.0.90:" + seed.peerAddress().getPort()), List.of()).toUri();
            EngineSettings settings = EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.91"))
                    .build();
            TorrentStats stats;
            try {
                stats = ReadmeExample.download(settings, magnet, out, ".txt");
            } catch (Exception e) {
                throw new AssertionError("libtorrent:\n" + seed.diagnostics(), e);
            }
            assertThat(stats.state()).isEqualTo(new TorrentState.Seeding());
            assertThat(stats.wantedProgress()).isEqualTo(1.0);
            // the two text files and the pieces they share with their neighbours, nothing more
            long selected = 40_000 + 7_000;
            assertThat(stats.downloaded()).isBetween(selected, selected + 4L * PIECE);
        }
        for (String txt : List.of("notes.txt", "scans/cover.txt")) {
            assertThat(Files.mismatch(album.resolve(txt), out.resolve("Readme Album").resolve(txt))).as(txt)
                    .isEqualTo(-1L);
        }
        for (String flac : List.of("01 intro.flac", "02 song.flac", "scans/booklet.flac")) {
            assertThat(out.resolve("Readme Album").resolve(flac)).as(flac).doesNotExist();
        }
    }
}
