package org.peerwave.engine.lsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.peerwave.engine.testing.ExternalTool;
import org.peerwave.engine.testing.peers.Net;

/** BEP 14: the announce format and two services finding each other over loopback multicast. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LsdTest {

    private static final byte[] H1 = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef01234567");
    private static final byte[] H2 = HexFormat.of().parseHex("fedcba9876543210fedcba9876543210fedcba98");

    @Test
    void encodesTheBep14FormatAndParsesItBack() {
        LsdAnnounce a = new LsdAnnounce(6881, List.of(H1, H2), "1a2b");
        String text = new String(a.encode("239.192.152.143:6771"), StandardCharsets.US_ASCII);
        assertThat(text).isEqualTo("BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 6881\r\n"
                + "Infohash: 0123456789abcdef0123456789abcdef01234567\r\n"
                + "Infohash: fedcba9876543210fedcba9876543210fedcba98\r\ncookie: 1a2b\r\n\r\n\r\n");
        byte[] bytes = a.encode("239.192.152.143:6771");
        LsdAnnounce back = LsdAnnounce.parse(bytes, bytes.length, 10).orElseThrow();
        assertThat(back.port()).isEqualTo(6881);
        assertThat(back.cookie()).isEqualTo("1a2b");
        assertThat(back.infoHashes()).hasSize(2);
        assertThat(back.infoHashes().get(1)).isEqualTo(H2);
    }

    @Test
    void parsesLibtorrentsAnnounceAndRejectsBadOnes() {
        byte[] lt = ("BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 51413\r\n"
                + "Infohash: 0123456789ABCDEF0123456789ABCDEF01234567\r\ncookie: 7f3e\r\n\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        LsdAnnounce a = LsdAnnounce.parse(lt, lt.length, 10).orElseThrow();
        assertThat(a.infoHashes().getFirst()).isEqualTo(H1);
        assertThat(a.port()).isEqualTo(51413);
        for (String bad : List.of("GET / HTTP/1.1\r\nPort: 1\r\n\r\n", "BT-SEARCH * HTTP/1.1\r\nPort: 0\r\n\r\n",
                "BT-SEARCH * HTTP/1.1\r\nPort: x\r\n\r\n", "BT-SEARCH * HTTP/1.1\r\nInfohash: "
                        + "0123456789abcdef0123456789abcdef01234567\r\n\r\n", "", "BT-SEARCH")) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThat(LsdAnnounce.parse(b, b.length, 10)).as(bad).isEmpty();
        }
        // malformed hashes are skipped, and at most maxHashes are kept
        byte[] odd = ("BT-SEARCH * HTTP/1.1\r\nPort: 5\r\nInfohash: xyz\r\nInfohash: "
                + "zz23456789abcdef0123456789abcdef01234567\r\nInfohash: 0123456789abcdef0123456789abcdef01234567\r\n"
                + "Infohash: fedcba9876543210fedcba9876543210fedcba98\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(LsdAnnounce.parse(odd, odd.length, 1).orElseThrow().infoHashes()).hasSize(1);
        byte[] huge = new byte[LsdAnnounce.MAX_INPUT + 1];
        assertThat(LsdAnnounce.parse(huge, huge.length, 10)).isEmpty();
    }

    private record Found(byte[] hash, InetSocketAddress peer) {
    }

    /**
     * IPv6 multicast does not loop back over lo (it has no MULTICAST flag), so this test makes a veth
     * pair of its own (root, as CI runs tests): fd77:5eed::1 and ::2 on its two ends, removed afterwards.
     */
    @Test
    void ipv6ServicesOnAVethPairFindEachOther() throws Exception {
        ExternalTool.require("/usr/sbin/ip", "iproute2");
        String a0 = "pwlsd" + ProcessHandle.current().pid() % 100000 + "a";
        String a1 = a0.substring(0, a0.length() - 1) + "b";
        ExternalTool.run(Duration.ofSeconds(10), List.of("/usr/sbin/ip", "link", "add", a0, "type", "veth", "peer",
                "name", a1));
        try {
            for (List<String> cmd : List.of(List.of("-6", "addr", "add", "fd77:5eed::1/64", "dev", a0, "nodad"),
                    List.of("-6", "addr", "add", "fd77:5eed::2/64", "dev", a1, "nodad"),
                    List.of("link", "set", a0, "up"), List.of("link", "set", a1, "up"))) {
                List<String> full = new java.util.ArrayList<>(List.of("/usr/sbin/ip"));
                full.addAll(cmd);
                ExternalTool.run(Duration.ofSeconds(10), full);
            }
            boolean epoll = Epoll.isAvailable();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory()
                    : NioIoHandler.newFactory());
            Function<SocketProtocolFamily, DatagramChannel> channels = f -> epoll ? new EpollDatagramChannel(f)
                    : new NioDatagramChannel(f);
            int port = Net.freeUdpPort("0.0.0.0");
            LsdSettings fast = new LsdSettings(Duration.ofMillis(300), Duration.ofMillis(100), 100, port, true);
            List<Found> atB = new CopyOnWriteArrayList<>();
            try (LocalServiceDiscovery a = LocalServiceDiscovery.start(group, channels,
                    InetAddress.getByName("fd77:5eed::1"), 40_247, fast);
                 LocalServiceDiscovery b = LocalServiceDiscovery.start(group, channels,
                    InetAddress.getByName("fd77:5eed::2"), 40_248, fast)) {
                assertThat(a.groups()).extracting(InetSocketAddress::getAddress)
                        .containsExactly(LocalServiceDiscovery.GROUP6);
                a.track(H1, (h, p) -> { });
                b.track(H1, (h, p) -> atB.add(new Found(h, p)));
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (atB.isEmpty() && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                assertThat(atB).as("b hears a over [ff15::efc0:988f]").isNotEmpty();
                assertThat(atB.getFirst().peer()).isEqualTo(new InetSocketAddress("fd77:5eed::1", 40_247));
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        } finally {
            ExternalTool.runAllowingFailure(Duration.ofSeconds(10), List.of("/usr/sbin/ip", "link", "del", a0));
        }
    }

    @Test
    void twoServicesOnLoopbackFindEachOtherIgnoreThemselvesAndKeepToTheBudget() throws Exception {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory());
        Function<SocketProtocolFamily, DatagramChannel> channels = f -> epoll ? new EpollDatagramChannel(f)
                : new NioDatagramChannel(f);
        int port = Net.freeUdpPort("0.0.0.0");
        LsdSettings fast = new LsdSettings(Duration.ofMillis(300), Duration.ofMillis(100), 1, port, false);
        List<Found> atA = new CopyOnWriteArrayList<>();
        List<Found> atB = new CopyOnWriteArrayList<>();
        try (LocalServiceDiscovery a = LocalServiceDiscovery.start(group, channels,
                InetAddress.getByName("127.0.0.245"), 40_245, fast);
             LocalServiceDiscovery b = LocalServiceDiscovery.start(group, channels,
                InetAddress.getByName("127.0.0.246"), 40_246, fast)) {
            a.track(H1, (h, p) -> atA.add(new Found(h, p)));
            a.track(H2, (h, p) -> atA.add(new Found(h, p)));
            b.track(H1, (h, p) -> atB.add(new Found(h, p)));
            b.track(H2, (h, p) -> atB.add(new Found(h, p)));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((atA.isEmpty() || atB.isEmpty() || b.peersDropped() == 0) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(atB).as("b hears a").isNotEmpty();
            assertThat(atB.getFirst().peer()).isEqualTo(new InetSocketAddress("127.0.0.245", 40_245));
            assertThat(atA).as("a hears b").isNotEmpty();
            assertThat(atA).allSatisfy(f -> assertThat(f.peer())
                    .as("never itself").isEqualTo(new InetSocketAddress("127.0.0.246", 40_246)));
            // a budget of one peer a minute: the other hash (and every repeat) is dropped and counted
            assertThat(atB).hasSize(1);
            assertThat(b.peersDropped()).isPositive();
            assertThat(a.announcesSent()).isGreaterThan(1);
            assertThat(a.cookie()).isNotEqualTo(b.cookie());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
