package org.peerwave.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A time-critical piece first asked of a very slow peer (a libtorrent seeder held to
 * {@value #SLOW_LIMIT} B/s) is duplicated to a fast one (another libtorrent seeder) once its
 * deadline passes: the read waiting for it returns well within its time-out, which the slow peer
 * alone could not make (its first four blocks alone take it about 30 s).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LateCriticalPieceInteropTest {

    private static final Logger LOG = LoggerFactory.getLogger(LateCriticalPieceInteropTest.class);
    private static final int PIECE = 256 * 1024;
    private static final int SLOW_LIMIT = 2_000;
    private static final int FAST_LIMIT = 1024 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path work;

    @Test
    void aCriticalPieceHeldByASlowPeerIsDuplicatedToAFastOneAndTheReadReturnsInTime() throws Exception {
        Path source = TestTrees.file(work.resolve("seed/late.mkv"), 24L * 1024 * 1024 + 123, 11);
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1)
                .pieceLength(PIECE).creationDate(null).create();
        Path torrentFile = Files.write(work.resolve("late.torrent"), created.bytes());
        TorrentMetainfo meta = TorrentMetainfo.parse(created.bytes());
        EngineSettings settings = EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.163"))
                .listenPort(0).ioThreads(2).build();
        assertThat(settings.picker().maxLateRequestsPerBlock()).as("duplication is on by default").isGreaterThan(1);
        try (LibtorrentPeer slow = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.161",
                work.resolve("lt-slow"), "--upload-limit", Integer.toString(SLOW_LIMIT));
             LibtorrentPeer fast = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.162",
                     work.resolve("lt-fast"), "--upload-limit", Integer.toString(FAST_LIMIT));
             Engine engine = Engine.create(settings)) {
            TorrentHandle h = engine.add(meta, Files.createDirectories(work.resolve("out")), AddOptions.DEFAULT);
            TorrentFile file = TorrentFile.open(h, 0, StreamSettings.builder().readTimeout(READ_TIMEOUT).build())
                    .get(10, TimeUnit.SECONDS);
            long at = 40L * PIECE + 1000;
            try (TorrentFileChannel ch = file.openChannel()) {
                ch.position(at);
                // the reader waits for piece 40 before any peer is known: the slow peer is asked for it first
                CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                    try {
                        ByteBuffer buf = ByteBuffer.allocate(1000);
                        while (buf.hasRemaining() && ch.read(buf) >= 0) {
                            // fill
                        }
                        return buf.array();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertThat(h.criticalPieces().get(5, TimeUnit.SECONDS)).containsKey(40);
                h.connectPeer(slow.peerAddress()).get(5, TimeUnit.SECONDS);
                long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (slow.uploaded() == 0 && System.nanoTime() < waitUntil) {
                    Thread.sleep(50);
                }
                assertThat(slow.uploaded()).as("the slow peer serves our first requests").isPositive();
                assertThat(read).as("the slow peer alone has not delivered the piece yet").isNotDone();

                long t0 = System.nanoTime();
                h.connectPeer(fast.peerAddress()).get(5, TimeUnit.SECONDS);
                byte[] got = read.get(READ_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                LOG.info("the read of piece 40 returned {} ms after the fast peer was added (slow peer sent {} B)",
                        (System.nanoTime() - t0) / 1_000_000, slow.uploaded());
                assertThat(got).isEqualTo(sourceBytes(source, at, 1000));
                assertThat(h.stats().get(5, TimeUnit.SECONDS).progress())
                        .as("served long before the download (and its end game) finished").isLessThan(0.9);
            }
        }
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
