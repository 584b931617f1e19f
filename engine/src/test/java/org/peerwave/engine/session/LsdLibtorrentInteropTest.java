package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
 * Local service discovery (BEP 14) with libtorrent 2.0 (enable_lsd) over loopback multicast: the
 * group 239.192.152.143:6771 joined on the loopback interface, announces sent from our listen
 * address (127.0.0.247 and .248). No tracker, no DHT, no --connect: each side can only learn the
 * other from its multicast announce. Loopback multicast works without a network namespace on Linux
 * (the group is joined on lo and IP_MULTICAST_IF points there), so none is needed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LsdLibtorrentInteropTest {

    private static final Logger LOG = LoggerFactory.getLogger(LsdLibtorrentInteropTest.class);

    @TempDir
    static Path work;
    static Path source;

    @BeforeAll
    static void data() throws Exception {
        source = TestTrees.oddTree(Files.createDirectories(work.resolve("seed")));
    }

    /**
     * A connection of libtorrent's with Peerwave whose peer entry libtorrent got from LSD. Whoever
     * dials first, libtorrent lists the connection's address (our ephemeral port when we dialled) and
     * ORs the sources of the entry: the LSD bit can only come from our announce.
     */
    private static boolean ours(LibtorrentPeer.ConnectedPeer p, InetSocketAddress us) {
        return p.address().getAddress().equals(us.getAddress()) && p.fromLsd();
    }

    @Test
    void peerwaveAndLibtorrentFindEachOtherThroughLocalServiceDiscovery() throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work.resolve("torrents"), "lsd.torrent", created);
        EngineSettings settings = EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.247"))
                .listenPort(0).ioThreads(2).trackersEnabled(false).pexEnabled(false)
                .discovery(DiscoverySettings.builder().pexEnabled(false).lsdEnabled(true)
                        .lsdInterval(Duration.ofSeconds(1)).lsdMinGap(Duration.ofMillis(200)).build())
                .build();
        Path ltOut = Files.createDirectories(work.resolve("lt-out"));
        try (Engine engine = Engine.create(settings)) {
            assertThat(engine.lsd()).as("LSD started").isNotNull();
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(60, TimeUnit.SECONDS);
            InetSocketAddress us = new InetSocketAddress("127.0.0.247", engine.listenPort());
            try (LibtorrentPeer lt = LibtorrentPeer.leech(torrentFile, ltOut, "127.0.0.248", work.resolve("lt"),
                    List.of(), "--no-encryption", "--report-peers", "--lsd",
                    // slow enough that a status line (every 0.25 s) sees the connection before both seed
                    "--download-limit", "1000000")) {
                long t0 = System.nanoTime();
                long end = t0 + TimeUnit.SECONDS.toNanos(90);
                // libtorrent drops the connection once it is a seed too: look while it downloads
                java.util.Set<LibtorrentPeer.ConnectedPeer> seen = new java.util.LinkedHashSet<>();
                boolean found = false;
                while (System.nanoTime() < end && !(found && lt.progress() >= 1.0 && engine.lsd().peersFound() > 0)) {
                    for (LibtorrentPeer.ConnectedPeer p : lt.connectedPeers()) {
                        seen.add(p);
                        found |= ours(p, us);
                    }
                    Thread.sleep(50);
                }
                assertThat(engine.lsd().peersFound()).as("libtorrent's announce reached Peerwave; libtorrent:\n%s",
                        lt.diagnostics()).isPositive();
                assertThat(seen).as("libtorrent's peers; ours %s; LSD sent %s received %s found %s; libtorrent:\n%s",
                        h.peers().get(5, TimeUnit.SECONDS), engine.lsd().announcesSent(),
                        engine.lsd().announcesReceived(), engine.lsd().peersFound(), lt.diagnostics())
                        .anyMatch(p -> ours(p, us));
                assertThat(lt.progress()).as("libtorrent downloaded from Peerwave").isEqualTo(1.0);
                LOG.info("LSD: libtorrent found Peerwave and downloaded in {} ms ({} announces sent, {} received)",
                        (System.nanoTime() - t0) / 1_000_000, engine.lsd().announcesSent(),
                        engine.lsd().announcesReceived());
            }
        }
        SwarmFixtures.assertSameFilesSmall(source, ltOut.resolve(source.getFileName().toString()));
    }
}
