package org.peerwave.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.tracker.HttpTrackerClientTest.failure;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The UDP client against a hand-written BEP 15 tracker on 127.0.0.1 that answers with hand-built packets. */
@Timeout(30)
class UdpTrackerClientTest {

    static final long CONNECTION_ID = 0x1122334455667788L;

    DatagramSocket socket;
    Thread serverThread;
    /** Packets the fake tracker received, in order. */
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger dropFirst = new AtomicInteger();
    /** Builds the answer to a request (null: no answer); the default is a well-behaved tracker. */
    final AtomicReference<Function<byte[], byte[]>> behaviour = new AtomicReference<>(UdpTrackerClientTest::wellBehaved);
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    UdpTrackerClient client;

    @BeforeEach
    void start() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        serverThread = Thread.ofVirtual().start(this::serve);
        client = newClient(TrackerSettings.builder().udpRetransmitBase(Duration.ofMillis(100)).udpMaxRetransmits(2)
                .build());
    }

    UdpTrackerClient newClient(TrackerSettings settings) {
        var group = new io.netty.channel.MultiThreadIoEventLoopGroup(1, io.netty.channel.nio.NioIoHandler.newFactory());
        InstantSource clock = () -> now.get();
        UdpTrackerClient c = new UdpTrackerClient(settings, group, clock, new InetSocketAddress("127.0.0.1", 0));
        groups.add(group);
        return c;
    }

    final List<io.netty.channel.EventLoopGroup> groups = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        groups.forEach(g -> g.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly());
        socket.close();
        serverThread.join(2000);
    }

    private void serve() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException closed) {
                return;
            }
            byte[] request = Arrays.copyOf(p.getData(), p.getLength());
            received.add(request);
            if (ByteBuffer.wrap(request).getInt(8) == 0) {
                connects.incrementAndGet();
            }
            if (dropFirst.getAndDecrement() > 0) {
                continue;
            }
            byte[] answer = behaviour.get().apply(request);
            if (answer != null) {
                try {
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (IOException closed) {
                    return;
                }
            }
        }
    }

    static byte[] wellBehaved(byte[] req) {
        ByteBuffer in = ByteBuffer.wrap(req);
        long id = in.getLong();
        int action = in.getInt();
        int txn = in.getInt();
        return switch (action) {
            case 0 -> {
                assertThat(id).isEqualTo(0x41727101980L);
                yield ByteBuffer.allocate(16).putInt(0).putInt(txn).putLong(CONNECTION_ID).array();
            }
            case 1 -> {
                if (id != CONNECTION_ID) {
                    yield error(txn, "bad connection id");
                }
                yield ByteBuffer.allocate(32).putInt(1).putInt(txn).putInt(1800).putInt(3).putInt(4)
                        .put(new byte[] {127, 0, 0, 9, 0x1a, (byte) 0xe1}).put(new byte[] {10, 1, 2, 3, 0, 80})
                        .array();
            }
            case 2 -> {
                int hashes = (req.length - 16) / 20;
                ByteBuffer out = ByteBuffer.allocate(8 + 12 * hashes).putInt(2).putInt(txn);
                for (int i = 0; i < hashes; i++) {
                    out.putInt(10 + i).putInt(20 + i).putInt(30 + i);
                }
                yield out.array();
            }
            default -> null;
        };
    }

    static byte[] error(int txn, String message) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + m.length).putInt(3).putInt(txn).put(m).array();
    }

    URI url() {
        return URI.create("udp://127.0.0.1:" + socket.getLocalPort() + "/announce");
    }

    static AnnounceRequest request() {
        return HttpTrackerClientTest.request();
    }

    @Test
    void announceSendsBep15FieldsAndParsesPeers() {
        AnnounceResponse r = client.announce(url(), request()).join();
        assertThat(r.interval()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(r.incomplete()).isEqualTo(3);
        assertThat(r.complete()).isEqualTo(4);
        assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.9", 6881),
                new InetSocketAddress("10.1.2.3", 80));
        byte[] announce = received.get(1);
        assertThat(announce).hasSize(98);
        ByteBuffer b = ByteBuffer.wrap(announce);
        assertThat(b.getLong()).isEqualTo(CONNECTION_ID);
        assertThat(b.getInt()).isEqualTo(1);
        b.getInt();
        byte[] hash = new byte[20];
        b.get(hash);
        assertThat(hash).isEqualTo(HttpTrackerClientTest.HASH);
        byte[] peerId = new byte[20];
        b.get(peerId);
        assertThat(peerId).isEqualTo(HttpTrackerClientTest.PEER_ID);
        assertThat(b.getLong()).as("downloaded").isEqualTo(2);
        assertThat(b.getLong()).as("left").isEqualTo(3);
        assertThat(b.getLong()).as("uploaded").isEqualTo(1);
        assertThat(b.getInt()).as("event started").isEqualTo(2);
        assertThat(b.getInt()).as("ip").isZero();
        assertThat(b.getInt()).as("key").isEqualTo(0x1234abcd);
        assertThat(b.getInt()).as("num want").isEqualTo(50);
        assertThat(b.getShort() & 0xffff).as("port").isEqualTo(6881);
    }

    @Test
    void connectionIdIsReusedForItsLifetimeThenRenewed() {
        client.announce(url(), request()).join();
        client.announce(url(), request()).join();
        client.scrape(url(), List.of(HttpTrackerClientTest.HASH)).join();
        assertThat(connects).hasValue(1);
        now.set(now.get().plusSeconds(59));
        client.announce(url(), request()).join();
        assertThat(connects).hasValue(1);
        now.set(now.get().plusSeconds(2)); // 61 s after the connect
        client.announce(url(), request()).join();
        assertThat(connects).hasValue(2);
    }

    @Test
    void concurrentAnnouncesShareOneConnect() {
        var a = client.announce(url(), request());
        var b = client.announce(url(), request());
        a.join();
        b.join();
        assertThat(connects).hasValue(1);
    }

    @Test
    void lostPacketsAreRetransmittedWithBackOff() {
        dropFirst.set(2); // the connect and its first retransmission are lost
        long start = System.nanoTime();
        AnnounceResponse r = client.announce(url(), request()).join();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.peers()).hasSize(2);
        assertThat(connects).hasValue(3);
        // 100 ms, then 200 ms before the third try
        assertThat(elapsedMs).isGreaterThanOrEqualTo(290);
        // the retransmissions reuse the same transaction id
        assertThat(ByteBuffer.wrap(received.get(0)).getInt(12)).isEqualTo(ByteBuffer.wrap(received.get(2)).getInt(12));
    }

    @Test
    void anIdThatExpiresDuringRetransmissionsIsRenewedFirst() throws Exception {
        AtomicInteger announces = new AtomicInteger();
        java.util.concurrent.CountDownLatch firstAnnounce = new java.util.concurrent.CountDownLatch(1);
        behaviour.set(req -> {
            ByteBuffer b = ByteBuffer.wrap(req);
            int action = b.getInt(8);
            int txn = b.getInt(12);
            if (action == 0) { // each connect hands out a new id: 1, 2, ...
                return ByteBuffer.allocate(16).putInt(0).putInt(txn).putLong(connects.get()).array();
            }
            if (announces.incrementAndGet() == 1) {
                firstAnnounce.countDown();
                return null; // lost; by the time it is retransmitted the id has expired
            }
            long id = b.getLong(0);
            return id == 2 ? wellBehaved(withConnectionId(req)) : error(txn, "stale connection id " + id);
        });
        var future = client.announce(url(), request());
        assertThat(firstAnnounce.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        now.set(now.get().plusSeconds(61));
        AnnounceResponse r = future.join();
        assertThat(r.peers()).hasSize(2);
        assertThat(connects).hasValue(2);
        assertThat(announces).hasValue(2);
    }

    static byte[] withConnectionId(byte[] req) {
        byte[] copy = req.clone();
        ByteBuffer.wrap(copy).putLong(0, CONNECTION_ID);
        return copy;
    }

    @Test
    void silentTrackerTimesOutAfterMaxRetransmits() {
        behaviour.set(req -> null);
        TrackerException e = failure(client.announce(url(), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("no answer to connect after 3 tries (700 ms)");
        assertThat(connects).hasValue(3); // first try + 2 retransmissions
    }

    @Test
    void errorActionBecomesTheFailureMessage() {
        behaviour.set(req -> {
            ByteBuffer b = ByteBuffer.wrap(req);
            int action = b.getInt(8);
            return action == 0 ? wellBehaved(req) : error(b.getInt(12), "torrent not registered");
        });
        TrackerException e = failure(client.announce(url(), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.FAILURE_REASON);
        assertThat(e.getMessage()).isEqualTo("tracker failure: torrent not registered");
        behaviour.set(UdpTrackerClientTest::wellBehaved);
        client.announce(url(), request()).join();
        assertThat(connects).as("an error forgets the connection id").hasValue(2);
    }

    @Test
    void truncatedAnnounceResponseIsRejected() {
        behaviour.set(req -> {
            byte[] ok = wellBehaved(req);
            return ByteBuffer.wrap(req).getInt(8) == 1 ? Arrays.copyOf(ok, ok.length - 2) : ok;
        });
        TrackerException e = failure(client.announce(url(), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("truncated peer list");
        behaviour.set(req -> {
            byte[] ok = wellBehaved(req);
            return ByteBuffer.wrap(req).getInt(8) == 1 ? Arrays.copyOf(ok, 15) : ok;
        });
        e = failure(client.announce(url(), request()));
        assertThat(e.getMessage()).isEqualTo("truncated UDP announce response: 15 bytes, need at least 20");
    }

    @Test
    void truncatedConnectResponseIsRejected() {
        behaviour.set(req -> Arrays.copyOf(wellBehaved(req), 12));
        TrackerException e = failure(client.announce(url(), request()));
        assertThat(e.getMessage()).isEqualTo("truncated UDP connect response: 12 bytes, need at least 16");
    }

    @Test
    void answersWithAWrongTransactionIdAreIgnored() {
        AtomicInteger calls = new AtomicInteger();
        behaviour.set(req -> {
            byte[] ok = wellBehaved(req);
            if (calls.getAndIncrement() == 0) {
                ByteBuffer.wrap(ok).putInt(4, ByteBuffer.wrap(req).getInt(12) + 1); // a stray answer
            }
            return ok;
        });
        AnnounceResponse r = client.announce(url(), request()).join(); // answered on the retransmission
        assertThat(r.peers()).hasSize(2);
    }

    @Test
    void scrapeReturnsCountersPerHash() {
        byte[] other = new byte[20];
        Arrays.fill(other, (byte) 7);
        ScrapeResponse r = client.scrape(url(), List.of(HttpTrackerClientTest.HASH, other)).join();
        assertThat(r.get(HttpTrackerClientTest.HASH)).contains(new ScrapeResponse.Stats(10, 20, 30));
        assertThat(r.get(other)).contains(new ScrapeResponse.Stats(11, 21, 31));
    }

    @Test
    void ipv6TrackersAnswerWith18BytePeers() throws Exception {
        byte[] packet = ByteBuffer.allocate(20 + 18).putInt(1).putInt(5).putInt(600).putInt(1).putInt(2)
                .put(InetAddress.getByName("2001:db8::7").getAddress()).putShort((short) 51413).array();
        AnnounceResponse r = UdpTrackerPackets.parseAnnounce(packet, true);
        assertThat(r.peers()).containsExactly(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 51413));
        assertThat(r.interval()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void ipv6TrackerOnTheWire() throws Exception {
        byte[] peer = InetAddress.getByName("2001:db8::5").getAddress();
        try (DatagramSocket v6 = new DatagramSocket(new InetSocketAddress("::1", 0));
                UdpTrackerClient dual = UdpTrackerClient.create(TrackerSettings.builder()
                        .udpRetransmitBase(Duration.ofMillis(200)).udpMaxRetransmits(2).build())) {
            Thread t = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[2048];
                try {
                    for (int i = 0; i < 2; i++) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        v6.receive(p);
                        ByteBuffer in = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                        int action = in.getInt(8);
                        int txn = in.getInt(12);
                        byte[] answer = action == 0
                                ? ByteBuffer.allocate(16).putInt(0).putInt(txn).putLong(CONNECTION_ID).array()
                                : ByteBuffer.allocate(20 + 18).putInt(1).putInt(txn).putInt(600).putInt(1).putInt(1)
                                        .put(peer).putShort((short) 51413).array();
                        v6.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            AnnounceResponse r = dual.announce(URI.create("udp://[::1]:" + v6.getLocalPort() + "/announce"),
                    request()).join();
            assertThat(r.peers()).containsExactly(new InetSocketAddress(InetAddress.getByName("2001:db8::5"), 51413));
            t.join(2000);
        }
    }

    @Test
    void badUrlsFailClearly() {
        TrackerException e = failure(client.announce(URI.create("udp://127.0.0.1/announce"), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.UNSUPPORTED);
    }
}
