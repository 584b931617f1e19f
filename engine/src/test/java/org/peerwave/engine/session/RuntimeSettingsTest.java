package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.storage.StorageSettings;
import org.peerwave.engine.testing.TestTrees;

/** {@code engine.applySettings}, per-torrent rate limits and {@link FilePriority}'s resume numbers. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RuntimeSettingsTest {

    @TempDir
    Path work;

    @Test
    void onlyRuntimeFieldsMayChangeWithoutARestart() throws Exception {
        EngineSettings now = EngineSettings.defaults();
        EngineSettings runtime = now.toBuilder()
                .rateLimits(RateLimitSettings.builder().upload(1000).download(2000).build())
                .choker(ChokerSettings.builder().regularSlots(2).build())
                .maxConnectionsPerTorrent(7).connectTimeout(Duration.ofSeconds(3))
                .resumeSaveInterval(Duration.ofSeconds(5)).build();
        assertThat(SettingsChange.needingRestart(now, runtime)).isEmpty();
        EngineSettings restart = runtime.toBuilder().listenPort(6881).ioThreads(1)
                .storage(StorageSettings.builder().openFileLimit(3).build()).resumeDir(work)
                .listenAddress(InetAddress.getLoopbackAddress()).build();
        assertThat(SettingsChange.needingRestart(now, restart))
                .containsExactly("listenAddress", "listenPort", "ioThreads", "storage", "resumeDir");
    }

    @Test
    void applySettingsSwapsRateLimitsConnectionLimitAndChokerAtOnceAndRefusesTheRestWhole() throws Exception {
        Path source = TestTrees.oddTree(Files.createDirectories(work.resolve("seed")));
        TorrentMetainfo torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, TorrentCreator.Mode.V1));
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.85"))) {
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            EngineSettings next = engine.settings().toBuilder()
                    .rateLimits(RateLimitSettings.builder().upload(100_000).download(200_000).build())
                    .choker(ChokerSettings.builder().regularSlots(2).optimisticSlots(0).build())
                    .maxConnectionsPerTorrent(7).build();
            engine.applySettings(next);
            assertThat(engine.settings()).isEqualTo(next);
            assertThat(engine.rateLimiter().global().bucket(RateLimiter.Direction.UPLOAD).rate()).isEqualTo(100_000);
            assertThat(engine.rateLimiter().global().bucket(RateLimiter.Direction.DOWNLOAD).rate()).isEqualTo(200_000);
            TorrentSession s = engine.session(h.infoHashes());
            assertThat(s.submit(() -> java.util.concurrent.CompletableFuture.completedFuture(s.choker.settings()))
                    .get(5, TimeUnit.SECONDS)).isEqualTo(next.choker());

            EngineSettings port = next.toBuilder().listenPort(engine.listenPort() + 1)
                    .rateLimits(RateLimitSettings.UNLIMITED).build();
            assertThatThrownBy(() -> engine.applySettings(port)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("need a restart").hasMessageContaining("listenPort");
            assertThat(engine.settings()).as("nothing applied").isEqualTo(next);
            assertThat(engine.rateLimiter().global().bucket(RateLimiter.Direction.UPLOAD).rate()).isEqualTo(100_000);
        }
    }

    @Test
    void aTorrentsOwnDownloadLimitHoldsUnderAnUnlimitedEngineAndCanBeLifted() throws Exception {
        Path source = Files.createDirectories(work.resolve("seed"));
        TestTrees.file(source.resolve("limited.bin"), 2L * 1024 * 1024, 41);
        TorrentMetainfo torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source.resolve("limited.bin"),
                TorrentCreator.Mode.V1));
        long rate = 64 * 1024;
        try (Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.86"));
             Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.87"))) {
            seeder.add(torrent, source, AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            TorrentHandle h = leecher.add(torrent, work.resolve("out"), AddOptions.DEFAULT
                    .withRateLimits(RateLimitSettings.builder().download(rate).build()));
            long start = System.nanoTime();
            h.connectPeer(seeder.listenAddress());
            Thread.sleep(2500);
            long downloaded = SwarmFixtures.stats(h).downloaded();
            double seconds = (System.nanoTime() - start) / 1e9;
            // the torrent bucket grants at most burst (1 s at the rate) + rate × elapsed
            assertThat(downloaded).isLessThanOrEqualTo((long) (rate + rate * seconds) + 16 * 1024);
            assertThat(leecher.session(h.infoHashes()).rateLimits().bucket(RateLimiter.Direction.DOWNLOAD).rate())
                    .isEqualTo(rate);

            h.setRateLimits(0, 0).get(5, TimeUnit.SECONDS);
            assertThat(leecher.session(h.infoHashes()).rateLimits().bucket(RateLimiter.Direction.DOWNLOAD)
                    .isUnlimited()).isTrue();
            h.completion().get(60, TimeUnit.SECONDS);
            h.setRateLimits(1000, 0).get(5, TimeUnit.SECONDS);
            assertThat(leecher.session(h.infoHashes()).rateLimits().bucket(RateLimiter.Direction.UPLOAD).rate())
                    .isEqualTo(1000);
        }
        assertThat(Files.mismatch(source.resolve("limited.bin"), work.resolve("out").resolve("limited.bin")))
                .isEqualTo(-1L);
    }

    @Test
    void filePrioritiesMapToResumeNumbersAndBack() {
        for (FilePriority p : FilePriority.values()) {
            assertThat(FilePriority.fromResumeValue(p.resumeValue())).isEqualTo(p);
        }
        assertThat(List.of(0, 1, 3, 4, 5, 7).stream().map(FilePriority::fromResumeValue).toList()).containsExactly(
                FilePriority.SKIP, FilePriority.LOW, FilePriority.LOW, FilePriority.NORMAL, FilePriority.HIGH,
                FilePriority.HIGH);
        assertThatThrownBy(() -> FilePriority.fromResumeValue(8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(FilePriority.SKIP.isWanted()).isFalse();
        assertThat(AddOptions.DEFAULT.filePriorities()).isEmpty();
        assertThat(new AddOptions(true, true)).isEqualTo(AddOptions.DEFAULT.withStartPaused(true).withSequential(true));
    }
}
