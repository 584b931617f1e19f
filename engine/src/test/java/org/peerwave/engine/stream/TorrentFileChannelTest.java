package org.peerwave.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.FilePriority;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming reads against a real libtorrent seeder (tools/lt_test_peer.py) held to
 * {@value #UPLOAD_LIMIT} B/s, so the download takes seconds: reads at random places return exactly
 * the source bytes before the torrent completes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TorrentFileChannelTest {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentFileChannelTest.class);
    private static final int PIECE = 256 * 1024;
    private static final int UPLOAD_LIMIT = 1024 * 1024;
    private static final StreamSettings SETTINGS = StreamSettings.builder().readTimeout(Duration.ofSeconds(25)).build();

    @TempDir
    static Path work;
    static Path tree;
    static Path movie;
    static Path single;

    @BeforeAll
    static void data() throws IOException {
        tree = work.resolve("seed/stream tree");
        TestTrees.file(tree.resolve("a-small.txt"), 12_345, 1);
        TestTrees.file(tree.resolve("b-odd.bin"), 3L * PIECE + 4_321, 2);
        movie = TestTrees.file(tree.resolve("c-movie.bin"), 20L * 1024 * 1024 + 777, 3);
        TestTrees.file(tree.resolve("d-tail.bin"), 70_001, 4);
        single = TestTrees.file(work.resolve("seed-single/single.mkv"), 6L * 1024 * 1024 + 333, 5);
    }

    private record Swarm(LibtorrentPeer seed, Engine engine, TorrentHandle handle, TorrentMetainfo meta)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try (engine; seed) {
                // both closed
            }
        }
    }

    private static Swarm swarm(Path source, TorrentCreator.Mode mode, String name, String seedIp, String ourIp,
                               List<FilePriority> priorities) throws Exception {
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(source).mode(mode).pieceLength(PIECE)
                .creationDate(null).create();
        Path torrentFile = Files.write(Files.createDirectories(work.resolve("torrents")).resolve(name + ".torrent"),
                created.bytes());
        TorrentMetainfo meta = TorrentMetainfo.parse(created.bytes());
        LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), seedIp, work.resolve("lt-" + name),
                "--upload-limit", Integer.toString(UPLOAD_LIMIT));
        Engine engine = Engine.create(settings(ourIp));
        AddOptions options = priorities.isEmpty() ? AddOptions.DEFAULT : AddOptions.DEFAULT.withFilePriorities(priorities);
        TorrentHandle h = engine.add(meta, Files.createDirectories(work.resolve("out-" + name)), options);
        h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
        return new Swarm(seed, engine, h, meta);
    }

    private static EngineSettings settings(String ip) throws IOException {
        return EngineSettings.builder().listenAddress(InetAddress.getByName(ip)).listenPort(0).ioThreads(2).build();
    }

    private static int indexOf(TorrentMetainfo meta, String fileName) {
        List<FileEntry> files = meta.files();
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).path().getLast().equals(fileName)) {
                return i;
            }
        }
        throw new AssertionError("no file " + fileName);
    }

    private static byte[] sourceBytes(Path file, long position, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(position);
            f.readFully(b);
            return b;
        }
    }

    /** Reads {@code length} bytes from {@code position} (several reads when they span pieces). */
    private static byte[] readAt(TorrentFileChannel ch, long position, int length) throws IOException {
        ch.position(position);
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                break;
            }
        }
        return buf.array();
    }

    private static double progress(TorrentHandle h) throws Exception {
        return h.stats().get(5, TimeUnit.SECONDS).progress();
    }

    @Test
    void randomReadsOfAHybridMultiFileTorrentReturnTheSourceBytesBeforeTheDownloadCompletes() throws Exception {
        TorrentCreator.CreatedTorrent probe = TorrentCreator.builder(tree).mode(TorrentCreator.Mode.HYBRID)
                .pieceLength(PIECE).creationDate(null).create();
        List<FilePriority> priorities = new ArrayList<>();
        for (FileEntry f : probe.metainfo().files()) {
            priorities.add(f.path().getLast().equals("b-odd.bin") ? FilePriority.SKIP : FilePriority.NORMAL);
        }
        try (Swarm s = swarm(tree, TorrentCreator.Mode.HYBRID, "hybrid", "127.0.0.151", "127.0.0.152", priorities)) {
            assertThat(s.meta().files()).as("hybrid torrents have pad files").anyMatch(FileEntry::pad);
            int movieIndex = indexOf(s.meta(), "c-movie.bin");
            int oddIndex = indexOf(s.meta(), "b-odd.bin");
            TorrentFile file = TorrentFile.open(s.handle(), movieIndex, SETTINGS).get(10, TimeUnit.SECONDS);
            TorrentFile odd = TorrentFile.open(s.handle(), oddIndex, SETTINGS).get(10, TimeUnit.SECONDS);
            assertThat(s.handle().filePriorities().get(5, TimeUnit.SECONDS).get(oddIndex))
                    .as("a skipped file being streamed is downloaded").isEqualTo(FilePriority.NORMAL);
            assertThat(file.size()).isEqualTo(Files.size(movie));
            assertThatThrownBy(() -> TorrentFile.open(s.handle(), indexOf(s.meta(), "a-small.txt") + 1).join())
                    .hasMessageContaining("pad file");

            // a second reader on another file, at the same time, reads the whole file through the stream view
            CompletableFuture<byte[]> other = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = odd.openInputStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long size = file.size();
            Random r = new Random(7);
            List<long[]> reads = new ArrayList<>(List.of(
                    new long[] {0, 1000},
                    new long[] {size / 2, 70_000},
                    new long[] {size - 5_000, 5_000},
                    new long[] {3L * PIECE - 100, 300}, // across a piece boundary
                    new long[] {size - 1, 1}));
            for (int i = 0; i < 4; i++) {
                reads.add(new long[] {(long) (r.nextDouble() * (size - 40_000)), 1 + r.nextInt(40_000)});
            }
            try (TorrentFileChannel ch = file.openChannel()) {
                long slowest = 0;
                for (long[] read : reads) {
                    long t0 = System.nanoTime();
                    byte[] got = readAt(ch, read[0], (int) read[1]);
                    slowest = Math.max(slowest, System.nanoTime() - t0);
                    assertThat(got).as("bytes at %d (+%d)", read[0], read[1])
                            .isEqualTo(sourceBytes(movie, read[0], (int) read[1]));
                }
                double progress = progress(s.handle());
                LOG.info("{} random reads served at torrent progress {}, slowest read {} ms", reads.size(), progress,
                        slowest / 1_000_000);
                assertThat(progress).as("the reads were served before the download completed").isLessThan(1.0);
                assertThat(readAt(ch, size - 1, 1)).isEqualTo(sourceBytes(movie, size - 1, 1));
                assertThat(ch.position()).isEqualTo(size);
                assertThat(ch.read(ByteBuffer.allocate(10))).isEqualTo(-1);
                assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
            }
            assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo(Files.readAllBytes(tree.resolve("b-odd.bin")));
        }
    }

    @Test
    void aSeekTo80PercentGetsItsPieceBeforeMostOfTheFile() throws Exception {
        try (Swarm s = swarm(tree, TorrentCreator.Mode.HYBRID, "seek", "127.0.0.153", "127.0.0.154", List.of())) {
            TorrentFile file = TorrentFile.open(s.handle(), indexOf(s.meta(), "c-movie.bin"), SETTINGS)
                    .get(10, TimeUnit.SECONDS);
            try (TorrentFileChannel ch = file.openChannel()) {
                long at = file.size() * 8 / 10;
                byte[] got = readAt(ch, at, 100_000);
                double progress = progress(s.handle());
                LOG.info("seek to 80 percent: read returned at torrent progress {}", progress);
                assertThat(got).isEqualTo(sourceBytes(movie, at, 100_000));
                assertThat(progress).as("progress when the read at 80 percent returned").isLessThan(0.5);
            }
            assertThat(s.handle().stats().get(5, TimeUnit.SECONDS).progress()).isLessThan(1.0);
        }
    }

    @Test
    void aV1SingleFileTorrentStreamsFromStartToEnd() throws Exception {
        try (Swarm s = swarm(single, TorrentCreator.Mode.V1, "v1-single", "127.0.0.155", "127.0.0.156", List.of())) {
            assertThat(s.meta().singleFile()).isTrue();
            TorrentFile file = TorrentFile.open(s.handle(), 0, SETTINGS).get(10, TimeUnit.SECONDS);
            try (TorrentFileChannel ch = file.openChannel()) {
                long end = file.size() - 100_000;
                assertThat(readAt(ch, end, 100_000)).isEqualTo(sourceBytes(single, end, 100_000));
                assertThat(readAt(ch, 0, 100_000)).isEqualTo(sourceBytes(single, 0, 100_000));
                assertThat(progress(s.handle())).isLessThan(1.0);
            }
            try (InputStream in = file.openInputStream()) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(single));
            }
        }
    }

    @Test
    void theCriticalRangeFollowsTheReaderAndIsDroppedAtOnceOnSeekAndClose() throws Exception {
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(single).mode(TorrentCreator.Mode.V1)
                .pieceLength(PIECE).creationDate(null).create();
        TorrentMetainfo meta = TorrentMetainfo.parse(created.bytes());
        try (Engine engine = Engine.create(settings("127.0.0.158"))) {
            TorrentHandle h = engine.add(meta, Files.createDirectories(work.resolve("out-window")), AddOptions.DEFAULT);
            StreamSettings window = SETTINGS.toBuilder().minReadAheadPieces(3).build();
            TorrentFile file = TorrentFile.open(h, 0, window).get(10, TimeUnit.SECONDS);
            int lastPiece = meta.pieceCount() - 1;
            assertThat(h.criticalPieces().get(5, TimeUnit.SECONDS)).isEmpty();
            try (TorrentFileChannel a = file.openChannel(); TorrentFileChannel b = file.openChannel()) {
                a.position(2L * PIECE + 5);
                assertThat(h.criticalPieces().get(5, TimeUnit.SECONDS).keySet()).containsExactly(2, 3, 4);
                var deadlines = h.criticalPieces().get(5, TimeUnit.SECONDS);
                assertThat(deadlines.get(2)).as("the piece at the position comes first").isBefore(deadlines.get(3));

                a.position(10L * PIECE);
                assertThat(h.criticalPieces().get(5, TimeUnit.SECONDS).keySet()).as("a seek drops the old range")
                        .containsExactly(10, 11, 12);

                b.position(file.size() - 1);
                assertThat(h.criticalPieces().get(5, TimeUnit.SECONDS).keySet())
                        .as("two readers: both ranges, the second cut at the file's end")
                        .containsExactly(10, 11, 12, lastPiece);

                a.position(file.size());
                assertThat(h.criticalPieces().get(5, TimeUnit.SECONDS).keySet()).as("a reader at the end has no range")
                        .containsExactly(lastPiece);
                b.close();
                assertThat(h.criticalPieces().get(5, TimeUnit.SECONDS)).as("closing drops the range").isEmpty();
            }
        }
    }

    @Test
    void aReadWithNoPeerFailsAfterTheTimeOutNamingThePiece() throws Exception {
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(single).mode(TorrentCreator.Mode.V1)
                .pieceLength(PIECE).creationDate(null).create();
        TorrentMetainfo meta = TorrentMetainfo.parse(created.bytes());
        try (Engine engine = Engine.create(settings("127.0.0.157"))) {
            TorrentHandle h = engine.add(meta, Files.createDirectories(work.resolve("out-nopeer")), AddOptions.DEFAULT);
            StreamSettings quick = SETTINGS.toBuilder().readTimeout(Duration.ofMillis(800)).build();
            TorrentFile file = TorrentFile.open(h, 0, quick).get(10, TimeUnit.SECONDS);
            assertThat(h.readVerifiedNow(3, 0, ByteBuffer.allocate(10))).as("an unverified piece reads nothing")
                    .isZero();
            assertThat(h.readVerified(3, 0, ByteBuffer.allocate(10)).get(5, TimeUnit.SECONDS)).isZero();
            TorrentFileChannel ch = file.openChannel();
            ch.position(3L * PIECE + 10);
            long start = System.nanoTime();
            assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(100)))
                    .isInstanceOf(PieceTimeoutException.class)
                    .hasMessageContaining("piece 3")
                    .hasMessageContaining("single.mkv")
                    .satisfies(e -> assertThat(((PieceTimeoutException) e).piece()).isEqualTo(3));
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(800).toNanos());
            ch.close();
            assertThat(ch.isOpen()).isFalse();

            // a read waiting for its piece ends when another thread closes the channel
            TorrentFileChannel waiting = file.openChannel();
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiting.read(ByteBuffer.allocate(100));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(200);
            waiting.close();
            assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(java.io.UncheckedIOException.class)
                    .hasRootCauseInstanceOf(java.nio.channels.AsynchronousCloseException.class);
            assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
        }
    }
}
