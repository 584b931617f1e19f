package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.tracker.TrackerSettings;

/**
 * What sessions send to trackers and do with the answers, seen through {@link RecordingTracker} (a
 * small HTTP tracker that records each announce): two Peerwave engines on loopback that find each
 * other only through the tracker. The swarms with real trackers and clients are in
 * {@link TrackerSwarmTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionTrackersTest {

    @TempDir
    static Path work;
    static Path source;

    @BeforeAll
    static void data() throws Exception {
        source = TestTrees.oddTree(Files.createDirectories(work.resolve("seed")));
    }

    private static TorrentMetainfo torrent(List<List<String>> tiers) throws Exception {
        return TorrentMetainfo.parse(TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1)
                .pieceLength(64 * 1024).trackers(tiers).creationDate(null).create().bytes());
    }

    private static String hex(TorrentMetainfo t) {
        return HexFormat.of().formatHex(t.infoHashes().wireBytes());
    }

    private static TorrentHandle seed(Engine engine, TorrentMetainfo t) throws Exception {
        TorrentHandle h = engine.add(t, source.getParent(), AddOptions.DEFAULT);
        h.completion().get(30, TimeUnit.SECONDS);
        return h;
    }

    private static List<TrackerStatus> awaitStatus(TorrentHandle h, int index, TrackerStatus.State state)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<TrackerStatus> rows = h.trackers().get(5, TimeUnit.SECONDS);
        while (rows.size() <= index || rows.get(index).state() != state) {
            if (System.nanoTime() > end) {
                throw new AssertionError("tracker " + index + " is not " + state + ": " + rows);
            }
            Thread.sleep(50);
            rows = h.trackers().get(5, TimeUnit.SECONDS);
        }
        return rows;
    }

    private static List<TrackerStatus> awaitStates(TorrentHandle h, TrackerStatus.State... states) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<TrackerStatus> rows = h.trackers().get(5, TimeUnit.SECONDS);
        while (!rows.stream().map(TrackerStatus::state).toList().equals(List.of(states))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("trackers are not " + List.of(states) + ": " + rows);
            }
            Thread.sleep(20);
            rows = h.trackers().get(5, TimeUnit.SECONDS);
        }
        return rows;
    }

    @Test
    void announcesStartedCompletedAndStoppedAndFindsTheSeederThroughTheTracker() throws Exception {
        Path out = Files.createDirectories(work.resolve("lifecycle"));
        try (RecordingTracker tracker = new RecordingTracker()) {
            TorrentMetainfo t = torrent(List.of(List.of(tracker.url())));
            long size = t.storageLength();
            Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.61"));
            Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.62"));
            try {
                TorrentHandle s = seed(seeder, t);
                tracker.await(a -> a.ip().equals("127.0.0.61") && a.event().equals("started"),
                        Duration.ofSeconds(10), "started from the seeder");

                TorrentHandle l = leecher.add(t, out, AddOptions.DEFAULT);
                l.completion().get(60, TimeUnit.SECONDS);
                RecordingTracker.Announce completed = tracker.await(
                        a -> a.ip().equals("127.0.0.62") && a.event().equals("completed"),
                        Duration.ofSeconds(10), "completed from the leecher");
                assertThat(completed.left()).isZero();
                assertThat(completed.downloaded()).isGreaterThanOrEqualTo(t.totalLength());

                // pause sends stopped, resume started again
                s.pause().get(5, TimeUnit.SECONDS);
                tracker.await(a -> a.ip().equals("127.0.0.61") && a.event().equals("stopped"),
                        Duration.ofSeconds(10), "stopped from the paused seeder");
                s.resume().get(5, TimeUnit.SECONDS);
                tracker.await(a -> a.ip().equals("127.0.0.61") && a.event().equals("started")
                        && tracker.announces(b -> b.ip().equals("127.0.0.61") && b.event().equals("started")).size() == 2,
                        Duration.ofSeconds(10), "a second started from the resumed seeder");

                List<TrackerStatus> rows = awaitStatus(l, 0, TrackerStatus.State.WORKING);
                TrackerStatus row = rows.getFirst();
                assertThat(row.url()).isEqualTo(tracker.url());
                assertThat(row.tier()).isZero();
                assertThat(row.peersReceived()).isPositive();
                assertThat(row.lastAnnounce()).isPresent();
                assertThat(row.nextAnnounce()).isPresent();
                assertThat(row.message()).isEmpty();
            } finally {
                leecher.close();
                seeder.close();
            }
            // engine close sends stopped before it returns
            assertThat(tracker.announces(a -> a.ip().equals("127.0.0.62") && a.event().equals("stopped"))).hasSize(1);

            List<RecordingTracker.Announce> fromLeecher = tracker.announces(a -> a.ip().equals("127.0.0.62"));
            assertThat(fromLeecher.getFirst().event()).isEqualTo("started");
            assertThat(fromLeecher.getFirst().left()).isEqualTo(size);
            assertThat(RecordingTracker.events(fromLeecher)).containsSubsequence("started", "completed", "stopped");
            assertThat(fromLeecher.getLast().event()).isEqualTo("stopped");
            for (RecordingTracker.Announce a : fromLeecher) {
                assertThat(a.infoHashHex()).isEqualTo(hex(t));
                assertThat(a.peerIdText()).startsWith("-PW");
                assertThat(a.numWant()).isEqualTo(TrackerSettings.DEFAULTS.numWant());
            }
            // a torrent that is complete at start announces started with left=0 and never completed
            List<RecordingTracker.Announce> fromSeeder = tracker.announces(a -> a.ip().equals("127.0.0.61"));
            assertThat(fromSeeder.getFirst().left()).isZero();
            assertThat(RecordingTracker.events(fromSeeder)).doesNotContain("completed");
        }
        SwarmFixtures.assertSameFilesSmall(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void aDeadTrackerAndABadAnswerFallOverToTheNextTier() throws Exception {
        Path out = Files.createDirectories(work.resolve("failover"));
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            deadPort = s.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + deadPort + "/announce";
        try (RecordingTracker bad = new RecordingTracker().respondWith("<html>not a tracker</html>");
             RecordingTracker good = new RecordingTracker()) {
            TorrentMetainfo t = torrent(List.of(List.of(dead), List.of(bad.url()), List.of(good.url())));
            try (Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.63"));
                 Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.64"))) {
                seed(seeder, t);
                good.await(a -> a.ip().equals("127.0.0.63"), Duration.ofSeconds(20), "from the seeder");
                TorrentHandle l = leecher.add(t, out, AddOptions.DEFAULT);
                l.completion().get(60, TimeUnit.SECONDS);

                // (after completion the `completed` announce walks the tiers again: wait until it is done)
                List<TrackerStatus> rows = awaitStates(l, TrackerStatus.State.ERROR, TrackerStatus.State.ERROR,
                        TrackerStatus.State.WORKING);
                assertThat(rows).extracting(TrackerStatus::url).containsExactly(dead, bad.url(), good.url());
                assertThat(rows).extracting(TrackerStatus::tier).containsExactly(0, 1, 2);
                assertThat(rows.get(0).state()).isEqualTo(TrackerStatus.State.ERROR);
                assertThat(rows.get(0).message()).isPresent();
                assertThat(rows.get(1).state()).isEqualTo(TrackerStatus.State.ERROR);
                assertThat(rows.get(1).message()).hasValueSatisfying(m -> assertThat(m).isNotBlank());
                assertThat(rows.get(2).message()).isEmpty();
                assertThat(bad.announces(a -> a.ip().equals("127.0.0.64"))).isNotEmpty();

                List<EngineEvent.TrackerError> errors = new ArrayList<>();
                for (EngineEvent e : leecher.events().drain()) {
                    if (e instanceof EngineEvent.TrackerError te) {
                        errors.add(te);
                    }
                }
                assertThat(errors).extracting(EngineEvent.TrackerError::url).contains(dead, bad.url());
                assertThat(SwarmFixtures.stats(l).state()).isInstanceOf(TorrentState.Seeding.class);
            }
        }
        SwarmFixtures.assertSameFilesSmall(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void trackerPeersAreCappedAndWeNeverListOurselves() throws Exception {
        try (RecordingTracker tracker = new RecordingTracker()) {
            for (int port = 1; port <= 30; port++) {
                tracker.addPeer("127.0.0.69", port); // nothing listens there: dials fail at once
            }
            TorrentMetainfo t = torrent(List.of(List.of(tracker.url())));
            Path empty = Files.createDirectories(work.resolve("capped"));
            EngineSettings capped = SwarmFixtures.settings("127.0.0.65").toBuilder().maxKnownPeers(12).build();
            try (Engine engine = Engine.create(capped)) {
                engine.add(t, empty, AddOptions.DEFAULT);
                tracker.await(a -> a.event().equals("started"), Duration.ofSeconds(20), "started");
                TorrentSession s = engine.session(t.infoHashes());
                awaitKnownPeers(s, 12);
                Thread.sleep(300);
                assertThat(s.submit(() -> java.util.concurrent.CompletableFuture.completedFuture(s.knownPeerCount()))
                        .get(5, TimeUnit.SECONDS)).isEqualTo(12);
            }
        }
        // the tracker lists the asker too: it must not become a known peer
        try (RecordingTracker tracker = new RecordingTracker()) {
            tracker.addPeer("127.0.0.69", 7);
            TorrentMetainfo t = torrent(List.of(List.of(tracker.url())));
            try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.66"))) {
                engine.add(t, Files.createDirectories(work.resolve("self")), AddOptions.DEFAULT);
                tracker.await(a -> a.event().equals("started"), Duration.ofSeconds(20), "started");
                TorrentSession s = engine.session(t.infoHashes());
                awaitKnownPeers(s, 1);
                Thread.sleep(300);
                assertThat(s.submit(() -> java.util.concurrent.CompletableFuture.completedFuture(s.knownPeerCount()))
                        .get(5, TimeUnit.SECONDS)).isEqualTo(1);
                assertThat(engine.isOwnAddress(engine.listenAddress())).isTrue();
                assertThat(engine.isOwnAddress(new InetSocketAddress("127.0.0.69", engine.listenPort()))).isFalse();
            }
        }
    }

    private static void awaitKnownPeers(TorrentSession s, int n) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (s.submit(() -> java.util.concurrent.CompletableFuture.completedFuture(s.knownPeerCount()))
                .get(5, TimeUnit.SECONDS) < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("fewer than " + n + " known peers");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void anEngineListeningEverywhereRecognisesItsLoopbackAddress() throws Exception {
        try (Engine engine = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getByName("0.0.0.0"))
                .trackersEnabled(false).build())) {
            assertThat(engine.isOwnAddress(new InetSocketAddress("127.0.0.1", engine.listenPort()))).isTrue();
            assertThat(engine.isOwnAddress(new InetSocketAddress("127.0.0.1", engine.listenPort() == 1 ? 2 : 1)))
                    .isFalse();
        }
    }

    @Test
    void withTrackersOffNothingIsAnnounced() throws Exception {
        try (RecordingTracker tracker = new RecordingTracker()) {
            TorrentMetainfo t = torrent(List.of(List.of(tracker.url())));
            EngineSettings off = SwarmFixtures.settings("127.0.0.67").toBuilder().trackersEnabled(false).build();
            try (Engine engine = Engine.create(off)) {
                TorrentHandle h = seed(engine, t);
                Thread.sleep(1500);
                assertThat(h.trackers().get(5, TimeUnit.SECONDS)).isEmpty();
            }
            assertThat(tracker.announces()).isEmpty();
        }
    }

    @Test
    void aMagnetLinkWithOnlyATrackerDownloads() throws Exception {
        Path out = Files.createDirectories(work.resolve("magnet"));
        try (RecordingTracker tracker = new RecordingTracker()) {
            TorrentMetainfo t = torrent(List.of(List.of(tracker.url())));
            MagnetLink magnet = MagnetLink.forTorrent(t);
            assertThat(magnet.trackers()).containsExactly(tracker.url());
            try (Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.68"));
                 Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.70"))) {
                seed(seeder, t);
                tracker.await(a -> a.ip().equals("127.0.0.68"), Duration.ofSeconds(20), "from the seeder");
                TorrentMetainfo fetched = leecher.fetchMetadata(magnet, List.of(), Duration.ofSeconds(30))
                        .get(40, TimeUnit.SECONDS);
                assertThat(fetched.infoHashes()).isEqualTo(t.infoHashes());
                assertThat(fetched.trackers()).containsExactly(List.of(tracker.url()));
                RecordingTracker.Announce first = tracker.await(a -> a.ip().equals("127.0.0.70"),
                        Duration.ofSeconds(5), "from the magnet fetch");
                assertThat(first.event()).isEqualTo("started");
                assertThat(first.left()).isPositive();

                TorrentHandle l = leecher.add(fetched, out, AddOptions.DEFAULT);
                l.completion().get(60, TimeUnit.SECONDS);
            }
        }
        SwarmFixtures.assertSameFilesSmall(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void aMagnetLinkWithoutPeersOrTrackersFailsClearly() throws Exception {
        TorrentMetainfo t = torrent(List.of());
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.67"))) {
            assertThatThrownBy(() -> engine.fetchMetadata(MagnetLink.forTorrent(t), List.of(), Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS)).hasMessageContaining("no trackers");
        }
    }

    @Test
    void closingTheEngineWaitsForStoppedOnlyUpToTheTimeout() throws Exception {
        try (RecordingTracker tracker = new RecordingTracker().hangOn("stopped")) {
            TorrentMetainfo t = torrent(List.of(List.of(tracker.url())));
            EngineSettings quick = SwarmFixtures.settings("127.0.0.67").toBuilder()
                    .trackerStopTimeout(Duration.ofSeconds(1)).build();
            Engine engine = Engine.create(quick);
            seed(engine, t);
            tracker.await(a -> a.event().equals("started"), Duration.ofSeconds(20), "started");
            long start = System.nanoTime();
            engine.close();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            tracker.await(a -> a.event().equals("stopped"), Duration.ofSeconds(5), "stopped (never answered)");
            // without the bound, close would wait for the engine's own 15 s limit
            assertThat(tookMillis).as("close took %d ms", tookMillis).isLessThan(10_000);
        }
    }

    @Test
    void trackerLimitsAreValidated() {
        assertThat(EngineSettings.defaults().maxKnownPeers()).isEqualTo(2000);
        assertThat(EngineSettings.defaults().trackerStopTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(EngineSettings.defaults().trackersEnabled()).isTrue();
        assertThat(EngineSettings.defaults().trackers()).isEqualTo(TrackerSettings.DEFAULTS);
        assertThatThrownBy(() -> EngineSettings.builder().maxKnownPeers(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxKnownPeers");
        assertThatThrownBy(() -> EngineSettings.builder().trackerStopTimeout(Duration.ofMinutes(2)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trackerStopTimeout");
        assertThatThrownBy(() -> EngineSettings.builder().trackers(null).build())
                .isInstanceOf(NullPointerException.class);
    }
}
