package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFiles;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/**
 * A seeder whose data changed after its check serves blocks that fail the hash: after two failed
 * pieces its address is banned (event, connection closed, never dialled again) and the download
 * completes from an honest seeder.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerBanTest {

    @TempDir
    Path work;

    @Test
    void aPeerThatSendsBadPiecesTwiceIsBanned() throws Exception {
        Path source = SwarmFixtures.multiFileTree(Files.createDirectories(work.resolve("good")));
        TorrentMetainfo torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, TorrentCreator.Mode.V1));
        Path badRoot = Files.createDirectories(work.resolve("bad"));
        copyTree(source, badRoot.resolve(source.getFileName().toString()));
        Path out = Files.createDirectories(work.resolve("out"));
        try (Engine good = Engine.create(SwarmFixtures.settings("127.0.0.51"));
             Engine bad = Engine.create(SwarmFixtures.settings("127.0.0.52"));
             Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.53"))) {
            good.add(torrent, source.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            TorrentHandle badSeed = bad.add(torrent, badRoot, AddOptions.DEFAULT);
            badSeed.completion().get(30, TimeUnit.SECONDS);
            // the data changes under the bad seeder after its check: same size, other bytes
            TestTrees.file(badRoot.resolve(source.getFileName().toString()).resolve("video/bigger.bin"),
                    16L * 1024 * 1024 + 777, 12345);

            TorrentHandle h = leecher.add(torrent, out, AddOptions.DEFAULT);
            h.connectPeer(bad.listenAddress());
            InetAddress badIp = InetAddress.getByName("127.0.0.52");
            List<EngineEvent> events = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events.stream().noneMatch(e -> e instanceof EngineEvent.PeerBanned) && System.nanoTime() < end) {
                EngineEvent e = leecher.events().poll(Duration.ofMillis(200));
                if (e != null) {
                    events.add(e);
                }
            }
            assertThat(events).contains(new EngineEvent.PeerBanned(torrent.infoHashes(), badIp,
                    "2 pieces failed their hash check"));
            awaitPeers(h, 0);

            h.connectPeer(good.listenAddress());
            h.completion().get(60, TimeUnit.SECONDS);
            assertThat(SwarmFixtures.stats(h).peers()).isEqualTo(1); // only the honest seeder
            events.addAll(leecher.events().drain());
            assertThat(events).filteredOn(e -> e instanceof EngineEvent.PeerBanned).hasSize(1);
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    private static void awaitPeers(TorrentHandle h, int n) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (SwarmFixtures.stats(h).peers() != n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("peers: " + SwarmFixtures.stats(h).peers());
            }
            Thread.sleep(50);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
