package org.peerwave.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.bencode.BDictionary;

/** Several Peerwave DHT nodes on loopback (127.0.0.201..179), and raw UDP sockets playing hostile nodes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DhtNodeTest {

    static EventLoopGroup group;
    final List<DhtNode> started = new ArrayList<>();
    @TempDir
    Path dir;

    @BeforeAll
    static void loops() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        started.forEach(DhtNode::close);
    }

    static DhtSettings.Builder settings(InetSocketAddress... bootstrap) {
        return DhtSettings.builder().bootstrap(List.of(bootstrap)).queryTimeout(Duration.ofSeconds(1))
                .retryInterval(Duration.ofSeconds(1));
    }

    DhtNode node(String ip, DhtSettings s) throws Exception {
        DhtNode n = DhtNode.start(group, NioDatagramChannel.class, new InetSocketAddress(InetAddress.getByName(ip), 0), s);
        started.add(n);
        return n;
    }

    static void await(String what, java.util.function.BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void nodesJoinThroughARouterAndFindAnnouncedPeers() throws Exception {
        DhtNode router = node("127.0.0.201", settings().build());
        List<DhtNode> nodes = new ArrayList<>();
        for (int i = 2; i <= 5; i++) {
            nodes.add(node("127.0.0.20" + i, settings(router.localAddress()).build()));
        }
        for (DhtNode n : nodes) {
            await("node joined", () -> n.stats().state() == DhtState.READY && n.stats().nodes() >= 2);
        }
        byte[] hash = new byte[20];
        new Random(1).nextBytes(hash);
        List<InetSocketAddress> seenByAnnouncer = new CopyOnWriteArrayList<>();
        nodes.get(0).track(hash, 7001, seenByAnnouncer::addAll);
        // the announce goes out after the first lookup; another node then finds it
        InetSocketAddress expected = new InetSocketAddress("127.0.0.202", 7001);
        List<InetSocketAddress> found = new CopyOnWriteArrayList<>();
        await("peer found", () -> {
            try {
                found.addAll(nodes.get(3).getPeers(hash, p -> { }).get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return found.contains(expected);
        });
        assertThat(nodes.get(3).findNode(nodes.get(1).id()).get(10, TimeUnit.SECONDS))
                .extracting(NodeInfo::id).contains(nodes.get(1).id());
        assertThat(router.stats().nodes()).isGreaterThanOrEqualTo(4);
        long stored = started.stream().mapToLong(n -> n.stats().storedPeers()).sum();
        assertThat(stored).isPositive();
    }

    @Test
    void aFloodFromOneAddressIsAnsweredOnlyUpToTheLimit() throws Exception {
        DhtNode n = node("127.0.0.206", settings().queriesPerSecondPerIp(5).queryBurstPerIp(10).build());
        int answered;
        try (DatagramSocket flood = new DatagramSocket(new InetSocketAddress("127.0.0.207", 0))) {
            flood.setSoTimeout(300);
            long t0 = System.nanoTime();
            for (int i = 0; i < 300; i++) {
                send(flood, n, ping(i));
            }
            answered = drain(flood);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(answered).isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(10 + (int) Math.ceil(5 * seconds) + 1);
        }
        await("counted", () -> n.stats().rateLimited() > 0);
        DhtStats st = n.stats();
        // every query that arrived was either answered or counted as rate limited (the kernel may drop some)
        assertThat(st.packetsIn() - st.rateLimited()).isLessThanOrEqualTo(answered + 1);
        assertThat(st.rateLimited()).isGreaterThan(100);
        // another address is still answered at once
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress("127.0.0.208", 0))) {
            other.setSoTimeout(2000);
            send(other, n, ping(1));
            assertThat(receive(other)).contains("1:y1:r");
        }
    }

    @Test
    void malformedOversizedAndUnknownPacketsAreDroppedOrAnsweredWithErrors() throws Exception {
        DhtNode n = node("127.0.0.206", settings().maxPacketSize(600).build());
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.209", 0))) {
            s.setSoTimeout(2000);
            send(s, n, "garbage".getBytes(StandardCharsets.ISO_8859_1));
            send(s, n, new byte[1000]);
            send(s, n, "d1:ad2:id3:abce1:q4:ping1:t2:zz1:y1:qe".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(receive(s)).contains("1:eli203e").contains("1:t2:zz");
            send(s, n, ("d1:ad2:id20:abcdefghij0123456789e1:q3:foo1:t2:yy1:y1:qe").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(receive(s)).contains("1:eli204e");
            send(s, n, ("d1:ad2:id20:abcdefghij01234567899:info_hash20:abcdefghij01234567894:porti1e5:token3:bade"
                    + "1:q13:announce_peer1:t2:xx1:y1:qe").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(receive(s)).contains("1:eli203e").contains("token");
            send(s, n, ping(7));
            assertThat(receive(s)).contains("1:y1:r");
        }
        assertThat(n.stats().malformedDropped()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aRestartedNodeKeepsItsIdAndTableAndJoinsWithoutRouters() throws Exception {
        DhtNode router = node("127.0.0.201", settings().build());
        DhtNode other = node("127.0.0.203", settings(router.localAddress()).build());
        await("other joined", () -> other.stats().nodes() > 0);
        Path state = dir.resolve("dht.dat");
        DhtNode first = DhtNode.start(group, NioDatagramChannel.class,
                new InetSocketAddress(InetAddress.getByName("127.0.0.204"), 0),
                settings(router.localAddress()).stateFile(state).build());
        await("first joined", () -> first.stats().nodes() >= 2);
        NodeId id = first.id();
        first.close();
        assertThat(NodeTableStore.load(state).nodes()).hasSizeGreaterThanOrEqualTo(2);

        try (DatagramSocket fakeRouter = new DatagramSocket(new InetSocketAddress("127.0.0.205", 0))) {
            fakeRouter.setSoTimeout(500);
            DhtNode second = node("127.0.0.204", settings((InetSocketAddress) fakeRouter.getLocalSocketAddress())
                    .stateFile(state).build());
            assertThat(second.id()).isEqualTo(id);
            await("second joined", () -> second.stats().state() == DhtState.READY && second.stats().nodes() >= 2);
            assertThatThrownBy(() -> fakeRouter.receive(new DatagramPacket(new byte[1500], 1500)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aReadOnlyNodeAsksButNeverAnswersAndStaysOutOfTables() throws Exception {
        DhtNode router = node("127.0.0.201", settings().build());
        DhtNode ro = node("127.0.0.202", settings(router.localAddress()).readOnly(true).build());
        await("ro joined", () -> ro.stats().nodes() > 0);
        Thread.sleep(300);
        assertThat(router.nodes().get(5, TimeUnit.SECONDS)).extracting(NodeInfo::address)
                .doesNotContain(ro.localAddress());
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.209", 0))) {
            s.setSoTimeout(700);
            send(s, ro, ping(3));
            assertThatThrownBy(() -> s.receive(new DatagramPacket(new byte[1500], 1500)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anOutgoingByteLimitDropsAnswersOverIt() throws Exception {
        DhtNode n = node("127.0.0.206", settings().maxPacketSize(512).outgoingBytesPerSecond(512)
                .queriesPerSecondPerIp(0).build());
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.207", 0))) {
            s.setSoTimeout(300);
            for (int i = 0; i < 100; i++) {
                send(s, n, ping(i));
            }
            int answered = drain(s);
            assertThat(answered).as("%s", n.stats()).isBetween(1, 40);
        }
        await("counted", () -> n.stats().outgoingDropped() > 0);
    }

    @Test
    void aQueryToANodeThatDoesNotAnswerTimesOut() throws Exception {
        DhtNode n = node("127.0.0.206", settings().build());
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.207", 0))) {
            assertThatThrownBy(() -> n.query((InetSocketAddress) silent.getLocalSocketAddress(), "ping",
                    BDictionary.builder().build()).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        }
    }

    static byte[] ping(int i) {
        return ("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26)
                + "1:y1:qe").getBytes(StandardCharsets.ISO_8859_1);
    }

    static void send(DatagramSocket s, DhtNode n, byte[] data) throws Exception {
        s.send(new DatagramPacket(data, data.length, n.localAddress()));
    }

    /** The next answer (the node's own queries, such as the ping verifying a new sender, are skipped). */
    static String receive(DatagramSocket s) throws Exception {
        while (true) {
            DatagramPacket p = new DatagramPacket(new byte[2000], 2000);
            s.receive(p);
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (!text.contains("1:y1:q")) {
                return text;
            }
        }
    }

    /** Counts answers until none came for 300 ms (waiting up to 5 s for the first, on a busy machine). */
    static int drain(DatagramSocket s) throws Exception {
        int n = 0;
        s.setSoTimeout(5000);
        while (true) {
            try {
                receive(s);
                n++;
                s.setSoTimeout(300);
            } catch (SocketTimeoutException e) {
                return n;
            }
        }
    }
}
