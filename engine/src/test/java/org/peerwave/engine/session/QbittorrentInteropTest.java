package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
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

    @Test
    void qbittorrentDownloadsFromPeerwave() throws Exception {
        Path source = SwarmFixtures.multiFileTree(Files.createDirectories(work.resolve("seed")));
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work, "qb.torrent", created);
        Path out = Files.createDirectories(work.resolve("qb-out"));
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.31"));
             QbittorrentPeer qb = QbittorrentPeer.start("127.0.0.32", work.resolve("qb"))) {
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            qb.add(torrentFile, out, false, torrent.infoHashes().v1().hex());
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (qb.info() == null && System.nanoTime() < end) {
                Thread.sleep(200);
            }
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
}
