package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.dht.DhtState;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentDht;
import org.peerwave.engine.testing.peers.Net;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peerwave in a small DHT of libtorrent 2.0 sessions (tools/lt_dht.py) on loopback addresses
 * 127.0.0.211..188, with no tracker anywhere: each side finds the other's peer only through the DHT,
 * from a magnet link without trackers, and downloads from it; every byte compared.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DhtLibtorrentInteropTest {

    private static final Logger LOG = LoggerFactory.getLogger(DhtLibtorrentInteropTest.class);

    @TempDir
    static Path work;
    static Path source;

    @BeforeAll
    static void data() throws Exception {
        source = TestTrees.oddTree(Files.createDirectories(work.resolve("seed")));
    }

    private static EngineSettings dhtSettings(String ip, int port, List<InetSocketAddress> bootstrap) throws Exception {
        return EngineSettings.builder().listenAddress(InetAddress.getByName(ip)).listenPort(port).ioThreads(2)
                .trackersEnabled(false).dhtEnabled(true).dhtBootstrap(bootstrap).build();
    }

    private static MagnetLink trackerless(TorrentMetainfo t) {
        return MagnetLink.of(t.infoHashes(), t.name(), List.of(), List.of());
    }

    @Test
    void peerwaveFindsALibtorrentSeederThroughTheDhtAndDownloadsFromATrackerlessMagnet() throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        assertThat(torrent.trackers()).isEmpty();
        Path torrentFile = SwarmFixtures.write(work.resolve("torrents"), "dht-lt-seed.torrent", created);
        Path out = Files.createDirectories(work.resolve("pw-out"));
        try (LibtorrentDht lt = LibtorrentDht.start(List.of("127.0.0.211", "127.0.0.212", "127.0.0.213"), List.of(),
                work.resolve("lt-dht-1"), "--seed", torrentFile.toString(), "--seed-save",
                source.getParent().toString());
             Engine engine = Engine.create(dhtSettings("127.0.0.214", 0, lt.nodes()))) {
            InetSocketAddress seeder = lt.nodes().getFirst();
            // 1. the DHT lookup alone finds the libtorrent seeder (it announced only to the DHT)
            long t0 = System.nanoTime();
            List<InetSocketAddress> found = List.of();
            while (!found.contains(seeder) && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
                found = engine.dht().getPeers(torrent.infoHashes().wireBytes()).get(30, TimeUnit.SECONDS);
                if (!found.contains(seeder)) {
                    Thread.sleep(500);
                }
            }
            assertThat(found).as("peers found; libtorrent:\n%s", lt.diagnostics()).contains(seeder);
            LOG.info("DHT get_peers found the libtorrent seeder after {} ms", (System.nanoTime() - t0) / 1_000_000);

            // 2. a magnet with no tracker resolves and downloads
            long t1 = System.nanoTime();
            TorrentHandle h = engine.add(trackerless(torrent), out, AddOptions.DEFAULT);
            TorrentMetainfo meta = h.metadata().get(60, TimeUnit.SECONDS);
            long resolvedMs = (System.nanoTime() - t1) / 1_000_000;
            assertThat(meta.infoHashes()).isEqualTo(torrent.infoHashes());
            try {
                h.completion().get(100, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\nlibtorrent:\n" + lt.diagnostics(), e);
            }
            LOG.info("tracker-less magnet resolved through the DHT in {} ms, downloaded in {} ms", resolvedMs,
                    (System.nanoTime() - t1) / 1_000_000);
            EngineStats stats = engine.stats();
            assertThat(stats.dht().state()).isEqualTo(DhtState.READY);
            assertThat(stats.dht().nodes()).isGreaterThanOrEqualTo(3);
        }
        SwarmFixtures.assertSameFilesSmall(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void libtorrentFindsPeerwaveThroughTheDhtAndDownloadsFromIt() throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path ltOut = Files.createDirectories(work.resolve("lt-out"));
        String ip = "127.0.0.215";
        int port = Net.freeUdpPort(ip);
        InetSocketAddress peerwaveDht = new InetSocketAddress(ip, port);
        try (LibtorrentDht lt = LibtorrentDht.start(List.of("127.0.0.216", "127.0.0.217", "127.0.0.218"),
                List.of(peerwaveDht), work.resolve("lt-dht-2"), "--magnet", trackerless(torrent).toUri(),
                "--save", ltOut.toString());
             Engine engine = Engine.create(dhtSettings(ip, port, lt.nodes()).toBuilder().dhtPort(port).build())) {
            assertThat(engine.dhtPort()).isEqualTo(port);
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(60, TimeUnit.SECONDS); // checked: seeding, announced to the DHT
            long t0 = System.nanoTime();
            while (!lt.finished() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(120)) {
                Thread.sleep(200);
            }
            assertThat(lt.finished()).as("libtorrent finished; stats %s; peers %s\n%s", engine.stats(),
                    lt.leechPeers(), lt.diagnostics()).isTrue();
            LOG.info("libtorrent found Peerwave through the DHT and downloaded in {} ms",
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(SwarmFixtures.stats(h).uploaded()).isPositive();
        }
        SwarmFixtures.assertSameFilesSmall(source, ltOut.resolve(source.getFileName().toString()));
    }
}
