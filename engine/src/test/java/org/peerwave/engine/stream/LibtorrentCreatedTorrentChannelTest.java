package org.peerwave.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.ByteBuffer;
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
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.testing.ExternalTool;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels over torrents that libtorrent made (tools/lt_tool.py) and seeds at
 * {@value #UPLOAD_LIMIT} B/s: a v2-only multi-file torrent (every file starts a piece, no pad
 * files) and a hybrid one (BEP 47 pad files between the files). Several readers, one per file, read
 * at random offsets at the same time; every read returns exactly the file's bytes, and all before
 * the download completes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LibtorrentCreatedTorrentChannelTest {

    private static final Logger LOG = LoggerFactory.getLogger(LibtorrentCreatedTorrentChannelTest.class);
    private static final String PYTHON = "/usr/bin/python3";
    private static final int PIECE = 256 * 1024;
    private static final int UPLOAD_LIMIT = 1024 * 1024;
    private static final StreamSettings SETTINGS = StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).build();

    @TempDir
    static Path work;
    static Path tree;

    @BeforeAll
    static void data() throws Exception {
        ExternalTool.require(PYTHON, "python3-libtorrent");
        tree = work.resolve("seed/lt tree");
        TestTrees.file(tree.resolve("a-small.txt"), 12_345, 21);
        TestTrees.file(tree.resolve("b-video.mkv"), 20L * 1024 * 1024 + 4_321, 22);
        TestTrees.file(tree.resolve("c/subtitles.srt"), 100_003, 23);
        TestTrees.file(tree.resolve("d-audio.flac"), 12L * 1024 * 1024 + 777, 24);
        TestTrees.file(tree.resolve("e-tail.bin"), 3L * PIECE, 25);
        Path tool = ExternalTool.resource("tools/lt_tool.py", work);
        Path out = Files.createDirectories(work.resolve("torrents"));
        ExternalTool.run(Duration.ofSeconds(60), List.of(PYTHON, tool.toString(), "create", tree.toString(),
                out.toString(), "v2:" + PIECE, "hybrid:" + PIECE));
    }

    @Test
    void aV2OnlyTorrentServesEveryFilesBytesAtRandomOffsetsToSeveralReaders() throws Exception {
        Path torrent = work.resolve("torrents/v2-" + PIECE + ".torrent");
        TorrentMetainfo meta = TorrentMetainfo.parse(Files.readAllBytes(torrent));
        assertThat(meta.infoHashes().hasV1()).as("v2 only").isFalse();
        assertThat(meta.infoHashes().hasV2()).isTrue();
        assertThat(meta.files()).noneMatch(FileEntry::pad);
        assertThat(meta.files()).as("v2: every file starts a piece").allMatch(f -> f.offset() % PIECE == 0);
        readAllFilesAtOnce(torrent, meta, "v2", "127.0.0.165", "127.0.0.166");
    }

    @Test
    void aHybridTorrentWithPadFilesServesEveryFilesBytesAtRandomOffsetsToSeveralReaders() throws Exception {
        Path torrent = work.resolve("torrents/hybrid-" + PIECE + ".torrent");
        TorrentMetainfo meta = TorrentMetainfo.parse(Files.readAllBytes(torrent));
        assertThat(meta.infoHashes().isHybrid()).isTrue();
        assertThat(meta.files()).as("libtorrent pads the files of a hybrid torrent").anyMatch(FileEntry::pad);
        readAllFilesAtOnce(torrent, meta, "hybrid", "127.0.0.167", "127.0.0.168");
    }

    /** One reader per real file, all at once, each at random offsets (and the file's ends). */
    private void readAllFilesAtOnce(Path torrent, TorrentMetainfo meta, String name, String seedIp, String ourIp)
            throws Exception {
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrent, tree.getParent(), seedIp, work.resolve("lt-" + name),
                "--upload-limit", Integer.toString(UPLOAD_LIMIT));
             Engine engine = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getByName(ourIp))
                     .listenPort(0).ioThreads(2).build())) {
            TorrentHandle h = engine.add(meta, Files.createDirectories(work.resolve("out-" + name)), AddOptions.DEFAULT);
            h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
            List<CompletableFuture<Integer>> readers = new ArrayList<>();
            for (int i = 0; i < meta.files().size(); i++) {
                FileEntry entry = meta.files().get(i);
                if (entry.pad()) {
                    continue;
                }
                TorrentFile file = TorrentFile.open(h, i, SETTINGS).get(10, TimeUnit.SECONDS);
                Path source = tree.resolve(String.join("/", entry.path()));
                assertThat(file.size()).isEqualTo(Files.size(source));
                long randomSeed = 31L * i + name.length();
                readers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return readRandomly(file, source, randomSeed);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            assertThat(readers).hasSize(5);
            int reads = 0;
            for (CompletableFuture<Integer> r : readers) {
                reads += r.get(90, TimeUnit.SECONDS);
            }
            double progress = h.stats().get(5, TimeUnit.SECONDS).progress();
            LOG.info("{}: {} reads by {} readers at once, served at torrent progress {}", name, reads,
                    readers.size(), progress);
            assertThat(progress).as("the reads were served before the download completed").isLessThan(1.0);
        }
    }

    /** Reads at the file's start, end and random offsets; asserts each against the source; returns the count. */
    private static int readRandomly(TorrentFile file, Path source, long seed) throws IOException {
        long size = file.size();
        Random r = new Random(seed);
        List<long[]> reads = new ArrayList<>();
        reads.add(new long[] {0, (int) Math.min(size, 2_000)});
        reads.add(new long[] {Math.max(0, size - 3_000), (int) Math.min(size, 3_000)});
        if (size > PIECE + 1_000) {
            reads.add(new long[] {PIECE - 500, 1_000}); // across a piece boundary of the file
        }
        for (int i = 0; i < 3; i++) {
            int len = (int) Math.min(size, 1 + r.nextInt(100_000));
            reads.add(new long[] {(long) (r.nextDouble() * (size - len)), len});
        }
        try (TorrentFileChannel ch = file.openChannel()) {
            for (long[] read : reads) {
                ch.position(read[0]);
                ByteBuffer buf = ByteBuffer.allocate((int) read[1]);
                while (buf.hasRemaining() && ch.read(buf) >= 0) {
                    // fill
                }
                assertThat(buf.hasRemaining()).as("%s: end of file inside the file", file).isFalse();
                assertThat(buf.array()).as("%s: bytes at %d (+%d)", file.path(), read[0], read[1])
                        .isEqualTo(sourceBytes(source, read[0], (int) read[1]));
            }
        }
        return reads.size();
    }

    private static byte[] sourceBytes(Path file, long position, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(position);
            f.readFully(b);
            return b;
        }
    }
}
