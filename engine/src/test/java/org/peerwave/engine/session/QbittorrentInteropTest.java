package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.peers.QbittorrentPeer;

/** qBittorrent (libtorrent inside, its default settings) downloads from Peerwave as the only seeder. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class QbittorrentInteropTest {

    @TempDir
    Path work;

    @TempDir
    static Path shared;
    static Path source;

    @org.junit.jupiter.api.BeforeAll
    static void data() throws Exception {
        source = SwarmFixtures.interopTree(Files.createDirectories(shared.resolve("seed")));
    }

    @ParameterizedTest
    @EnumSource(value = TorrentCreator.Mode.class, names = {"V1", "HYBRID"})
    void qbittorrentDownloadsFromPeerwave(TorrentCreator.Mode mode) throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, mode);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work, "qb.torrent", created);
        Path out = Files.createDirectories(work.resolve("qb-out"));
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.31"));
             QbittorrentPeer qb = QbittorrentPeer.start("127.0.0.32", work.resolve("qb"))) {
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            qb.add(torrentFile, out, false, qbHash(torrent));
            awaitListed(qb);
            qb.addPeer("127.0.0.31:" + engine.listenPort());
            try {
                qb.awaitComplete(Duration.ofSeconds(100));
            } catch (Throwable e) {
                throw new AssertionError("peerwave " + SwarmFixtures.stats(h), e);
            }
            assertThat(SwarmFixtures.stats(h).uploaded()).isGreaterThanOrEqualTo(torrent.totalLength());
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @ParameterizedTest
    @EnumSource(value = TorrentCreator.Mode.class, names = {"V1", "HYBRID"})
    void peerwaveDownloadsFromQbittorrentAsTheOnlySeeder(TorrentCreator.Mode mode) throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, mode);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work, "qb-seed.torrent", created);
        Path out = Files.createDirectories(work.resolve("pw-out"));
        try (QbittorrentPeer qb = QbittorrentPeer.start("127.0.0.33", work.resolve("qb"));
             Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.34"))) {
            qb.add(torrentFile, source.getParent(), true, qbHash(torrent));
            awaitListed(qb);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (qb.progress() < 1.0 && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertThat(qb.progress()).as("qBittorrent has the data to seed").isEqualTo(1.0);
            TorrentHandle h = engine.add(torrent, out, AddOptions.DEFAULT);
            h.connectPeer(qb.peerAddress()).get(5, TimeUnit.SECONDS);
            try {
                h.completion().get(100, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\nqBittorrent:\n" + qb.diagnostics(), e);
            }
            assertThat(SwarmFixtures.stats(h).downloaded()).isGreaterThanOrEqualTo(torrent.totalLength());
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    /** qBittorrent's torrent id: the truncated v2 hash when there is one (libtorrent's "best" hash), else the v1 hash. */
    private static String qbHash(TorrentMetainfo torrent) {
        return torrent.infoHashes().v2Optional().map(v -> v.hex().substring(0, 40))
                .orElseGet(() -> torrent.infoHashes().v1().hex());
    }

    private static void awaitListed(QbittorrentPeer qb) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (qb.info() == null && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        assertThat(qb.info()).as("qBittorrent lists the torrent").isNotNull();
    }
}
