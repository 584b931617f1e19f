package org.peerwave.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.peerwave.engine.bencode.BString;

/** Tiers (BEP 12) and the announcer's schedule, with a scripted tracker client and a hand-driven clock. */
class TrackerAnnouncerTest {

    /** A tracker client whose answers are scripted per URL; records every request. */
    static final class ScriptedClient implements TrackerClient {
        final Map<String, Object> answers = new HashMap<>(); // AnnounceResponse or TrackerException
        final List<String> calls = new ArrayList<>();

        @Override
        public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
            calls.add(request.event() + " " + tracker + " left=" + request.left()
                    + request.trackerId().map(id -> " id=" + id).orElse(""));
            Object a = answers.getOrDefault(tracker.toString(),
                    new TrackerException(TrackerException.Kind.NETWORK, "cannot connect"));
            return a instanceof AnnounceResponse r ? CompletableFuture.completedFuture(r)
                    : CompletableFuture.failedFuture((TrackerException) a);
        }

        @Override
        public CompletableFuture<ScrapeResponse> scrape(URI announceUrl, List<byte[]> infoHashes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    static AnnounceResponse ok(int interval, Integer minInterval) {
        return new AnnounceResponse(Duration.ofSeconds(interval),
                Optional.ofNullable(minInterval).map(Duration::ofSeconds), 3, 4,
                List.of(new InetSocketAddress("127.0.0.7", 6881)), Optional.empty(), Optional.of("tid"));
    }

    final ScriptedClient client = new ScriptedClient();
    final ManualClock clock = new ManualClock();
    final TrackerSettings settings = TrackerSettings.builder().minAnnounceInterval(Duration.ofSeconds(30))
            .failureRetryBase(Duration.ofSeconds(60)).failureRetryMax(Duration.ofSeconds(200)).build();
    final List<String> heard = new ArrayList<>();
    long left = 100;

    TrackerAnnouncer announcer(List<List<String>> tiers) {
        AnnounceRequest template = AnnounceRequest.of(new byte[20],
                "-PW0100-000000000000".getBytes(StandardCharsets.US_ASCII), 6881, 0, 0, 0, AnnounceEvent.NONE, -1, 7);
        return new TrackerAnnouncer(new TrackerTiers(tiers, RandomGenerator.of("L64X128MixRandom"),
                settings.minAnnounceInterval()), client, template, () -> new TrackerAnnouncer.Transfer(0, 0, left),
                clock, settings, new TrackerAnnouncer.Listener() {
                    @Override
                    public void onAnnounce(String url, AnnounceEvent event, AnnounceResponse response) {
                        heard.add("ok " + event + " " + url + " peers=" + response.peers().size());
                    }

                    @Override
                    public void onFailure(String url, AnnounceEvent event, TrackerException error) {
                        heard.add("fail " + event + " " + url + ": " + error.getMessage());
                    }
                });
    }

    @Test
    void tiersAreShuffledOnceAndKeepEveryUrl() {
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            big.add("http://t" + i + "/announce");
        }
        TrackerTiers tiers = new TrackerTiers(List.of(big, List.of("udp://x:1", "udp://x:1", " "), List.of()),
                RandomGenerator.of("L64X128MixRandom"), Duration.ZERO);
        assertThat(tiers.tiers()).hasSize(2);
        assertThat(tiers.tiers().get(0)).containsExactlyInAnyOrderElementsOf(big).isNotEqualTo(big);
        assertThat(tiers.tiers().get(1)).containsExactly("udp://x:1"); // duplicates and blanks dropped
        List<String> order = tiers.order();
        assertThat(tiers.order()).isEqualTo(order); // no reshuffle
    }

    @Test
    void failsOverWithinATierThenToTheNextTierAndMovesTheWorkingUrlToTheFront() {
        client.answers.put("http://b/announce", ok(1800, null));
        TrackerAnnouncer a = announcer(List.of(List.of("http://a1/announce", "http://a2/announce"),
                List.of("http://c/announce", "http://b/announce")));
        a.start();
        a.poll().join();
        // both first-tier trackers fail, then the second tier is tried in its order until b answers
        assertThat(client.calls).last().isEqualTo("STARTED http://b/announce left=100");
        assertThat(client.calls.subList(0, 2)).allMatch(c -> c.contains("http://a"));
        assertThat(a.workingTracker()).contains("http://b/announce");
        assertThat(a.statuses().stream().filter(s -> s.tier() == 1).findFirst().orElseThrow().url())
                .isEqualTo("http://b/announce");
        var a1 = a.statuses().stream().filter(s -> s.url().equals("http://a1/announce")).findFirst().orElseThrow();
        assertThat(a1.lastError()).contains("cannot connect");
        assertThat(a1.consecutiveFailures()).isEqualTo(1);
        var b = a.statuses().stream().filter(s -> s.url().equals("http://b/announce")).findFirst().orElseThrow();
        assertThat(b.seeds()).isEqualTo(3);
        assertThat(b.peers()).isEqualTo(4);
        assertThat(b.nextAnnounce()).contains(clock.now.plusSeconds(1800));
        assertThat(heard).last().isEqualTo("ok STARTED http://b/announce peers=1");
    }

    @Test
    void regularAnnouncesFollowTheIntervalAndSendTheTrackerIdBack() {
        client.answers.put("http://t/announce", ok(600, null));
        TrackerAnnouncer a = announcer(List.of(List.of("http://t/announce")));
        a.poll().join();
        assertThat(client.calls).as("nothing before start").isEmpty();
        a.start();
        a.poll().join();
        a.poll().join();
        assertThat(client.calls).containsExactly("STARTED http://t/announce left=100");
        clock.advance(Duration.ofSeconds(599));
        a.poll().join();
        assertThat(client.calls).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        a.poll().join();
        assertThat(client.calls).last().isEqualTo("NONE http://t/announce left=100 id=tid");
    }

    @Test
    void tooShortIntervalsAreRaisedToTheFloor() {
        client.answers.put("http://t/announce", ok(1, null));
        TrackerAnnouncer a = announcer(List.of(List.of("http://t/announce")));
        a.start();
        a.poll().join();
        assertThat(a.nextAnnounce()).contains(clock.now.plusSeconds(30));
    }

    @Test
    void completedIsSentOnceAndStoppedEndsIt() {
        client.answers.put("http://t/announce", ok(600, null));
        TrackerAnnouncer a = announcer(List.of(List.of("http://t/announce")));
        a.start();
        a.poll().join();
        left = 0;
        a.completed();
        a.poll().join();
        assertThat(client.calls).last().isEqualTo("COMPLETED http://t/announce left=0 id=tid");
        a.completed();
        a.poll().join();
        clock.advance(Duration.ofSeconds(600));
        a.poll().join();
        assertThat(client.calls).last().isEqualTo("NONE http://t/announce left=0 id=tid");
        assertThat(client.calls).filteredOn(c -> c.startsWith("COMPLETED")).hasSize(1);
        a.stop().join();
        assertThat(client.calls).last().isEqualTo("STOPPED http://t/announce left=0 id=tid");
        clock.advance(Duration.ofHours(2));
        int before = client.calls.size();
        a.poll().join();
        assertThat(client.calls).hasSize(before);
        assertThatThrownBy(a::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void completedWhileEveryTrackerFailsBacksOffInsteadOfRetryingAtOnce() {
        client.answers.put("http://t/announce", ok(600, null));
        TrackerAnnouncer a = announcer(List.of(List.of("http://t/announce")));
        a.start();
        a.poll().join();
        client.answers.clear();
        left = 0;
        a.completed();
        a.poll().join();
        assertThat(client.calls).last().isEqualTo("COMPLETED http://t/announce left=0 id=tid");
        a.poll().join();
        a.poll().join();
        assertThat(client.calls).hasSize(2);
        assertThat(a.nextAnnounce()).contains(clock.now.plusSeconds(60));
        client.answers.put("http://t/announce", ok(600, null));
        clock.advance(Duration.ofSeconds(60));
        a.poll().join();
        assertThat(client.calls).last().isEqualTo("COMPLETED http://t/announce left=0 id=tid");
        clock.advance(Duration.ofSeconds(600));
        a.poll().join();
        assertThat(client.calls).last().isEqualTo("NONE http://t/announce left=0 id=tid");
    }

    @Test
    void aTorrentCompleteAtStartNeverSendsCompleted() {
        left = 0;
        client.answers.put("http://t/announce", ok(600, null));
        TrackerAnnouncer a = announcer(List.of(List.of("http://t/announce")));
        a.start();
        a.poll().join();
        a.completed();
        a.poll().join();
        assertThat(client.calls).containsExactly("STARTED http://t/announce left=0");
    }

    @Test
    void stopSendsNothingWhenNothingWasStarted() {
        TrackerAnnouncer a = announcer(List.of(List.of("http://t/announce")));
        a.start();
        a.poll().join(); // fails
        a.stop().join();
        assertThat(client.calls).containsExactly("STARTED http://t/announce left=100");
    }

    @Test
    void manualAnnouncesRespectMinInterval() {
        client.answers.put("http://t/announce", ok(1800, 120));
        TrackerAnnouncer a = announcer(List.of(List.of("http://t/announce")));
        a.start();
        a.poll().join();
        clock.advance(Duration.ofSeconds(119));
        assertThat(a.requestAnnounce()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.requestAnnounce()).isTrue();
        a.poll().join();
        assertThat(client.calls).hasSize(2);
    }

    @Test
    void whenEveryTrackerFailsRetriesBackOffUpToTheMaximum() {
        TrackerAnnouncer a = announcer(List.of(List.of("http://a/announce"), List.of("udp://b:1")));
        a.start();
        Instant t0 = clock.now;
        a.poll().join();
        assertThat(a.nextAnnounce()).contains(t0.plusSeconds(60));
        assertThat(a.statuses()).allSatisfy(st -> assertThat(st.nextAnnounce()).contains(t0.plusSeconds(60)));
        clock.advance(Duration.ofSeconds(60));
        a.poll().join();
        assertThat(a.nextAnnounce()).contains(clock.now.plusSeconds(120));
        clock.advance(Duration.ofSeconds(120));
        a.poll().join();
        assertThat(a.nextAnnounce()).contains(clock.now.plusSeconds(200)); // capped
        assertThat(client.calls).hasSize(6).allMatch(c -> c.startsWith("STARTED"));
        // the tracker comes back
        client.answers.put("udp://b:1", ok(900, null));
        clock.advance(Duration.ofSeconds(200));
        a.poll().join();
        assertThat(a.workingTracker()).contains("udp://b:1");
        assertThat(a.nextAnnounce()).contains(clock.now.plusSeconds(900));
    }

    @Test
    void aNewTrackerAfterFailOverGetsStartedToo() {
        client.answers.put("http://a/announce", ok(600, null));
        TrackerAnnouncer a = announcer(List.of(List.of("http://a/announce"), List.of("http://b/announce")));
        a.start();
        a.poll().join();
        client.answers.remove("http://a/announce");
        client.answers.put("http://b/announce", ok(600, null));
        clock.advance(Duration.ofSeconds(600));
        a.poll().join();
        assertThat(client.calls).containsExactly("STARTED http://a/announce left=100",
                "NONE http://a/announce left=100 id=tid", "STARTED http://b/announce left=100");
        a.stop().join();
        // both were started: both hear stopped
        assertThat(client.calls.subList(3, 5)).containsExactlyInAnyOrder("STOPPED http://a/announce left=100 id=tid",
                "STOPPED http://b/announce left=100 id=tid");
    }

    @Test
    void badUrlsFailOverToo() {
        client.answers.put("http://ok/announce", ok(600, null));
        TrackerAnnouncer a = announcer(List.of(List.of("not a url"), List.of("http://ok/announce")));
        a.start();
        a.poll().join();
        assertThat(heard.getFirst()).startsWith("fail STARTED not a url: bad tracker URL");
        assertThat(a.workingTracker()).contains("http://ok/announce");
    }

    @Test
    void settingsValidate() {
        assertThat(TrackerSettings.DEFAULTS.maxResponseSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(TrackerSettings.DEFAULTS.udpGiveUpAfter()).isEqualTo(Duration.ofSeconds(15 + 30 + 60 + 120));
        assertThatThrownBy(() -> TrackerSettings.builder().httpTimeout(Duration.ZERO).build())
                .hasMessageContaining("httpTimeout");
        assertThatThrownBy(() -> TrackerSettings.builder().udpMaxRetransmits(9).build())
                .hasMessageContaining("udpMaxRetransmits");
        assertThatThrownBy(() -> TrackerSettings.builder().maxResponseSize(10).build())
                .hasMessageContaining("maxResponseSize");
        assertThatThrownBy(() -> TrackerSettings.builder().failureRetryMax(Duration.ofSeconds(1)).build())
                .hasMessageContaining("failureRetryMax");
        assertThatThrownBy(() -> TrackerSettings.builder().userAgent("a\nb").build())
                .hasMessageContaining("userAgent");
        assertThat(TrackerSettings.DEFAULTS.toBuilder().numWant(10).build().numWant()).isEqualTo(10);
    }

    @Test
    void requestValidatesHashesAndPorts() {
        assertThatThrownBy(() -> AnnounceRequest.of(new byte[19], new byte[20], 1, 0, 0, 0, AnnounceEvent.NONE, 1, 1))
                .hasMessage("info hash must be 20 bytes, was 19");
        assertThatThrownBy(() -> AnnounceRequest.of(new byte[20], new byte[20], 70000, 0, 0, 0, AnnounceEvent.NONE,
                1, 1)).hasMessage("port out of range: 70000");
    }

    @Test
    void torrentsAnnounceTheirWireHashV1OrTruncatedV2() {
        byte[] v1 = new byte[20];
        v1[0] = 1;
        byte[] v2 = new byte[32];
        for (int i = 0; i < 32; i++) {
            v2[i] = (byte) (i + 100);
        }
        byte[] peer = new byte[20];
        var hybrid = new org.peerwave.engine.metainfo.InfoHashes(org.peerwave.engine.metainfo.InfoHash.v1(v1),
                org.peerwave.engine.metainfo.InfoHash.v2(v2));
        var v2Only = org.peerwave.engine.metainfo.InfoHashes.ofV2(org.peerwave.engine.metainfo.InfoHash.v2(v2));
        assertThat(AnnounceRequest.forTorrent(hybrid, peer, 1, 0, 0, 0, AnnounceEvent.NONE, -1, 0).infoHash())
                .isEqualTo(v1);
        assertThat(AnnounceRequest.forTorrent(v2Only, peer, 1, 0, 0, 0, AnnounceEvent.NONE, -1, 0).infoHash())
                .isEqualTo(java.util.Arrays.copyOf(v2, 20));
    }

    @Test
    void trackerExceptionMessagesAreOneLine() {
        var e = new TrackerException(TrackerException.Kind.FAILURE_REASON, "tracker failure: a\r\nb\tc" + "x".repeat(400));
        assertThat(e.getMessage()).doesNotContain("\n").startsWith("tracker failure: a b c").hasSize(303);
    }

    @Test
    void scrapeKeysWrittenAsUtf8Latin1AreMappedBack() {
        byte[] hash = new byte[20];
        for (int i = 0; i < 20; i++) {
            hash[i] = (byte) (0x70 + i * 7);
        }
        BString mangled = BString.of(new String(hash, StandardCharsets.ISO_8859_1));
        assertThat(mangled.length()).isGreaterThan(20);
        assertThat(HttpTrackerResponses.scrapeKey(mangled)).isEqualTo(hash);
        assertThat(HttpTrackerResponses.scrapeKey(BString.of(hash))).isEqualTo(hash);
        assertThat(HttpTrackerResponses.scrapeKey(BString.of("short"))).isNull();
    }
}
