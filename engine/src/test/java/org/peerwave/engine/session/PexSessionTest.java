package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.RawPeer.EXTENDED;
import static org.peerwave.engine.session.RawPeer.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.wire.ExtendedHandshake;
import org.peerwave.engine.wire.PexMessage;
import org.peerwave.engine.wire.WireLimits;

/**
 * PEX (BEP 11) in a session, against hand-written peers on 127.0.0.231..239: offered only for
 * public torrents and when enabled, contacts received are dialled (own address and junk skipped),
 * and a peer is told of the others it can reach.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PexSessionTest {

    @TempDir
    static Path work;
    static Path source;

    @BeforeAll
    static void data() throws Exception {
        source = TestTrees.oddTree(Files.createDirectories(work.resolve("src")));
    }

    private static TorrentMetainfo torrent(boolean isPrivate) throws Exception {
        return SwarmFixtures.parse(TorrentCreator.builder(source).pieceLength(256 * 1024).creationDate(null)
                .privateFlag(isPrivate).create());
    }

    private static EngineSettings.Builder settings() throws Exception {
        return EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.231")).listenPort(0)
                .ioThreads(1).trackersEnabled(false)
                .discovery(DiscoverySettings.builder().pexInterval(Duration.ofMillis(500)).build());
    }

    /** Connects, shakes hands with the extension bit, reads the engine's extended handshake and sends ours. */
    private static ExtendedHandshake join(RawPeer peer, TorrentMetainfo t, Integer listenPort) throws Exception {
        peer.shakeHands(t.infoHashes().wireBytes(), true, true);
        RawPeer.Message m;
        do {
            m = peer.await(EXTENDED, Duration.ofSeconds(10));
        } while (m.payload()[0] != 0);
        ExtendedHandshake theirs = ExtendedHandshake.decode(java.util.Arrays.copyOfRange(m.payload(), 1,
                m.payload().length), WireLimits.DEFAULT);
        ExtendedHandshake ours = ExtendedHandshake.of(Map.of(PexMessage.EXTENSION, 7));
        if (listenPort != null) {
            ours = ours.withPort(listenPort);
        }
        peer.send(extended(0, ours.encode()));
        return theirs;
    }

    private static byte[] extended(int id, byte[] payload) {
        return message(EXTENDED, ByteBuffer.allocate(1 + payload.length).put((byte) id).put(payload).array());
    }

    private static boolean accepts(ServerSocket server, Duration within) throws Exception {
        server.setSoTimeout((int) within.toMillis());
        try (Socket s = server.accept()) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void aPrivateTorrentDoesNotOfferPexNorDoesAnEngineWithPexOff() throws Exception {
        try (Engine engine = Engine.create(settings().build())) {
            TorrentMetainfo priv = torrent(true);
            TorrentHandle h = engine.add(priv, Files.createDirectories(work.resolve("priv")), AddOptions.DEFAULT);
            SwarmFixtures.awaitState(h, TorrentState.Downloading.class, Duration.ofSeconds(30));
            try (RawPeer p = RawPeer.connect(engine.listenAddress(), "127.0.0.232")) {
                assertThat(join(p, priv, null).m()).containsKey("ut_metadata").doesNotContainKey(PexMessage.EXTENSION);
            }
        }
        try (Engine engine = Engine.create(settings().pexEnabled(false).build())) {
            TorrentMetainfo pub = torrent(false);
            TorrentHandle h = engine.add(pub, Files.createDirectories(work.resolve("off")), AddOptions.DEFAULT);
            SwarmFixtures.awaitState(h, TorrentState.Downloading.class, Duration.ofSeconds(30));
            try (RawPeer p = RawPeer.connect(engine.listenAddress(), "127.0.0.232")) {
                assertThat(join(p, pub, null).m()).doesNotContainKey(PexMessage.EXTENSION);
            }
        }
    }

    @Test
    void contactsReceivedThroughPexAreDialledAndPeersAreToldOfEachOther() throws Exception {
        TorrentMetainfo pub = torrent(false);
        try (Engine engine = Engine.create(settings().build());
             ServerSocket learned4 = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.233"))) {
            TorrentHandle h = engine.add(pub, Files.createDirectories(work.resolve("pub")), AddOptions.DEFAULT);
            SwarmFixtures.awaitState(h, TorrentState.Downloading.class, Duration.ofSeconds(30));
            try (RawPeer a = RawPeer.connect(engine.listenAddress(), "127.0.0.234");
                 RawPeer b = RawPeer.connect(engine.listenAddress(), "127.0.0.235")) {
                ExtendedHandshake theirs = join(a, pub, 40_001);
                int pexId = theirs.idOf(PexMessage.EXTENSION);
                assertThat(pexId).isPositive();
                // one real contact, plus our own address and a port-0 entry that must not be dialled
                PexMessage msg = new PexMessage(List.of(
                        new PexMessage.Peer(new InetSocketAddress("127.0.0.233", learned4.getLocalPort()), 0),
                        new PexMessage.Peer(new InetSocketAddress("127.0.0.231", engine.listenPort()), 0)),
                        List.of());
                a.send(extended(pexId, msg.encode()));
                assertThat(accepts(learned4, Duration.ofSeconds(15))).as("the PEX contact is dialled").isTrue();

                // b joins with listen port 40002: a is told of it (and b of a), each without itself
                join(b, pub, 40_002);
                PexMessage toA = awaitPex(a, Duration.ofSeconds(15));
                assertThat(toA.added()).extracting(PexMessage.Peer::address)
                        .contains(new InetSocketAddress("127.0.0.235", 40_002))
                        .doesNotContain(new InetSocketAddress("127.0.0.234", 40_001));
                PexMessage toB = awaitPex(b, Duration.ofSeconds(15));
                assertThat(toB.added()).extracting(PexMessage.Peer::address)
                        .contains(new InetSocketAddress("127.0.0.234", 40_001))
                        .doesNotContain(new InetSocketAddress("127.0.0.235", 40_002));

                // b leaves: a is told it dropped
                b.close();
                PexMessage dropped = awaitPex(a, Duration.ofSeconds(15));
                while (!dropped.dropped().contains(new InetSocketAddress("127.0.0.235", 40_002))) {
                    dropped = awaitPex(a, Duration.ofSeconds(15));
                }
                assertThat(dropped.added()).extracting(PexMessage.Peer::address)
                        .doesNotContain(new InetSocketAddress("127.0.0.235", 40_002));
            }
        }
    }

    /** The next ut_pex message the engine sends (under the id 7 our handshake gave). */
    private static PexMessage awaitPex(RawPeer peer, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            RawPeer.Message m = peer.await(EXTENDED, timeout);
            if (m.payload()[0] == 7) {
                return PexMessage.decode(java.util.Arrays.copyOfRange(m.payload(), 1, m.payload().length), 50);
            }
        }
        throw new AssertionError("no ut_pex message within " + timeout);
    }
}
