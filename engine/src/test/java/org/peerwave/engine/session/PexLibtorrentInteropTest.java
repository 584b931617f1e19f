package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer exchange (BEP 11) with libtorrent 2.0 on loopback addresses 127.0.0.221..229, with no
 * tracker and no DHT: the only way to learn the third peer is a ut_pex message.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PexLibtorrentInteropTest {

    private static final Logger LOG = LoggerFactory.getLogger(PexLibtorrentInteropTest.class);

    @TempDir
    static Path work;
    static Path source;
    static TorrentMetainfo torrent;
    static Path torrentFile;

    @BeforeAll
    static void data() throws Exception {
        source = TestTrees.oddTree(Files.createDirectories(work.resolve("seed")));
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        torrent = SwarmFixtures.parse(created);
        torrentFile = SwarmFixtures.write(work.resolve("torrents"), "pex.torrent", created);
    }

    private static EngineSettings.Builder settings(String ip) throws Exception {
        return EngineSettings.builder().listenAddress(InetAddress.getByName(ip)).listenPort(0).ioThreads(2)
                .trackersEnabled(false).discovery(DiscoverySettings.builder().pexInterval(Duration.ofSeconds(2))
                        .build());
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static List<PeerInfo> peers(TorrentHandle h) {
        try {
            return h.peers().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void peerwaveLearnsAThirdPeerFromLibtorrentThroughPexAndConnectsToIt() throws Exception {
        Path ltOut = Files.createDirectories(work.resolve("lt-leech-out"));
        try (LibtorrentPeer third = LibtorrentPeer.leech(torrentFile, ltOut, "127.0.0.221", work.resolve("lt-a2"),
                List.of(), "--no-encryption", "--download-limit", "20000");
             LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.222",
                     work.resolve("lt-a1"), "--no-encryption", "--upload-limit", "100000", "--report-peers",
                     "--connect", third.peerAddress().getHostString() + ":" + third.peerAddress().getPort())) {
            InetSocketAddress thirdAddress = third.peerAddress();
            await(() -> seed.connectedPeers().stream().anyMatch(p -> p.address().equals(thirdAddress)),
                    Duration.ofSeconds(30), "the libtorrent seed to connect to the third peer");
            try (Engine engine = Engine.create(settings("127.0.0.223").build())) {
                TorrentHandle h = engine.add(torrent, Files.createDirectories(work.resolve("pw-a")),
                        AddOptions.DEFAULT);
                h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
                long t0 = System.nanoTime();
                try {
                    await(() -> peers(h).stream().anyMatch(p -> p.outbound() && p.address().equals(thirdAddress)),
                            Duration.ofSeconds(60), "Peerwave to dial the peer it learned through PEX");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; peers " + peers(h) + "\nseed:\n"
                            + seed.diagnostics(), e);
                }
                LOG.info("Peerwave connected to a peer learned through libtorrent's PEX after {} ms",
                        (System.nanoTime() - t0) / 1_000_000);
                // never told of by anyone else: no tracker, no DHT, and only the seed was given
                assertThat(engine.settings().trackersEnabled()).isFalse();
                assertThat(engine.settings().dhtEnabled()).isFalse();
            }
        }
    }

    @Test
    void libtorrentLearnsAPeerFromPeerwaveThroughPex() throws Exception {
        try (Engine seeder = Engine.create(settings("127.0.0.224").build());
             Engine third = Engine.create(settings("127.0.0.225").pexEnabled(false)
                     .rateLimits(RateLimitSettings.builder().download(30_000).build()).build())) {
            TorrentHandle seeding = seeder.add(torrent, source.getParent(), AddOptions.DEFAULT);
            seeding.completion().get(60, TimeUnit.SECONDS);
            InetSocketAddress seederAddress = new InetSocketAddress("127.0.0.224", seeder.listenPort());
            TorrentHandle thirdHandle = third.add(torrent, Files.createDirectories(work.resolve("pw-b3")),
                    AddOptions.DEFAULT);
            thirdHandle.connectPeer(seederAddress).get(5, TimeUnit.SECONDS);
            await(() -> peers(seeding).stream().anyMatch(p -> p.address().getHostString().equals("127.0.0.225")),
                    Duration.ofSeconds(30), "the third peer to connect to the Peerwave seeder");
            InetSocketAddress thirdAddress = new InetSocketAddress("127.0.0.225", third.listenPort());
            Path ltOut = Files.createDirectories(work.resolve("lt-b-out"));
            try (LibtorrentPeer lt = LibtorrentPeer.leech(torrentFile, ltOut, "127.0.0.226", work.resolve("lt-b"),
                    List.of(seederAddress.getHostString() + ":" + seederAddress.getPort()), "--no-encryption",
                    "--report-peers", "--download-limit", "30000")) {
                long t0 = System.nanoTime();
                try {
                    await(() -> lt.connectedPeers().stream()
                                    .anyMatch(p -> p.address().equals(thirdAddress) && p.fromPex()),
                            Duration.ofSeconds(60), "libtorrent to connect to the peer it learned through our PEX");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; libtorrent peers " + lt.connectedPeers()
                            + "\n" + lt.diagnostics(), e);
                }
                LOG.info("libtorrent connected to a peer learned through Peerwave's PEX after {} ms",
                        (System.nanoTime() - t0) / 1_000_000);
                // the third Peerwave (PEX off) did not dial libtorrent: libtorrent dialled it
                await(() -> peers(thirdHandle).stream().anyMatch(p -> !p.outbound()
                        && p.address().getHostString().equals("127.0.0.226")), Duration.ofSeconds(10),
                        "the third peer to see libtorrent's incoming connection");
            }
        }
    }
}
