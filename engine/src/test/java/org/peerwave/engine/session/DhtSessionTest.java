package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.dht.DhtNode;
import org.peerwave.engine.dht.DhtSettings;
import org.peerwave.engine.dht.DhtState;
import org.peerwave.engine.dht.DhtStats;
import org.peerwave.engine.dht.NodeInfo;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/** The DHT inside the engine: settings, PORT messages, private torrents, stats; two engines on 127.0.0.221/192. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DhtSessionTest {

    @TempDir
    Path work;

    private static EngineSettings settings(String ip) throws Exception {
        return EngineSettings.builder().listenAddress(InetAddress.getByName(ip)).listenPort(0).ioThreads(2)
                .trackersEnabled(false).dhtEnabled(true).dhtBootstrap(List.of()).build();
    }

    private static List<InetSocketAddress> tableOf(Engine e) throws Exception {
        return e.dht().nodes().getFirst().nodes().get(5, TimeUnit.SECONDS).stream().map(NodeInfo::address).toList();
    }

    static void await(String what, java.util.concurrent.Callable<Boolean> ok) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ok.call()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void settingsDefaultToNoDhtAndAreValidated() throws Exception {
        EngineSettings d = EngineSettings.defaults();
        assertThat(d.dhtEnabled()).isFalse();
        assertThat(d.dhtPort()).isZero();
        assertThat(d.dhtBootstrap()).isEqualTo(DhtSettings.PUBLIC_ROUTERS);
        assertThat(d.dhtReadOnly()).isFalse();
        EngineSettings s = EngineSettings.builder().dhtReadOnly(true).dhtPort(7000)
                .dhtBootstrap(List.of(new InetSocketAddress("127.0.0.1", 1))).build();
        assertThat(s.dhtReadOnly()).isTrue();
        assertThat(s.dhtBootstrap()).hasSize(1);
        assertThatThrownBy(() -> EngineSettings.builder().dhtPort(70000).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SettingsChange.needingRestart(d, d.toBuilder().dhtEnabled(true).build())).contains("dhtEnabled");
        try (Engine off = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.221"))
                .ioThreads(1).build())) {
            assertThat(off.stats().dht()).isEqualTo(DhtStats.OFF);
            assertThat(off.dhtPort()).isZero();
        }
    }

    @Test
    void peersExchangePortMessagesAndPrivateTorrentsStayOffTheDht() throws Exception {
        Path source = TestTrees.folderWithOneFile(Files.createDirectories(work.resolve("src")));
        TorrentMetainfo open = SwarmFixtures.parse(TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1)
                .pieceLength(16 * 1024).create());
        TorrentMetainfo closed = SwarmFixtures.parse(TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1)
                .pieceLength(32 * 1024).privateFlag(true).create());
        assertThat(closed.isPrivate()).isTrue();
        try (Engine a = Engine.create(settings("127.0.0.221")); Engine b = Engine.create(settings("127.0.0.222"))) {
            assertThat(a.dhtPort()).isEqualTo(a.listenPort()); // same number as TCP when free
            // a private torrent: connected, downloaded, but neither tracked in the DHT nor PORT sent
            TorrentHandle seedPrivate = a.add(closed, source.getParent(), AddOptions.DEFAULT);
            seedPrivate.completion().get(20, TimeUnit.SECONDS);
            TorrentHandle getPrivate = b.add(closed, Files.createDirectories(work.resolve("b-private")),
                    AddOptions.DEFAULT);
            getPrivate.connectPeer(a.listenAddress()).get(5, TimeUnit.SECONDS);
            getPrivate.completion().get(30, TimeUnit.SECONDS);
            Thread.sleep(500);
            assertThat(a.stats().dht().trackedTorrents()).isZero();
            assertThat(tableOf(a)).isEmpty();
            assertThat(tableOf(b)).isEmpty();

            // a public one: tracked by both and PORT messages make each DHT ping the other's
            TorrentHandle seed = a.add(open, source.getParent(), AddOptions.DEFAULT);
            seed.completion().get(20, TimeUnit.SECONDS);
            TorrentHandle get = b.add(open, Files.createDirectories(work.resolve("b-open")), AddOptions.DEFAULT);
            get.connectPeer(a.listenAddress()).get(5, TimeUnit.SECONDS);
            get.completion().get(30, TimeUnit.SECONDS);
            InetSocketAddress aDht = new InetSocketAddress(InetAddress.getByName("127.0.0.221"), a.dhtPort());
            InetSocketAddress bDht = new InetSocketAddress(InetAddress.getByName("127.0.0.222"), b.dhtPort());
            await("PORT learnt", () -> tableOf(a).contains(bDht) && tableOf(b).contains(aDht));
            EngineStats stats = a.stats();
            assertThat(stats.dht().trackedTorrents()).isEqualTo(1);
            assertThat(stats.dht().state()).isEqualTo(DhtState.READY);
            assertThat(stats.torrents()).isEqualTo(2);
            // and through the DHT alone b now finds a as a peer of the public torrent
            await("a found", () -> b.dht().getPeers(open.infoHashes().wireBytes()).get(10, TimeUnit.SECONDS)
                    .contains(a.listenAddress()));
            assertThat(b.dht().getPeers(closed.infoHashes().wireBytes()).get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void theRoutingTableIsKeptInTheResumeDirectoryAcrossRestarts() throws Exception {
        Path resume = Files.createDirectories(work.resolve("resume"));
        try (Engine router = Engine.create(settings("127.0.0.221"))) {
            InetSocketAddress routerDht = new InetSocketAddress(InetAddress.getByName("127.0.0.221"), router.dhtPort());
            EngineSettings s = settings("127.0.0.222").toBuilder().resumeDir(resume).dhtBootstrap(List.of(routerDht))
                    .build();
            try (Engine first = Engine.create(s)) {
                await("joined", () -> first.stats().dht().nodes() > 0);
            }
            assertThat(resume.resolve("dht.dat")).exists();
            try (Engine second = Engine.create(s.toBuilder().dhtBootstrap(List.of()).build())) {
                await("rejoined without routers", () -> second.stats().dht().nodes() > 0);
                DhtNode n = second.dht().nodes().getFirst();
                assertThat(n.nodes().get(5, TimeUnit.SECONDS)).extracting(NodeInfo::address).contains(routerDht);
            }
        }
    }
}
