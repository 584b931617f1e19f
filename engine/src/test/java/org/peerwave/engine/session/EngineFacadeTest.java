package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.FileRange;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/**
 * The public facade between two engines on loopback: magnets added with {@code engine.add} (metadata
 * phase, BEP 53 selection, pause after metadata), file priorities (skipped files never created,
 * completion of the selected ones, selecting more later, resume data), per-torrent rate limits.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineFacadeTest {

    static final long PIECE = 256 * 1024;

    @TempDir
    static Path work;
    static Path source;
    static TorrentMetainfo torrent;
    static Engine seeder;

    @BeforeAll
    static void seed() throws Exception {
        source = Files.createDirectories(work.resolve("seed").resolve("Facade Album"));
        TestTrees.file(source.resolve("a.bin"), 3L * 1024 * 1024 + 17, 31);
        TestTrees.file(source.resolve("b.bin"), 1024 * 1024 + 123, 32);
        TestTrees.file(source.resolve("c/c.bin"), 700_000, 33);
        TestTrees.file(source.resolve("d.bin"), 2L * 1024 * 1024 + 5, 34);
        TestTrees.file(source.resolve("e.txt"), 50_000, 35);
        torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, TorrentCreator.Mode.V1));
        seeder = Engine.create(SwarmFixtures.settings("127.0.0.80"));
        seeder.add(torrent, source.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        seeder.close();
    }

    static int index(String name) {
        for (int i = 0; i < torrent.files().size(); i++) {
            if (torrent.files().get(i).pathString().endsWith(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    static List<FilePriority> only(String... names) {
        List<FilePriority> out = new ArrayList<>();
        for (int i = 0; i < torrent.files().size(); i++) {
            out.add(FilePriority.SKIP);
        }
        for (String n : names) {
            out.set(index(n), FilePriority.NORMAL);
        }
        return out;
    }

    /** Waits for completion; on a time-out the failure says where the torrent was. */
    static void complete(TorrentHandle h, int seconds) throws Exception {
        try {
            h.completion().get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not complete: " + SwarmFixtures.stats(h), e);
        }
    }

    /** The completion future may complete a moment before the event is queued: waits for it. */
    static boolean awaitEvent(Engine engine, EngineEvent wanted) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            EngineEvent e = engine.events().poll(Duration.ofMillis(100));
            if (wanted.equals(e)) {
                return true;
            }
        }
        return false;
    }

    static Path file(Path out, String name) {
        return out.resolve("Facade Album").resolve(name);
    }

    static void assertSame(Path out, String name) throws Exception {
        assertThat(Files.mismatch(source.resolve(name), file(out, name))).as(name).isEqualTo(-1L);
    }

    @Test
    void aMagnetAddedToTheEngineFetchesItsMetadataThenDownloadsWithoutBeingAddedAgain() throws Exception {
        Path out = Files.createDirectories(work.resolve("magnet"));
        try (Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.81"))) {
            TorrentHandle h = leecher.add(MagnetLink.forTorrent(torrent), out, AddOptions.DEFAULT);
            assertThat(h.infoHashes()).isEqualTo(torrent.infoHashes());
            assertThat(SwarmFixtures.stats(h).state()).isEqualTo(new TorrentState.DownloadingMetadata());
            assertThat(h.metadata()).isNotDone();
            assertThat(leecher.torrents()).containsExactly(h);
            assertThatThrownBy(() -> h.setFilePriorities(only("a.bin")).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("metadata has not arrived");
            assertThatThrownBy(() -> leecher.add(MagnetLink.forTorrent(torrent), out, AddOptions.DEFAULT))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already added");

            h.connectPeer(seeder.listenAddress()).get(5, TimeUnit.SECONDS);
            TorrentMetainfo meta = h.metadata().get(30, TimeUnit.SECONDS);
            assertThat(meta.infoBytes()).isEqualTo(torrent.infoBytes());
            complete(h, 60);
            TorrentStats s = SwarmFixtures.stats(h);
            assertThat(s.state()).isEqualTo(new TorrentState.Seeding());
            assertThat(s.progress()).isEqualTo(1.0);
            assertThat(h.filePriorities().get(5, TimeUnit.SECONDS)).containsOnly(FilePriority.NORMAL);
            List<EngineEvent> events = leecher.events().drain();
            assertThat(events).containsSubsequence(
                    new EngineEvent.TorrentAdded(torrent.infoHashes(), torrent.name()),
                    new EngineEvent.MetadataReceived(torrent.infoHashes(), torrent.name()),
                    new EngineEvent.StateChanged(torrent.infoHashes(), new TorrentState.DownloadingMetadata(),
                            new TorrentState.Checking()),
                    new EngineEvent.StateChanged(torrent.infoHashes(), new TorrentState.Checking(),
                            new TorrentState.Downloading()),
                    new EngineEvent.TorrentCompleted(torrent.infoHashes()));
        }
        SwarmFixtures.assertSameFilesSmall(source, out.resolve("Facade Album"));
    }

    @Test
    void aMagnetsBep53SelectionAndXpePeerDownloadOnlyTheSelectedFiles() throws Exception {
        Path out = Files.createDirectories(work.resolve("so"));
        int b = index("b.bin");
        int e = index("e.txt");
        MagnetLink plain = MagnetLink.forTorrent(torrent);
        MagnetLink link = new MagnetLink(plain.infoHashes(), plain.displayName(), List.of(), List.of(), List.of(),
                List.of(), List.of("127.0.0.80:" + seeder.listenPort()), List.of(FileRange.of(b), FileRange.of(e)));
        try (Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.82"))) {
            TorrentHandle h = leecher.add(MagnetLink.parse(link.toUri()), out, AddOptions.DEFAULT);
            complete(h, 60);
            assertThat(h.filePriorities().get(5, TimeUnit.SECONDS)).isEqualTo(only("b.bin", "e.txt"));
            TorrentStats s = SwarmFixtures.stats(h);
            assertThat(s.state()).isEqualTo(new TorrentState.Seeding());
            assertThat(s.wantedProgress()).isEqualTo(1.0);
            assertThat(s.progress()).isLessThan(0.5);
            long selected = Files.size(source.resolve("b.bin")) + Files.size(source.resolve("e.txt"));
            assertThat(s.downloaded()).isBetween(selected, selected + 4 * PIECE);
        }
        assertSame(out, "b.bin");
        assertSame(out, "e.txt");
        for (String skipped : List.of("a.bin", "c/c.bin", "d.bin")) {
            assertThat(file(out, skipped)).as(skipped).doesNotExist();
        }
    }

    @Test
    void pauseAfterMetadataLetsFilesBePickedBeforeAnythingIsDownloadedThenMoreFilesLater() throws Exception {
        Path out = Files.createDirectories(work.resolve("pick"));
        try (Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.83"))) {
            TorrentHandle h = leecher.add(MagnetLink.forTorrent(torrent), out,
                    AddOptions.DEFAULT.withPauseAfterMetadata(true));
            h.connectPeer(seeder.listenAddress());
            TorrentMetainfo meta = h.metadata().get(30, TimeUnit.SECONDS);
            assertThat(meta.files()).hasSize(5);
            assertThat(SwarmFixtures.stats(h).state()).isEqualTo(new TorrentState.Paused(new TorrentState.Checking()));
            assertThatThrownBy(() -> h.setFilePriorities(List.of(FilePriority.HIGH)).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            h.setFilePriorities(only("c/c.bin")).get(5, TimeUnit.SECONDS);
            h.resume().get(5, TimeUnit.SECONDS);
            complete(h, 60);
            assertSame(out, "c/c.bin");
            assertThat(file(out, "a.bin")).doesNotExist();
            assertThat(file(out, "d.bin")).doesNotExist();
            long downloaded = SwarmFixtures.stats(h).downloaded();
            assertThat(downloaded).isBetween(700_000L, 700_000L + 2 * PIECE);

            // selecting every file again: back to downloading, and a new completion
            leecher.events().drain();
            h.setFilePriorities(only("a.bin", "b.bin", "c/c.bin", "d.bin", "e.txt")).get(5, TimeUnit.SECONDS);
            // (the rest may already be downloaded when the priorities' save completes: no state check here)
            complete(h, 60);
            long rest = Files.size(source.resolve("a.bin")) + Files.size(source.resolve("b.bin"))
                    + Files.size(source.resolve("d.bin")) + Files.size(source.resolve("e.txt"));
            assertThat(SwarmFixtures.stats(h).downloaded()).as("the newly selected files were downloaded")
                    .isGreaterThanOrEqualTo(downloaded + rest - 2L * PIECE);
            assertThat(awaitEvent(leecher, new EngineEvent.TorrentCompleted(torrent.infoHashes()))).isTrue();
        }
        SwarmFixtures.assertSameFilesSmall(source, out.resolve("Facade Album"));
    }

    @Test
    void filePrioritiesAreSavedInResumeDataAndRestored() throws Exception {
        Path out = Files.createDirectories(work.resolve("resume-out"));
        Path resume = work.resolve("resume");
        List<FilePriority> chosen = only("a.bin", "e.txt");
        chosen.set(index("e.txt"), FilePriority.HIGH);
        EngineSettings settings = SwarmFixtures.settings("127.0.0.84").toBuilder().resumeDir(resume).build();
        try (Engine leecher = Engine.create(settings)) {
            TorrentHandle h = leecher.add(torrent, out, AddOptions.DEFAULT.withFilePriorities(chosen));
            h.connectPeer(seeder.listenAddress());
            complete(h, 60);
        }
        try (Engine again = Engine.create(settings)) {
            TorrentHandle h = again.add(torrent, out, AddOptions.DEFAULT); // no priorities given: resume data's
            complete(h, 30); // no peer: complete from disk alone
            assertThat(h.filePriorities().get(5, TimeUnit.SECONDS)).isEqualTo(chosen);
            assertThat(SwarmFixtures.stats(h).state()).isEqualTo(new TorrentState.Seeding());
            h.setFilePriorities(only("e.txt")).get(5, TimeUnit.SECONDS); // a change is saved too (at close)
        }
        try (Engine third = Engine.create(settings)) {
            TorrentHandle h = third.add(torrent, out, AddOptions.DEFAULT);
            complete(h, 30);
            assertThat(h.filePriorities().get(5, TimeUnit.SECONDS)).isEqualTo(only("e.txt"));
            // options given at add win over the resume data
        }
        try (Engine fourth = Engine.create(settings)) {
            TorrentHandle h = fourth.add(torrent, out, AddOptions.DEFAULT.withFilePriorities(only("a.bin")));
            complete(h, 30);
            assertThat(h.filePriorities().get(5, TimeUnit.SECONDS)).isEqualTo(only("a.bin"));
        }
        assertSame(out, "a.bin");
        assertSame(out, "e.txt");
        assertThat(file(out, "b.bin")).doesNotExist();
        assertThat(file(out, "d.bin")).doesNotExist();
    }
}
