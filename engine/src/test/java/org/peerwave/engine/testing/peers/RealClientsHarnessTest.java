package org.peerwave.engine.testing.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/**
 * The real clients the engine is tested against, run by the harness in this package, exchanging a
 * torrent among themselves: a libtorrent seeder and aria2, qBittorrent and Transmission leechers,
 * every byte compared. This proves the harness (and documents Transmission's loopback rule)
 * before Peerwave takes one side.
 */
@Timeout(180)
class RealClientsHarnessTest {

    @TempDir
    static Path work;
    static Path source;
    static Path torrentFile;
    static TorrentMetainfo torrent;
    static OpenTracker tracker;

    @BeforeAll
    static void torrent() throws Exception {
        Path data = Files.createDirectories(work.resolve("seed"));
        source = TestTrees.oddTree(data);
        // a tracker, whitelisting the torrent's hash (known only once created: create twice)
        TorrentMetainfo probe = TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1).pieceLength(64 * 1024)
                .creationDate(null).create().metainfo();
        tracker = OpenTracker.start(work.resolve("tracker"), List.of(probe.infoHashes().v1().hex()));
        TorrentCreator.CreatedTorrent t = TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1)
                .pieceLength(64 * 1024).creationDate(null).addTrackerTier(List.of(tracker.httpAnnounceUrl())).create();
        torrent = t.metainfo();
        assertThat(torrent.infoHashes()).isEqualTo(probe.infoHashes());
        torrentFile = work.resolve("odd.torrent");
        Files.write(torrentFile, t.bytes());
    }

    @org.junit.jupiter.api.AfterAll
    static void stopTracker() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void aria2DownloadsFromLibtorrentThroughTheTracker() throws Exception {
        Path out = Files.createDirectories(work.resolve("aria2-out"));
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.2", work.resolve("lt1"));
             Aria2Peer leech = Aria2Peer.leech(torrentFile, out, "127.0.0.3", work.resolve("aria2"))) {
            leech.awaitComplete(Duration.ofSeconds(90));
            assertSameFiles(source, out.resolve(source.getFileName()));
            assertThat(seed.uploaded()).isPositive();
        }
    }

    @Test
    void qbittorrentDownloadsFromLibtorrent() throws Exception {
        Path out = Files.createDirectories(work.resolve("qb-out"));
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.4", work.resolve("lt2"));
             QbittorrentPeer qb = QbittorrentPeer.start("127.0.0.5", work.resolve("qb"))) {
            qb.add(torrentFile, out, false, torrent.infoHashes().v1().hex());
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (qb.info() == null && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            qb.addPeer(seed.peerAddress().getHostString() + ":" + seed.peerAddress().getPort());
            qb.awaitComplete(Duration.ofSeconds(90));
            assertSameFiles(source, out.resolve(source.getFileName()));
        }
    }

    @Test
    void transmissionDownloadsWhenTheSeederConnectsToIt() throws Exception {
        Path out = Files.createDirectories(work.resolve("tr-out"));
        try (TransmissionPeer tr = TransmissionPeer.start("127.0.0.7", work.resolve("tr"), out)) {
            tr.add(torrentFile, out);
            String trAddress = tr.peerAddress().getHostString() + ":" + tr.peerAddress().getPort();
            try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.6",
                    work.resolve("lt3"), "--connect", trAddress)) {
                tr.awaitComplete(Duration.ofSeconds(90));
                assertSameFiles(source, out.resolve(source.getFileName()));
            }
        }
    }

    @Test
    void transmissionNeverDialsALoopbackPeer() throws Exception {
        // The seeder is on the tracker, but does not dial; Transmission learns its address and, as its
        // isMartianAddr rule says, never connects to 127.x: nothing moves.
        Path out = Files.createDirectories(work.resolve("tr2-out"));
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.8", work.resolve("lt4"));
             TransmissionPeer tr = TransmissionPeer.start("127.0.0.9", work.resolve("tr2"), out)) {
            tr.add(torrentFile, out);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!tr.trackerInfo().matches("(?s).*Got a list of [1-9].*") && System.nanoTime() < end) {
                Thread.sleep(250);
            }
            assertThat(tr.trackerInfo()).as("the tracker gave it the seeder").containsPattern("Got a list of [1-9]");
            Thread.sleep(10_000);
            assertThat(tr.progress()).isZero();
            assertThat(seed.uploaded()).isZero();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertSameFiles(Path expectedRoot, Path actualRoot) throws IOException {
        try (Stream<Path> files = Files.walk(expectedRoot)) {
            // Transmission 3.00 does not create empty files; only files with data are compared
            for (Path f : files.filter(p -> Files.isRegularFile(p) && sizeOf(p) > 0).toList()) {
                Path other = actualRoot.resolve(expectedRoot.relativize(f).toString());
                assertThat(other).as("downloaded %s", other).exists();
                assertThat(Files.mismatch(f, other)).as("first differing byte of %s", other).isEqualTo(-1L);
            }
        }
    }
}
