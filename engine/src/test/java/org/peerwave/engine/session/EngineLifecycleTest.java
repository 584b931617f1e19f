package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/** The torrent state machine as seen through the facade: handles, stats snapshots and events. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EngineLifecycleTest {

    @TempDir
    static Path work;
    static Path source;
    static TorrentMetainfo torrent;

    @BeforeAll
    static void data() throws Exception {
        source = TestTrees.oddTree(Files.createDirectories(work.resolve("seed")));
        torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, TorrentCreator.Mode.V1));
    }

    @Test
    void checkingDownloadingSeedingPauseResumeRemove() throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        try (Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.7"));
             Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.8"))) {
            TorrentHandle seed = seeder.add(torrent, source.getParent(), AddOptions.DEFAULT);
            seed.completion().get(30, TimeUnit.SECONDS);
            List<EngineEvent> seedEvents = seeder.events().drain();
            assertThat(seedEvents).contains(new EngineEvent.TorrentAdded(torrent.infoHashes(), torrent.name()),
                    changed(new TorrentState.Checking(), new TorrentState.Seeding()));
            assertThat(seedEvents).noneMatch(e -> e instanceof EngineEvent.TorrentCompleted);

            TorrentHandle leech = leecher.add(torrent, out, AddOptions.DEFAULT.withStartPaused(true));
            assertThat(SwarmFixtures.stats(leech).state()).isEqualTo(new TorrentState.Paused(new TorrentState.Checking()));
            leech.connectPeer(seeder.listenAddress()).get(5, TimeUnit.SECONDS); // remembered while paused
            Thread.sleep(300);
            assertThat(SwarmFixtures.stats(leech).peers()).isZero();
            assertThat(SwarmFixtures.stats(leech).piecesDone()).isZero();

            leech.resume().get(5, TimeUnit.SECONDS);
            leech.completion().get(60, TimeUnit.SECONDS);
            TorrentStats done = SwarmFixtures.stats(leech);
            assertThat(done.state()).isEqualTo(new TorrentState.Seeding());
            assertThat(done.piecesDone()).isEqualTo(torrent.pieceCount());
            assertThat(done.bytesDone()).isEqualTo(done.bytesTotal());

            List<EngineEvent> events = drainUntil(leecher, EngineEvent.TorrentCompleted.class);
            assertThat(events).containsSubsequence(
                    new EngineEvent.TorrentAdded(torrent.infoHashes(), torrent.name()),
                    changed(new TorrentState.Paused(new TorrentState.Checking()), new TorrentState.Checking()),
                    changed(new TorrentState.Checking(), new TorrentState.Downloading()),
                    changed(new TorrentState.Downloading(), new TorrentState.Seeding()),
                    new EngineEvent.TorrentCompleted(torrent.infoHashes()));

            leech.pause().get(5, TimeUnit.SECONDS);
            assertThat(SwarmFixtures.stats(leech).state()).isEqualTo(new TorrentState.Paused(new TorrentState.Seeding()));
            awaitPeers(leech, 0);
            awaitPeers(seed, 0);
            leech.resume().get(5, TimeUnit.SECONDS);
            assertThat(SwarmFixtures.stats(leech).state()).isEqualTo(new TorrentState.Seeding());

            assertThatThrownBy(() -> leecher.add(torrent, out, AddOptions.DEFAULT))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already added");

            leech.remove(false).get(10, TimeUnit.SECONDS);
            assertThat(leecher.torrents()).isEmpty();
            assertThatThrownBy(() -> leech.stats().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TorrentHandle.TorrentRemovedException.class);
            assertThatThrownBy(() -> leech.pause().get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TorrentHandle.TorrentRemovedException.class);
            assertThat(drainUntil(leecher, EngineEvent.TorrentRemoved.class))
                    .contains(new EngineEvent.TorrentRemoved(torrent.infoHashes()));
            SwarmFixtures.assertSameFilesSmall(source, out.resolve(source.getFileName().toString()));
        }
    }

    @Test
    void resumeDataLetsARestartSkipTheDownload() throws Exception {
        Path out = Files.createDirectories(work.resolve("resume-out"));
        Path resume = work.resolve("resume");
        try (Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.9"))) {
            seeder.add(torrent, source.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            try (Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.10").toBuilder().resumeDir(resume)
                    .build())) {
                TorrentHandle h = leecher.add(torrent, out, AddOptions.DEFAULT);
                h.connectPeer(seeder.listenAddress());
                h.completion().get(60, TimeUnit.SECONDS);
            }
        }
        try (var files = Files.list(resume)) {
            assertThat(files.filter(p -> p.toString().endsWith(".resume")).count()).isEqualTo(1);
        }
        try (Engine again = Engine.create(SwarmFixtures.settings("127.0.0.10").toBuilder().resumeDir(resume).build())) {
            TorrentHandle h = again.add(torrent, out, AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            assertThat(SwarmFixtures.stats(h).state()).isEqualTo(new TorrentState.Seeding());
            assertThat(SwarmFixtures.stats(h).downloaded()).isZero();
        }
    }

    private static EngineEvent.StateChanged changed(TorrentState from, TorrentState to) {
        return new EngineEvent.StateChanged(torrent.infoHashes(), from, to);
    }

    private static List<EngineEvent> drainUntil(Engine engine, Class<? extends EngineEvent> last) throws Exception {
        List<EngineEvent> out = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.stream().noneMatch(last::isInstance) && System.nanoTime() < end) {
            EngineEvent e = engine.events().poll(Duration.ofMillis(200));
            if (e != null) {
                out.add(e);
            }
        }
        return out;
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
}
