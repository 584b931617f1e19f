package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFilesSmall;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/** Force recheck (trusting no resume data) and move storage, through the handle. */
@Timeout(120)
class RecheckAndMoveTest {

    @TempDir
    static Path work;
    static Path source;
    static TorrentMetainfo torrent;

    @BeforeAll
    static void data() throws Exception {
        source = TestTrees.oddTree(Files.createDirectories(work.resolve("seed")));
        torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, TorrentCreator.Mode.HYBRID));
    }

    private static Path copyOfSource(String name) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : s.toList()) {
                Path target = dir.resolve(source.getParent().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return dir;
    }

    /** The largest file of the copy: flips one byte in its middle and puts its modification time back. */
    private static void corruptKeepingMtime(Path dataDir) throws IOException {
        Path biggest;
        try (Stream<Path> s = Files.walk(dataDir)) {
            biggest = s.filter(Files::isRegularFile).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                    .orElseThrow();
        }
        FileTime mtime = Files.getLastModifiedTime(biggest);
        try (RandomAccessFile f = new RandomAccessFile(biggest.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
        Files.setLastModifiedTime(biggest, mtime);
    }

    private static void awaitState(TorrentHandle h, Class<? extends TorrentState> state) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!state.isInstance(SwarmFixtures.stats(h).state()) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(SwarmFixtures.stats(h).state()).isInstanceOf(state);
    }

    @Test
    void forceRecheckFindsDamageThatResumeDataWouldTrustAndTheTorrentHealsFromAPeer() throws Exception {
        Path data = copyOfSource("recheck-data");
        Path resume = Files.createDirectories(work.resolve("recheck-resume"));
        EngineSettings settings = SwarmFixtures.settings("127.0.0.41").toBuilder().resumeDir(resume).build();
        try (Engine engine = Engine.create(settings)) {
            TorrentHandle h = engine.add(torrent, data, AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            h.pause().get(10, TimeUnit.SECONDS); // saves resume data: every piece verified
        }
        corruptKeepingMtime(data);
        try (Engine engine = Engine.create(settings);
             Engine good = Engine.create(SwarmFixtures.settings("127.0.0.42"))) {
            TorrentHandle h = engine.add(torrent, data, AddOptions.DEFAULT);
            awaitState(h, TorrentState.Seeding.class);
            assertThat(SwarmFixtures.stats(h).piecesDone()).as("resume data trusts the unchanged size and time")
                    .isEqualTo(torrent.pieceCount());

            h.forceRecheck().get(5, TimeUnit.SECONDS);
            awaitState(h, TorrentState.Downloading.class);
            TorrentStats after = SwarmFixtures.stats(h);
            assertThat(after.piecesDone()).as("the damaged piece is found").isEqualTo(torrent.pieceCount() - 1);

            TorrentHandle seed = good.add(torrent, source.getParent(), AddOptions.DEFAULT);
            seed.completion().get(30, TimeUnit.SECONDS);
            h.connectPeer(good.listenAddress()).get(5, TimeUnit.SECONDS);
            h.completion().get(60, TimeUnit.SECONDS);
            assertThat(SwarmFixtures.stats(h).downloaded()).as("only the damaged piece is fetched again")
                    .isLessThanOrEqualTo(torrent.pieceLength());
        }
        assertSameFilesSmall(source, data.resolve(source.getFileName().toString()));
    }

    @Test
    void moveStorageMovesTheFilesAndTheTorrentKeepsServingFromTheNewFolder() throws Exception {
        Path data = copyOfSource("move-from");
        Path target = Files.createDirectories(work.resolve("move-to"));
        Path out = Files.createDirectories(work.resolve("move-leech"));
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.43"));
             Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.44"))) {
            TorrentHandle h = engine.add(torrent, data, AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);

            h.moveStorage(target).get(30, TimeUnit.SECONDS);
            assertThat(data.resolve(source.getFileName().toString())).doesNotExist();
            assertSameFilesSmall(source, target.resolve(source.getFileName().toString()));

            h.forceRecheck().get(5, TimeUnit.SECONDS);
            awaitState(h, TorrentState.Seeding.class);
            assertThat(SwarmFixtures.stats(h).piecesDone()).as("every piece found in the new folder")
                    .isEqualTo(torrent.pieceCount());

            TorrentHandle l = leecher.add(torrent, out, AddOptions.DEFAULT);
            l.connectPeer(engine.listenAddress()).get(5, TimeUnit.SECONDS);
            l.completion().get(60, TimeUnit.SECONDS);
        }
        assertSameFilesSmall(source, out.resolve(source.getFileName().toString()));
    }
}
