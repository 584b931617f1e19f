package org.peerwave.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.Main;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.storage.ResumeStore;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.peerwave.engine.testing.peers.ManagedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real CLI in its own JVM, killed with SIGKILL halfway through a 64 MiB download from a
 * libtorrent seeder, then started again on the same folder: it completes, the files are the
 * seeder's, and the second run asks for no more than what was missing on disk (plus a small
 * margin), as libtorrent's own upload counter of a fresh seeder shows. The kill comes a few seconds
 * after a resume save, so pieces verified after that save are on disk but not in the resume file:
 * the restart must check them again, not download them again.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DownloadKillResumeTest {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadKillResumeTest.class);
    private static final Pattern PROGRESS = Pattern.compile("^\\{\"progress\": ([0-9.]+),");
    private static final int PIECE = 256 * 1024;
    private static final long KIB_PER_SECOND = 2048;

    @TempDir
    Path dir;

    @Test
    void killedAtHalfwayResumesAndAsksOnlyForTheMissingPart() throws Exception {
        Path source = Files.createDirectories(dir.resolve("seed").resolve("kill test"));
        long[] sizes = {20L * 1024 * 1024 + 3, 13L * 1024 * 1024 + 777, 17L * 1024 * 1024 + 5, 9L * 1024 * 1024 + 11,
            5L * 1024 * 1024 - 1};
        for (int i = 0; i < sizes.length; i++) {
            TestTrees.file(source.resolve(i % 2 == 0 ? "a" : "b").resolve("part " + i + ".bin"), sizes[i], 40 + i);
        }
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(source).pieceLength(PIECE).creationDate(null)
                .create();
        TorrentMetainfo meta = created.metainfo();
        Path torrentFile = Files.write(dir.resolve("kill.torrent"), created.bytes());
        Path out = dir.resolve("out");
        Path downloaded = out.resolve(source.getFileName().toString());
        Path resumeFile = new ResumeStore(out.resolve(DownloadCommand.RESUME_FOLDER))
                .fileFor(meta.infoHashes().v1Optional().orElseThrow());

        // run 1: rate-limited, killed a few seconds after a resume save once half is done
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.73",
                dir.resolve("lt-1"));
             ManagedProcess cli = cli("cli-1", "download", torrentFile.toString(), "-o", out.toString(),
                     "--listen", "127.0.0.74", "--peer", address(seed), "--json-progress",
                     "--max-down", Long.toString(KIB_PER_SECOND))) {
            awaitKillMoment(cli, resumeFile);
            cli.kill();
            assertThat(cli.isAlive()).isFalse();
        }

        boolean[] present = piecesOnDisk(meta, source.getParent(), out);
        long presentBytes = 0;
        int presentCount = 0;
        for (int p = 0; p < present.length; p++) {
            if (present[p]) {
                presentCount++;
                presentBytes += pieceSize(meta, p);
            }
        }
        long missing = meta.storageLength() - presentBytes;
        int saved = ((ResumeStore.Loaded) new ResumeStore(resumeFile.getParent())
                .load(meta.infoHashes().v1Optional().orElseThrow())).data().have().count();
        assertThat(missing).as("killed at about half").isBetween(meta.storageLength() / 5, meta.storageLength() * 4 / 5);
        assertThat(saved).as("pieces verified after the last resume save are on disk").isLessThan(presentCount);

        // run 2: a fresh seeder counts exactly what the restarted CLI asks for
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.75",
                dir.resolve("lt-2"));
             ManagedProcess cli = cli("cli-2", "download", torrentFile.toString(), "-o", out.toString(),
                     "--listen", "127.0.0.76", "--peer", address(seed), "--json-progress")) {
            assertThat(cli.awaitExit(Duration.ofSeconds(150))).as("exit status; output:\n%s", cli.tail()).isZero();
            List<String> progress = cli.lines().stream().filter(l -> l.startsWith("{\"progress\"")).toList();
            assertThat(progress).isNotEmpty();
            assertThat(progress.getLast()).startsWith("{\"progress\": 1.0000,");
            long uploaded = settledUpload(seed);
            long margin = 2L * PIECE + missing / 20;
            LOG.info("kill/resume: {} of {} pieces on disk at the kill, {} in the resume file; missing {} bytes,"
                    + " sent after the restart {} (limit {})", presentCount, present.length, saved, missing, uploaded,
                    missing + margin);
            assertThat(uploaded).as("bytes the seeder sent after the restart (missing %d)", missing)
                    .isGreaterThanOrEqualTo(missing)
                    .isLessThanOrEqualTo(missing + margin);
        }
        assertSameTree(source, downloaded);
    }

    /** The real CLI: {@code java -cp <this test's class path> org.peerwave.app.Main ARGS}. */
    private ManagedProcess cli(String name, String... args) throws IOException {
        String javaHome = System.getProperty("java.home");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-Xmx512m",
                "-cp", classPath, Main.class.getName()));
        cmd.addAll(Arrays.asList(CliTest.offline(args)));
        return new ManagedProcess(name, cmd, Files.createDirectories(dir.resolve(name)), Map.of());
    }

    private static String address(LibtorrentPeer p) {
        return p.peerAddress().getHostString() + ":" + p.peerAddress().getPort();
    }

    /** Waits until half is done and the last resume save is 3 to 8 s old (saves come every 10 s). */
    private static void awaitKillMoment(ManagedProcess cli, Path resumeFile) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            double progress = lastProgress(cli);
            if (progress >= 0.5 && Files.exists(resumeFile)) {
                Duration age = Duration.between(Files.getLastModifiedTime(resumeFile).toInstant(), Instant.now());
                if (age.toMillis() >= 3000 && age.toMillis() <= 8000) {
                    return;
                }
            }
            if (progress >= 0.8) {
                throw new AssertionError("no kill moment before 80%:\n" + cli.tail());
            }
            if (!cli.isAlive()) {
                throw new AssertionError("the CLI exited before the kill:\n" + cli.tail());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no kill moment within 120 s:\n" + cli.tail());
    }

    private static double lastProgress(ManagedProcess cli) {
        List<String> lines = cli.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = PROGRESS.matcher(lines.get(i));
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        return 0;
    }

    /** libtorrent's payload upload counter once it stops changing (it reports every 0.25 s). */
    private static long settledUpload(LibtorrentPeer seed) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 40; i++) {
            Thread.sleep(500);
            long now = seed.uploaded();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static long pieceSize(TorrentMetainfo meta, int piece) {
        return Math.min(PIECE, meta.storageLength() - (long) piece * PIECE);
    }

    /** Which pieces of the download equal the seeder's bytes (the torrent's byte space, file by file). */
    private static boolean[] piecesOnDisk(TorrentMetainfo meta, Path sourceParent, Path outParent) throws IOException {
        int count = (int) ((meta.storageLength() + PIECE - 1) / PIECE);
        boolean[] same = new boolean[count];
        Arrays.fill(same, true);
        for (FileEntry f : meta.files()) {
            if (f.pad() || f.length() == 0) {
                continue;
            }
            Path rel = Path.of(meta.name(), f.path().toArray(String[]::new));
            Path a = sourceParent.resolve(rel.toString());
            Path b = outParent.resolve(rel.toString());
            byte[] want = Files.readAllBytes(a);
            byte[] have = new byte[want.length];
            if (Files.exists(b)) {
                try (RandomAccessFile r = new RandomAccessFile(b.toFile(), "r")) {
                    int n = (int) Math.min(r.length(), have.length);
                    r.readFully(have, 0, n);
                }
            }
            for (long pos = 0; pos < f.length(); ) {
                int piece = (int) ((f.offset() + pos) / PIECE);
                long pieceEnd = Math.min((long) (piece + 1) * PIECE - f.offset(), f.length());
                if (!Arrays.equals(want, (int) pos, (int) pieceEnd, have, (int) pos, (int) pieceEnd)) {
                    same[piece] = false;
                }
                pos = pieceEnd;
            }
        }
        return same;
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(expected)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(5);
        for (Path f : files) {
            Path other = actual.resolve(expected.relativize(f).toString());
            assertThat(Files.mismatch(f, other)).as("first differing byte of %s", other).isEqualTo(-1L);
        }
    }
}
