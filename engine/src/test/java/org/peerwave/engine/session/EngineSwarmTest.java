package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/** Two Peerwave engines in one JVM, on loopback: one seeds, the other downloads; every byte compared. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineSwarmTest {

    @TempDir
    static Path work;
    static Path source;

    @BeforeAll
    static void data() throws Exception {
        source = SwarmFixtures.multiFileTree(Files.createDirectories(work.resolve("seed")));
    }

    @ParameterizedTest
    @EnumSource(value = TorrentCreator.Mode.class, names = {"V1", "HYBRID"})
    void oneEngineDownloadsFromAnother(TorrentCreator.Mode mode) throws Exception {
        TorrentMetainfo torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, mode));
        Path out = Files.createDirectories(work.resolve("out-" + mode));
        try (Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.3"));
             Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.4"))) {
            TorrentHandle seed = seeder.add(torrent, source.getParent(), AddOptions.DEFAULT);
            seed.completion().get(30, TimeUnit.SECONDS);
            assertThat(SwarmFixtures.stats(seed).state()).isInstanceOf(TorrentState.Seeding.class);

            TorrentHandle leech = leecher.add(torrent, out, AddOptions.DEFAULT);
            leech.connectPeer(seeder.listenAddress()).get(5, TimeUnit.SECONDS);
            leech.completion().get(90, TimeUnit.SECONDS);

            TorrentStats done = SwarmFixtures.stats(leech);
            assertThat(done.state()).isInstanceOf(TorrentState.Seeding.class);
            assertThat(done.progress()).isEqualTo(1.0);
            assertThat(done.downloaded()).isGreaterThanOrEqualTo(torrent.totalLength());
            assertThat(SwarmFixtures.stats(seed).uploaded()).isGreaterThanOrEqualTo(torrent.totalLength());
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @ParameterizedTest
    @EnumSource(RateLimiter.Direction.class)
    void rateLimitsSlowTheTransferDown(RateLimiter.Direction limited) throws Exception {
        TorrentMetainfo torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, TorrentCreator.Mode.V1));
        Path out = Files.createDirectories(work.resolve("limited-" + limited));
        long rate = 8L * 1024 * 1024;
        RateLimitSettings limit = limited == RateLimiter.Direction.UPLOAD
                ? RateLimitSettings.builder().upload(rate).build()
                : RateLimitSettings.builder().download(rate).build();
        EngineSettings seedSettings = SwarmFixtures.settings("127.0.0.11");
        EngineSettings leechSettings = SwarmFixtures.settings("127.0.0.12");
        if (limited == RateLimiter.Direction.UPLOAD) {
            seedSettings = seedSettings.toBuilder().rateLimits(limit).build();
        } else {
            leechSettings = leechSettings.toBuilder().rateLimits(limit).build();
        }
        try (Engine seeder = Engine.create(seedSettings); Engine leecher = Engine.create(leechSettings)) {
            seeder.add(torrent, source.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            TorrentHandle leech = leecher.add(torrent, out, AddOptions.DEFAULT);
            long start = System.nanoTime();
            leech.connectPeer(seeder.listenAddress());
            leech.completion().get(90, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            long burst = limit.burstBytes(rate);
            double floor = (torrent.totalLength() - burst) / (double) rate;
            assertThat(seconds).as("transfer time of %d bytes at %d B/s with a burst of %d", torrent.totalLength(),
                    rate, burst).isGreaterThanOrEqualTo(floor * 0.9);
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @ParameterizedTest
    @EnumSource(value = TorrentCreator.Mode.class, names = {"HYBRID", "V2"})
    void v2AndHybridMagnetsAreRefusedClearly(TorrentCreator.Mode mode) throws Exception {
        TorrentMetainfo torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, mode));
        try (Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.16"))) {
            var f = leecher.fetchMetadata(MagnetLink.forTorrent(torrent), List.of(leecher.listenAddress()),
                    Duration.ofSeconds(5));
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("not yet supported");
        }
    }

    @Test
    void aV1MagnetLinkIsFetchedFromAPeerThenDownloaded() throws Exception {
        TorrentCreator.Mode mode = TorrentCreator.Mode.V1;
        TorrentMetainfo torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, mode));
        MagnetLink magnet = MagnetLink.forTorrent(torrent);
        Path out = Files.createDirectories(work.resolve("magnet-" + mode));
        try (Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.15"));
             Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.16"))) {
            seeder.add(torrent, source.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            TorrentMetainfo fetched = leecher.fetchMetadata(magnet, List.of(seeder.listenAddress()),
                    Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
            assertThat(fetched.infoHashes()).isEqualTo(torrent.infoHashes());
            assertThat(fetched.infoBytes()).isEqualTo(torrent.infoBytes());
            TorrentHandle h = leecher.add(fetched, out, AddOptions.DEFAULT);
            h.connectPeer(seeder.listenAddress());
            h.completion().get(60, TimeUnit.SECONDS);
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void fetchingMetadataFailsAfterTheTimeoutWithoutPeersThatHaveIt() throws Exception {
        TorrentMetainfo torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, TorrentCreator.Mode.V1));
        try (Engine other = Engine.create(SwarmFixtures.settings("127.0.0.17"));
             Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.18"))) {
            var f = leecher.fetchMetadata(MagnetLink.forTorrent(torrent), List.of(other.listenAddress()),
                    Duration.ofSeconds(2));
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        }
    }
}
