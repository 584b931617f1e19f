package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFilesSmall;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** Peer connections over IPv6 (::1) with libtorrent, both ways: our dialer and our listener. */
@Timeout(180)
class Ipv6InteropTest {

    @TempDir
    static Path work;
    static Path source;
    static TorrentMetainfo torrent;
    static Path torrentFile;

    @BeforeAll
    static void data() throws Exception {
        // the machines this runs on have IPv6 on loopback; fail loudly rather than skip when not
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        }
        source = TestTrees.oddTree(Files.createDirectories(work.resolve("seed")));
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.HYBRID);
        torrent = SwarmFixtures.parse(created);
        torrentFile = SwarmFixtures.write(work.resolve("torrents"), "v6.torrent", created);
    }

    private static EngineSettings v6Settings() throws Exception {
        return EngineSettings.builder().listenAddress(InetAddress.getByName("::1")).listenPort(0).ioThreads(2).build();
    }

    @Test
    void peerwaveDialsALibtorrentSeederOverIpv6() throws Exception {
        Path out = Files.createDirectories(work.resolve("pw-out"));
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "::1", work.resolve("lt-seed"));
             Engine engine = Engine.create(v6Settings())) {
            assertThat(seed.peerAddress().getAddress()).isInstanceOf(Inet6Address.class);
            assertThat(engine.listenAddress().getAddress()).isInstanceOf(Inet6Address.class);
            TorrentHandle h = engine.add(torrent, out, AddOptions.DEFAULT);
            h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
            try {
                h.completion().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\nlibtorrent:\n" + seed.diagnostics(), e);
            }
            assertThat(SwarmFixtures.stats(h).downloaded()).isGreaterThanOrEqualTo(torrent.totalLength());
        }
        assertSameFilesSmall(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void libtorrentDialsPeerwavesListenerOverIpv6() throws Exception {
        Path out = Files.createDirectories(work.resolve("lt-out"));
        try (Engine engine = Engine.create(v6Settings())) {
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            String us = "[::1]:" + engine.listenPort();
            try (LibtorrentPeer leech = LibtorrentPeer.leech(torrentFile, out, "::1", work.resolve("lt-leech"),
                    List.of(us), "--no-encryption")) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (leech.progress() < 1.0 && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                assertThat(leech.progress()).as("libtorrent: %s", leech.diagnostics()).isEqualTo(1.0);
            }
            assertThat(SwarmFixtures.stats(h).uploaded()).isGreaterThanOrEqualTo(torrent.totalLength());
        }
        assertSameFilesSmall(source, out.resolve(source.getFileName().toString()));
    }
}
