package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.RawPeer.BITFIELD;
import static org.peerwave.engine.session.RawPeer.EXTENDED;
import static org.peerwave.engine.session.RawPeer.HAVE;
import static org.peerwave.engine.session.RawPeer.HAVE_ALL;
import static org.peerwave.engine.session.RawPeer.INTERESTED;
import static org.peerwave.engine.session.RawPeer.PIECE;
import static org.peerwave.engine.session.RawPeer.UNCHOKE;
import static org.peerwave.engine.session.RawPeer.ints;
import static org.peerwave.engine.session.RawPeer.message;
import static org.peerwave.engine.session.RawPeer.piece;
import static org.peerwave.engine.session.RawPeer.request;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.peerwave.engine.wire.WireLimits;

/**
 * A hostile peer on a raw socket against a seeding and a downloading engine: each bad input closes
 * its connection, the engine goes on serving a well-behaved peer (a raw one after each case,
 * libtorrent at the end), and nothing on disk changes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostilePeerTest {

    private static final String SEEDER_IP = "127.0.0.77";
    private static final String LEECHER_IP = "127.0.0.78";
    private static final String HOSTILE_IP = "127.0.0.79";
    private static final int BLOCK = 16 * 1024;
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(10);

    @TempDir
    static Path work;
    static Path source;
    static Path torrentFile;
    static TorrentMetainfo torrent;
    static byte[] infoHash;
    static int pieces;
    static Engine seeder;
    static Engine leecher;
    static TorrentHandle leeching;
    static Path leecherDir;

    /** Short time-outs so the time-out cases are quick; every other limit at its default. */
    static WireLimits limits() {
        return WireLimits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(2))
                .withIdleTimeout(Duration.ofSeconds(4), Duration.ofSeconds(1));
    }

    static EngineSettings settings(String ip) throws IOException {
        return SwarmFixtures.settings(ip).toBuilder().ioThreads(1).wireLimits(limits()).build();
    }

    @BeforeAll
    static void engines() throws Exception {
        source = SwarmFixtures.multiFileTree(Files.createDirectories(work.resolve("seed")));
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        torrent = SwarmFixtures.parse(created);
        torrentFile = SwarmFixtures.write(work.resolve("torrents"), "hostile.torrent", created);
        infoHash = torrent.infoHashes().wireBytes();
        pieces = torrent.pieceCount();
        seeder = Engine.create(settings(SEEDER_IP));
        seeder.add(torrent, source.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
        leecher = Engine.create(settings(LEECHER_IP));
        leecherDir = Files.createDirectories(work.resolve("leecher"));
        leeching = leecher.add(torrent, leecherDir, AddOptions.DEFAULT);
        SwarmFixtures.awaitState(leeching, TorrentState.Downloading.class, Duration.ofSeconds(30));
    }

    @AfterAll
    static void close() {
        if (seeder != null) {
            seeder.close();
        }
        if (leecher != null) {
            leecher.close();
        }
    }

    static RawPeer hostile(Engine engine) throws IOException {
        return RawPeer.connect(engine.listenAddress(), HOSTILE_IP);
    }

    private static byte[] bitfield(int bytes, boolean spareBitsSet) {
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) 0xff);
        if (!spareBitsSet) {
            int spare = bytes * 8 - pieces;
            b[bytes - 1] = (byte) (0xff << spare);
        }
        return b;
    }

    private static byte[] extendedHandshake(String bencodedDict) {
        byte[] d = bencodedDict.getBytes(StandardCharsets.US_ASCII);
        return message(EXTENDED, ByteBuffer.allocate(1 + d.length).put((byte) 0).put(d).array());
    }

    private static byte[] repeat(byte[] one, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(one.length * times);
        for (int i = 0; i < times; i++) {
            out.writeBytes(one);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- against the seeder

    static Stream<Arguments> badInputsToASeeder() {
        int wholeBytes = (pieces + 7) / 8;
        return Stream.of(
                Arguments.of("a frame above the frame size limit", ints(WireLimits.DEFAULT.maxFrameSize() + 1)),
                Arguments.of("a second handshake (read as a 323 MB frame)", RawPeer.handshake(infoHash, true, true)),
                Arguments.of("a request longer than 16 KiB", request(0, 0, 2 * BLOCK)),
                Arguments.of("a request for a piece out of range", request(pieces, 0, BLOCK)),
                Arguments.of("a request past the end of its piece", request(0, 256 * 1024 - BLOCK / 2, BLOCK)),
                Arguments.of("a have for a piece out of range", message(HAVE, ints(pieces))),
                Arguments.of("a bitfield one byte too long", message(BITFIELD, bitfield(wholeBytes + 1, false))),
                Arguments.of("a bitfield one byte too short", message(BITFIELD, bitfield(wholeBytes - 1, false))),
                Arguments.of("a bitfield with its spare bits set", message(BITFIELD, bitfield(wholeBytes, true))),
                Arguments.of("metadata_size above the 30 MiB cap",
                        extendedHandshake("d1:md11:ut_metadatai3ee13:metadata_sizei" + (31 << 20) + "ee")),
                Arguments.of("an extended handshake that is not bencode", extendedHandshake("d1:m")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputsToASeeder")
    @Order(1)
    void aSeederClosesOnBadInput(String what, byte[] bytes) throws Exception {
        try (RawPeer p = hostile(seeder).shakeHands(infoHash, true, true)) {
            p.send(bytes);
            assertThat(p.closedWithin(CLOSE_WITHIN)).as("closed after %s", what).isTrue();
        }
        assertStillServes();
    }

    @Test
    @Order(2)
    void aRequestFloodClosesTheConnection() throws Exception {
        try (RawPeer p = hostile(seeder).shakeHands(infoHash, true, true)) {
            p.send(message(INTERESTED, new byte[0]));
            p.await(UNCHOKE, CLOSE_WITHIN);
            // far more requests than the queue holds, and never read the blocks
            p.send(floodOfRequests(4 * limits().maxQueuedRequests()));
            assertThat(p.closedWithin(Duration.ofSeconds(20))).as("closed after a request flood").isTrue();
        }
        assertStillServes();
    }

    /**
     * Requests sent a few at a time, each batch well inside the queue, by a peer that never reads:
     * blocks still waiting to be written count against the queue, so it is closed once they fill it
     * instead of piling up in memory.
     */
    @Test
    @Order(2)
    void aPeerThatRequestsButNeverReadsIsClosedWhenItsUnwrittenBlocksFillTheQueue() throws Exception {
        try (RawPeer p = RawPeer.connect(seeder.listenAddress(), HOSTILE_IP, 16 * 1024).shakeHands(infoHash, true,
                true)) {
            p.send(message(INTERESTED, new byte[0]));
            p.await(UNCHOKE, CLOSE_WITHIN);
            byte[] all = floodOfRequests(pieces * 16);
            int batch = 17 * limits().maxQueuedRequests() / 4;
            // keeps sending (so the idle time-out never fires) for 8 s at most
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            boolean closed = false;
            for (int off = 0; !closed && System.nanoTime() < end; off = (off + batch) % all.length) {
                try {
                    p.send(Arrays.copyOfRange(all, off, Math.min(all.length, off + batch)));
                    Thread.sleep(50);
                } catch (IOException resetOrBrokenPipe) {
                    closed = true; // the engine closed: writing to it fails (we never read to find out)
                }
            }
            assertThat(closed).as("closed, never reading").isTrue();
        }
        assertStillServes();
    }

    /**
     * Under an upload limit, requests waiting for their turn stay in the peer's queue (they are not
     * read ahead into memory): a peer that keeps asking beyond its queue is closed, even though the
     * channel stays writable.
     */
    @Test
    @Order(2)
    void onARateLimitedSeederRequestsWaitingForTheLimitCountAgainstTheQueue() throws Exception {
        EngineSettings s = settings("127.0.0.84").toBuilder()
                .rateLimits(RateLimitSettings.builder().upload(64 * 1024).build()).build();
        try (Engine limited = Engine.create(s)) {
            limited.add(torrent, source.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            try (RawPeer p = RawPeer.connect(limited.listenAddress(), HOSTILE_IP).shakeHands(infoHash, true, true)) {
                p.send(message(INTERESTED, new byte[0]));
                p.await(UNCHOKE, CLOSE_WITHIN);
                int q = limits().maxQueuedRequests();
                byte[] all = floodOfRequests(2 * q);
                int half = 17 * (q - 16);
                p.send(Arrays.copyOfRange(all, 0, half)); // inside the queue
                Thread.sleep(2000); // at 64 KiB/s about 8 blocks go out meanwhile
                assertThat(p.closedWithin(Duration.ofMillis(200))).as("closed inside its queue").isFalse();
                p.send(Arrays.copyOfRange(all, half, 2 * half));
                // at once, well before the 4 s idle time-out could close it
                assertThat(p.closedWithin(Duration.ofSeconds(2))).as("closed past its queue").isTrue();
            }
        }
    }

    private static byte[] floodOfRequests(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 17);
        int blocksPerPiece = 256 * 1024 / BLOCK;
        for (int i = 0; i < n; i++) {
            out.writeBytes(request((i / blocksPerPiece) % (pieces - 1), (i % blocksPerPiece) * BLOCK, BLOCK));
        }
        return out.toByteArray();
    }

    @Test
    @Order(2)
    void aHaveFloodIsCheapAndTolerated() throws Exception {
        try (RawPeer p = hostile(seeder).shakeHands(infoHash, true, true)) {
            // 100 000 haves (mostly repeats) and a late bitfield cost one bit each: the connection stays usable
            ByteArrayOutputStream haves = new ByteArrayOutputStream();
            for (int i = 0; i < 100_000; i++) {
                haves.writeBytes(message(HAVE, ints(i % pieces)));
            }
            p.send(haves.toByteArray());
            p.send(message(BITFIELD, bitfield((pieces + 7) / 8, false)));
            assertServesABlock(p, 3);
        }
    }

    @Test
    @Order(2)
    void garbageInsteadOfAHandshakeClosesTheConnection() throws Exception {
        try (RawPeer p = hostile(seeder)) {
            p.send("GET /announce HTTP/1.1\r\nHost: x\r\n\r\n".repeat(4).getBytes(StandardCharsets.US_ASCII));
            assertThat(p.closedWithin(CLOSE_WITHIN)).isTrue();
        }
        assertStillServes();
    }

    @Test
    @Order(2)
    void aHandshakeForAnotherTorrentClosesTheConnection() throws Exception {
        byte[] other = infoHash.clone();
        other[0] ^= 1;
        try (RawPeer p = hostile(seeder)) {
            p.send(RawPeer.handshake(other, true, true));
            assertThat(p.closedWithin(CLOSE_WITHIN)).isTrue();
        }
    }

    @Test
    @Order(2)
    void noHandshakeWithinTheTimeOutClosesTheConnection() throws Exception {
        try (RawPeer p = hostile(seeder)) {
            long start = System.nanoTime();
            assertThat(p.closedWithin(CLOSE_WITHIN)).as("closed without a handshake").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        }
        // half a handshake is no handshake either
        try (RawPeer p = hostile(seeder)) {
            p.send(Arrays.copyOf(RawPeer.handshake(infoHash, true, true), 30));
            assertThat(p.closedWithin(CLOSE_WITHIN)).as("closed after half a handshake").isTrue();
        }
    }

    @Test
    @Order(2)
    void aPeerSilentAfterTheHandshakeGetsKeepAlivesAndIsClosedAfterTheIdleTimeOut() throws Exception {
        try (RawPeer p = hostile(seeder).shakeHands(infoHash, true, true)) {
            long start = System.nanoTime();
            // the engine advertises its request queue, then keeps the connection alive from its side
            String ext = new String(p.await(EXTENDED, CLOSE_WITHIN).payload(), StandardCharsets.ISO_8859_1);
            assertThat(ext).contains("4:reqqi" + limits().maxQueuedRequests() + "e");
            p.await(-1, Duration.ofSeconds(3));
            assertThat(p.closedWithin(CLOSE_WITHIN)).as("closed when idle").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        }
    }

    /**
     * Fetching a magnet's metadata from a peer that claims an info dictionary above the 30 MiB cap:
     * the connection is closed before any piece of it is asked for, and the fetch fails.
     */
    @Test
    @Order(2)
    void aMagnetFetchClosesOnAMetadataSizeAboveTheCap() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket()) {
            server.bind(new java.net.InetSocketAddress(HOSTILE_IP, 0));
            server.setSoTimeout(10_000);
            MagnetLink magnet = MagnetLink.of(torrent.infoHashes(), torrent.name(), List.of(), List.of());
            var fetch = leecher.fetchMetadata(magnet, List.of((java.net.InetSocketAddress) server.getLocalSocketAddress()),
                    Duration.ofSeconds(6));
            try (java.net.Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                byte[] theirs = new byte[68];
                in.readFully(theirs);
                assertThat(Arrays.copyOfRange(theirs, 28, 48)).isEqualTo(infoHash);
                s.getOutputStream().write(RawPeer.handshake(infoHash, true, true));
                s.getOutputStream().write(extendedHandshake(
                        "d1:md11:ut_metadatai3ee13:metadata_sizei" + (31 << 20) + "ee"));
                // read until closed: nothing may be a ut_metadata request (extended message id 3 here)
                boolean asked = false;
                try {
                    while (true) {
                        int length = in.readInt();
                        if (length > 1) {
                            int id = in.readUnsignedByte();
                            byte[] payload = new byte[length - 1];
                            in.readFully(payload);
                            asked |= id == EXTENDED && payload[0] == 3;
                        }
                    }
                } catch (java.io.EOFException | java.net.SocketException closed) {
                    // the engine closed the connection
                }
                assertThat(asked).as("asked for a piece of 31 MiB metadata").isFalse();
            }
            assertThat(fetch).failsWithin(Duration.ofSeconds(10));
        }
    }

    /** A well-behaved raw peer gets a block with the right bytes. */
    private static void assertStillServes() throws Exception {
        try (RawPeer p = hostile(seeder).shakeHands(infoHash, true, true)) {
            assertServesABlock(p, 5);
        }
    }

    private static void assertServesABlock(RawPeer p, int piece) throws Exception {
        p.send(message(INTERESTED, new byte[0]));
        p.await(UNCHOKE, CLOSE_WITHIN);
        p.send(request(piece, BLOCK, BLOCK));
        RawPeer.Message m = p.await(PIECE, CLOSE_WITHIN);
        ByteBuffer b = ByteBuffer.wrap(m.payload());
        assertThat(b.getInt()).isEqualTo(piece);
        assertThat(b.getInt()).isEqualTo(BLOCK);
        byte[] block = Arrays.copyOfRange(m.payload(), 8, m.payload().length);
        assertThat(block).isEqualTo(sourceBytes((long) piece * torrent.pieceLength() + BLOCK, BLOCK));
    }

    /** Bytes of the torrent's byte space, read from the source files. */
    private static byte[] sourceBytes(long offset, int length) throws IOException {
        byte[] out = new byte[length];
        for (FileEntry f : torrent.files()) {
            long from = Math.max(offset, f.offset());
            long to = Math.min(offset + length, f.offset() + f.length());
            if (f.pad() || from >= to) {
                continue;
            }
            Path file = source.getParent().resolve(Path.of(torrent.name(), f.path().toArray(String[]::new)).toString());
            try (RandomAccessFile r = new RandomAccessFile(file.toFile(), "r")) {
                r.seek(from - f.offset());
                r.readFully(out, (int) (from - offset), (int) (to - from));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- against the downloader

    static Stream<Arguments> badInputsToADownloader() {
        byte[] garbage = new byte[BLOCK];
        Arrays.fill(garbage, (byte) 0x5a);
        return Stream.of(
                Arguments.of("blocks it never requested", repeat(piece(2, 0, garbage), limits().maxUnrequestedBlocks() + 1)),
                Arguments.of("a block of a piece out of range", piece(pieces, 0, garbage)),
                Arguments.of("an empty block", piece(2, 0, new byte[0])),
                Arguments.of("a have for a piece out of range", message(HAVE, ints(pieces + 5))),
                Arguments.of("a bitfield one byte too long", message(BITFIELD, bitfield((pieces + 7) / 8 + 1, false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputsToADownloader")
    @Order(3)
    void aDownloaderClosesOnBadInputAndWritesNothing(String what, byte[] bytes) throws Exception {
        try (RawPeer p = hostile(leecher).shakeHands(infoHash, true, true)) {
            p.send(message(HAVE_ALL, new byte[0]));
            p.await(INTERESTED, CLOSE_WITHIN);
            p.send(bytes);
            assertThat(p.closedWithin(CLOSE_WITHIN)).as("closed after %s", what).isTrue();
        }
        assertThat(bytesOnDisk(leecherDir)).as("bytes written by the downloader").isZero();
        assertThat(SwarmFixtures.stats(leeching).state()).isInstanceOf(TorrentState.Downloading.class);
    }

    private static long bytesOnDisk(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long total = 0;
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    // ---------------------------------------------------------------- real peers afterwards

    @Test
    @Order(10)
    void afterwardsLibtorrentDownloadsFromTheSeederAndTheDownloaderCompletes() throws Exception {
        Path out = Files.createDirectories(work.resolve("lt-out"));
        String us = SEEDER_IP + ":" + seeder.listenPort();
        try (LibtorrentPeer leech = LibtorrentPeer.leech(torrentFile, out, "127.0.0.80", work.resolve("lt-leech"),
                List.of(us), "--no-encryption")) {
            leech.awaitComplete(Duration.ofSeconds(100));
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));

        leeching.connectPeer(seeder.listenAddress()).get(5, TimeUnit.SECONDS);
        leeching.completion().get(100, TimeUnit.SECONDS);
        assertSameFiles(source, leecherDir.resolve(source.getFileName().toString()));
    }
}
