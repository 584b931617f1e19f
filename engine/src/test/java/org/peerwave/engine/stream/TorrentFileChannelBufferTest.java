package org.peerwave.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
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
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.testing.TestTrees;

/**
 * The channel's read paths on a complete torrent (the data is on disk, no peer): small reads served
 * from the channel's buffer, large reads straight into the caller's buffer across several pieces,
 * and no buffer at all; each returns exactly the file's bytes, pad files and piece ends included.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TorrentFileChannelBufferTest {

    private static final int PIECE = 64 * 1024;

    @TempDir
    static Path work;
    static Path tree;
    static Engine engine;
    static TorrentHandle handle;
    static TorrentMetainfo meta;

    @BeforeAll
    static void completeTorrent() throws Exception {
        tree = work.resolve("data/buffer tree");
        TestTrees.file(tree.resolve("a.bin"), 10_001, 31);
        TestTrees.file(tree.resolve("b.mkv"), 20L * PIECE + 4_321, 32);
        TestTrees.file(tree.resolve("c.bin"), 3L * PIECE - 7, 33);
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(tree).mode(TorrentCreator.Mode.HYBRID)
                .pieceLength(PIECE).creationDate(null).create();
        meta = TorrentMetainfo.parse(created.bytes());
        engine = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.169"))
                .listenPort(0).ioThreads(1).build());
        handle = engine.add(meta, tree.getParent(), AddOptions.DEFAULT);
        handle.completion().get(30, TimeUnit.SECONDS);
    }

    @org.junit.jupiter.api.AfterAll
    static void close() {
        engine.close();
    }

    private static TorrentFile open(String name, StreamSettings settings) throws Exception {
        for (int i = 0; i < meta.files().size(); i++) {
            FileEntry f = meta.files().get(i);
            if (!f.pad() && f.path().getLast().equals(name)) {
                return TorrentFile.open(handle, i, settings).get(10, TimeUnit.SECONDS);
            }
        }
        throw new AssertionError(name);
    }

    /** Reads the whole channel with reads of {@code chunk} bytes; returns the bytes and the largest read. */
    private static byte[] readAll(TorrentFileChannel ch, int chunk, int[] largest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(chunk);
        int n;
        while ((n = ch.read(buf.clear())) >= 0) {
            out.write(buf.array(), 0, n);
            largest[0] = Math.max(largest[0], n);
        }
        return out.toByteArray();
    }

    @Test
    void smallReadsAreServedFromTheChannelsBufferAndReturnTheFilesBytes() throws Exception {
        byte[] source = Files.readAllBytes(tree.resolve("b.mkv"));
        TorrentFile file = open("b.mkv", StreamSettings.builder().readBufferSize(5 * PIECE).build());
        int[] largest = {0};
        try (TorrentFileChannel ch = file.openChannel()) {
            assertThat(readAll(ch, 1_000, largest)).isEqualTo(source);
            // seeks inside and outside what the buffer holds
            Random r = new Random(3);
            for (int i = 0; i < 50; i++) {
                long at = (long) (r.nextDouble() * source.length);
                int len = 1 + r.nextInt(3_000);
                ch.position(at);
                ByteBuffer b = ByteBuffer.allocate(len);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // fill
                }
                int end = (int) Math.min(source.length, at + len);
                assertThat(Arrays.copyOf(b.array(), end - (int) at)).as("at %d", at)
                        .isEqualTo(Arrays.copyOfRange(source, (int) at, end));
            }
        }
        assertThat(largest[0]).isEqualTo(1_000);
    }

    @Test
    void theHandleReadsVerifiedPiecesOnTheCallersThreadAndOnItsLoopAlike() throws Exception {
        byte[] torrentStart = Files.readAllBytes(tree.resolve("a.bin"));
        ByteBuffer now = ByteBuffer.allocate(2 * PIECE + 5).position(5);
        assertThat(handle.readVerifiedNow(0, 0, now)).as("across pieces, pad bytes included").isEqualTo(2 * PIECE);
        assertThat(now.position()).as("the buffer's position is not moved").isEqualTo(5);
        ByteBuffer async = ByteBuffer.allocate(2 * PIECE + 5).position(5);
        assertThat(handle.readVerified(0, 0, async).get(5, TimeUnit.SECONDS)).isEqualTo(2 * PIECE);
        assertThat(async.array()).isEqualTo(now.array());
        assertThat(Arrays.copyOfRange(now.array(), 5, 5 + torrentStart.length)).isEqualTo(torrentStart);
        assertThat(now.array()[5 + torrentStart.length]).as("a pad byte").isZero();
    }

    @Test
    void largeReadsGoStraightIntoTheCallersBufferAcrossPieces() throws Exception {
        byte[] source = Files.readAllBytes(tree.resolve("b.mkv"));
        TorrentFile file = open("b.mkv", StreamSettings.builder().readBufferSize(PIECE).build());
        int[] largest = {0};
        try (TorrentFileChannel ch = file.openChannel()) {
            assertThat(readAll(ch, 8 * PIECE + 3, largest)).isEqualTo(source);
        }
        assertThat(largest[0]).as("one read spans several verified pieces").isEqualTo(8 * PIECE + 3);
    }

    @Test
    void withoutABufferEveryReadGoesToStorageAndFilesNextToPadFilesReadRight() throws Exception {
        StreamSettings none = StreamSettings.builder().readBufferSize(0).build();
        for (String name : new String[] {"a.bin", "b.mkv", "c.bin"}) {
            byte[] source = Files.readAllBytes(tree.resolve(name));
            for (int chunk : new int[] {777, PIECE, 3 * PIECE}) {
                try (TorrentFileChannel ch = open(name, none).openChannel()) {
                    assertThat(readAll(ch, chunk, new int[1])).as("%s in reads of %d", name, chunk).isEqualTo(source);
                }
            }
        }
        assertThat(meta.files()).anyMatch(FileEntry::pad);
    }
}
