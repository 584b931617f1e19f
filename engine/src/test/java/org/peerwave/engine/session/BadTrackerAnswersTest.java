package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.tracker.TrackerSettings;

/**
 * Tracker answers that are huge, truncated or not bencode, at the session: each announce fails with
 * its reason (tracker row and event), the next tier is tried, and the download completes through
 * the one good tracker.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadTrackerAnswersTest {

    @TempDir
    Path work;

    @Test
    void hugeTruncatedAndNonBencodeAnswersFailTheirAnnounceOnly() throws Exception {
        Path source = TestTrees.oddTree(Files.createDirectories(work.resolve("seed")));
        Path out = Files.createDirectories(work.resolve("out"));
        int cap = TrackerSettings.DEFAULTS.maxResponseSize();
        try (RecordingTracker huge = new RecordingTracker().respondWith("d8:intervali60e5:peers"
                     + (cap + 1) + ":" + "x".repeat(cap + 1) + "e");
             RecordingTracker truncated = new RecordingTracker().respondWith("d8:intervali60e5:peers12:\u007f\u0000");
             RecordingTracker garbage = new RecordingTracker().respondWith("\u0000\u00ff<html>no</html>");
             RecordingTracker good = new RecordingTracker()) {
            List<String> urls = List.of(huge.url(), truncated.url(), garbage.url(), good.url());
            TorrentMetainfo t = TorrentMetainfo.parse(TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1)
                    .pieceLength(64 * 1024).trackers(urls.stream().map(List::of).toList()).creationDate(null)
                    .create().bytes());
            try (Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.82"));
                 Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.83"))) {
                seeder.add(t, source.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
                good.await(a -> a.ip().equals("127.0.0.82"), Duration.ofSeconds(20), "from the seeder");
                TorrentHandle l = leecher.add(t, out, AddOptions.DEFAULT);
                l.completion().get(60, TimeUnit.SECONDS);

                // (after completion the `completed` announce walks the tiers again: wait until it is done)
                List<TrackerStatus.State> settled = List.of(TrackerStatus.State.ERROR, TrackerStatus.State.ERROR,
                        TrackerStatus.State.ERROR, TrackerStatus.State.WORKING);
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                List<TrackerStatus> rows = l.trackers().get(5, TimeUnit.SECONDS);
                while (!rows.stream().map(TrackerStatus::state).toList().equals(settled) && System.nanoTime() < end) {
                    Thread.sleep(20);
                    rows = l.trackers().get(5, TimeUnit.SECONDS);
                }
                assertThat(rows).extracting(TrackerStatus::url).containsExactlyElementsOf(urls);
                for (TrackerStatus r : rows.subList(0, 3)) {
                    assertThat(r.state()).as("%s", r).isEqualTo(TrackerStatus.State.ERROR);
                    assertThat(r.message()).as("%s", r).hasValueSatisfying(m -> assertThat(m).isNotBlank());
                }
                List<String> failed = new ArrayList<>();
                for (EngineEvent e : leecher.events().drain()) {
                    if (e instanceof EngineEvent.TrackerError te) {
                        failed.add(te.url());
                    }
                }
                assertThat(failed).contains(huge.url(), truncated.url(), garbage.url());
                assertThat(SwarmFixtures.stats(l).state()).isInstanceOf(TorrentState.Seeding.class);
            }
        }
        SwarmFixtures.assertSameFilesSmall(source, out.resolve(source.getFileName().toString()));
    }
}
