package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/** Session limits: the engine-wide connection limit (held across torrents, freed as connections close), reads in flight per peer, the ban threshold. */
@Timeout(120)
class SessionLimitsTest {

    @TempDir
    Path work;

    @Test
    void aSeederWithOneConnectionServesTwoTorrentsOneLeecherAtATime() throws Exception {
        Path a = TestTrees.file(Files.createDirectories(work.resolve("a")).resolve("a.bin"), 3_000_000, 1);
        Path b = TestTrees.file(Files.createDirectories(work.resolve("b")).resolve("b.bin"), 3_000_000, 2);
        TorrentMetainfo ta = SwarmFixtures.parse(SwarmFixtures.torrent(a, TorrentCreator.Mode.V1));
        TorrentMetainfo tb = SwarmFixtures.parse(SwarmFixtures.torrent(b, TorrentCreator.Mode.V1));
        EngineSettings one = SwarmFixtures.settings("127.0.0.51").toBuilder().maxConnections(1).build();
        try (Engine seeder = Engine.create(one);
             Engine first = Engine.create(SwarmFixtures.settings("127.0.0.52"));
             Engine second = Engine.create(SwarmFixtures.settings("127.0.0.53"))) {
            seeder.add(ta, a.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            seeder.add(tb, b.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);

            TorrentHandle la = first.add(ta, Files.createDirectories(work.resolve("out-a")), AddOptions.DEFAULT);
            la.connectPeer(seeder.listenAddress()).get(5, TimeUnit.SECONDS);
            la.completion().get(60, TimeUnit.SECONDS);
            assertThat(seeder.connectionCount()).isEqualTo(1);

            // a second torrent of the same seeder: refused while the first connection is open
            TorrentHandle lb = second.add(tb, Files.createDirectories(work.resolve("out-b")), AddOptions.DEFAULT);
            lb.connectPeer(seeder.listenAddress()).get(5, TimeUnit.SECONDS);
            Thread.sleep(1500);
            assertThat(SwarmFixtures.stats(lb).piecesDone()).isZero();
            assertThat(seeder.connectionCount()).isEqualTo(1);

            la.remove(false).get(10, TimeUnit.SECONDS); // closes the first connection
            lb.completion().get(60, TimeUnit.SECONDS); // the leecher dials again every few seconds
            assertThat(SwarmFixtures.stats(lb).piecesDone()).isEqualTo(tb.pieceCount());
        }
    }

    @Test
    void oneReadInFlightPerPeerStillServesAWholeTorrent() throws Exception {
        Path a = TestTrees.file(Files.createDirectories(work.resolve("r")).resolve("r.bin"), 2_500_000, 3);
        TorrentMetainfo t = SwarmFixtures.parse(SwarmFixtures.torrent(a, TorrentCreator.Mode.HYBRID));
        EngineSettings slow = SwarmFixtures.settings("127.0.0.54").toBuilder()
                .wireLimits(org.peerwave.engine.wire.WireLimits.DEFAULT.withMaxReadsInFlight(1)).build();
        try (Engine seeder = Engine.create(slow); Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.55"))) {
            seeder.add(t, a.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            TorrentHandle l = leecher.add(t, Files.createDirectories(work.resolve("out-r")), AddOptions.DEFAULT);
            l.connectPeer(seeder.listenAddress()).get(5, TimeUnit.SECONDS);
            l.completion().get(60, TimeUnit.SECONDS);
        }
        assertThat(Files.mismatch(a, work.resolve("out-r").resolve("r.bin"))).isEqualTo(-1L);
    }

    @Test
    void theBanThresholdIsASettingWithASafeDefault() {
        assertThat(EngineSettings.defaults().banAfterHashFailures()).isEqualTo(2);
        assertThatThrownBy(() -> EngineSettings.builder().banAfterHashFailures(0).build())
                .hasMessageContaining("banAfterHashFailures");
        assertThat(EngineSettings.builder().banAfterHashFailures(5).build().banAfterHashFailures()).isEqualTo(5);
    }

    @Test
    void theLimitIsASettingWithASafeDefaultAndCanChangeAtRuntime() throws Exception {
        assertThat(EngineSettings.defaults().maxConnections()).isEqualTo(500);
        assertThatThrownBy(() -> EngineSettings.builder().maxConnections(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
        assertThat(SettingsChange.needingRestart(EngineSettings.defaults(),
                EngineSettings.defaults().toBuilder().maxConnections(20).build())).isEmpty();
    }
}
