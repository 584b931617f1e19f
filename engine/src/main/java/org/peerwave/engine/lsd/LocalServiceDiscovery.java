package org.peerwave.engine.lsd;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BEP 14 local service discovery: announces the tracked torrents to the multicast groups
 * 239.192.152.143:6771 (IPv4) and [ff15::efc0:988f]:6771 (IPv6, where the interface has IPv6), and
 * passes on the peers others announce for them. Per interface and family two UDP channels: one
 * receives, bound to the wildcard address on the LSD port with SO_REUSEADDR (other clients on the
 * machine share the port) and joined to the group on the interface; one sends, bound to our address
 * on the interface (the source address receivers dial), through that interface, with multicast
 * loopback on so that clients on the same machine hear each other. Our own announces, which come back,
 * are recognised by a random cookie. Announces go out at most once per {@code minGap}, each torrent
 * every {@code interval}; everything runs on one event loop.
 */
public final class LocalServiceDiscovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServiceDiscovery.class);

    /** The IPv4 group (org-local). */
    public static final InetAddress GROUP4 = address("239.192.152.143");
    /** The IPv6 group (site-local). */
    public static final InetAddress GROUP6 = address("ff15::efc0:988f");
    private static final int MAX_HASHES_READ = 64;

    private final LsdSettings settings;
    private final int listenPort;
    private final EventLoop loop;
    private final String cookie;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private final ScheduledFuture<?> timer;
    private long lastPacket;
    private boolean sentOnce;
    private long windowStart;
    private int peersInWindow;
    private final AtomicLong announcesSent = new AtomicLong();
    private final AtomicLong announcesReceived = new AtomicLong();
    private final AtomicLong peersDropped = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong peersFound = new AtomicLong();
    private volatile boolean closed;

    /** One channel: its interface's group. */
    private record Endpoint(DatagramChannel receive, DatagramChannel send, InetSocketAddress group, String host) {
    }

    private static final class Tracked {
        final byte[] infoHash;
        final BiConsumer<byte[], InetSocketAddress> onPeer;
        long lastAnnounced;
        boolean announced;

        Tracked(byte[] infoHash, BiConsumer<byte[], InetSocketAddress> onPeer) {
            this.infoHash = infoHash;
            this.onPeer = onPeer;
        }
    }

    private LocalServiceDiscovery(LsdSettings settings, int listenPort, EventLoop loop) {
        this.settings = settings;
        this.listenPort = listenPort;
        this.loop = loop;
        this.cookie = Integer.toHexString(ThreadLocalRandom.current().nextInt() | 1);
        long tick = Math.max(50, Math.min(1000, settings.minGap().toMillis() / 2));
        tick = Math.min(tick, Math.max(50, settings.interval().toMillis() / 4));
        this.timer = loop.scheduleAtFixedRate(this::announceDue, tick, tick, TimeUnit.MILLISECONDS);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts listening and announcing.
     *
     * @param group         event loops (one is used)
     * @param channels      makes an unregistered datagram channel of the group's transport for a family
     * @param listenAddress our TCP listen address: a specific address uses its interface only; the
     *                      wildcard uses every interface that is up and supports multicast
     * @param listenPort    our TCP listen port, announced
     * @throws IllegalStateException when no channel could be opened
     */
    public static LocalServiceDiscovery start(EventLoopGroup group,
                                              Function<SocketProtocolFamily, DatagramChannel> channels,
                                              InetAddress listenAddress, int listenPort, LsdSettings settings) {
        LocalServiceDiscovery lsd = new LocalServiceDiscovery(settings, listenPort, group.next());
        List<String> failures = new ArrayList<>();
        for (Map.Entry<NetworkInterface, InetAddress> e : interfaces(listenAddress, settings.ipv6())) {
            try {
                lsd.open(group, channels, e.getKey(), e.getValue());
            } catch (RuntimeException | SocketException ex) {
                failures.add(e.getKey().getName() + "/" + e.getValue().getHostAddress() + ": " + ex.getMessage());
            }
        }
        if (lsd.endpoints.isEmpty()) {
            lsd.close();
            throw new IllegalStateException("no interface for local service discovery"
                    + (failures.isEmpty() ? "" : ": " + failures));
        }
        if (!failures.isEmpty()) {
            LOG.debug("LSD not on {}", failures);
        }
        return lsd;
    }

    /** (interface, our address on it) pairs to announce through: one IPv4 and, with {@code ipv6}, one IPv6 each. */
    private static List<Map.Entry<NetworkInterface, InetAddress>> interfaces(InetAddress listen, boolean ipv6) {
        List<Map.Entry<NetworkInterface, InetAddress>> out = new ArrayList<>();
        try {
            if (!listen.isAnyLocalAddress()) {
                NetworkInterface ni = interfaceOf(listen);
                if (ni != null) {
                    out.add(Map.entry(ni, listen));
                }
                return out;
            }
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || !ni.supportsMulticast() || ni.isPointToPoint()) {
                    continue;
                }
                InetAddress a4 = null;
                InetAddress a6 = null;
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && a4 == null) {
                        a4 = a;
                    } else if (a instanceof Inet6Address && (a6 == null || a6.isLinkLocalAddress())) {
                        a6 = a; // a global or unique-local address rather than the link-local one
                    }
                }
                if (a4 != null) {
                    out.add(Map.entry(ni, a4));
                }
                if (a6 != null && ipv6) {
                    out.add(Map.entry(ni, a6));
                }
            }
            return out;
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list the network interfaces: " + e.getMessage(), e);
        }
    }

    /**
     * The interface that has {@code a}, or whose subnet holds it (127.0.0.x other than 127.0.0.1 is
     * on the loopback interface without being one of its configured addresses).
     */
    private static NetworkInterface interfaceOf(InetAddress a) throws SocketException {
        NetworkInterface exact = NetworkInterface.getByInetAddress(a);
        if (exact != null) {
            return exact;
        }
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp()) {
                continue;
            }
            for (java.net.InterfaceAddress ia : ni.getInterfaceAddresses()) {
                if (ia.getAddress().getClass() == a.getClass() && samePrefix(ia.getAddress(), a,
                        ia.getNetworkPrefixLength())) {
                    return ni;
                }
            }
        }
        return null;
    }

    private static boolean samePrefix(InetAddress x, InetAddress y, int bits) {
        byte[] a = x.getAddress();
        byte[] b = y.getAddress();
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i & 7);
            if ((a[i >> 3] & mask) != (b[i >> 3] & mask)) {
                return false;
            }
        }
        return true;
    }

    private void open(EventLoopGroup group, Function<SocketProtocolFamily, DatagramChannel> channels,
                      NetworkInterface ni, InetAddress local) throws SocketException {
        boolean v4 = local instanceof Inet4Address;
        SocketProtocolFamily family = v4 ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        InetAddress groupAddress = v4 ? GROUP4 : GROUP6;
        InetSocketAddress groupSocket = new InetSocketAddress(groupAddress, settings.port());
        // receiving: the wildcard address on the LSD port (multicast is delivered to wildcard sockets),
        // shared with other clients on this machine, joined to the group on this interface
        Bootstrap rb = new Bootstrap().group(loop).channelFactory(() -> channels.apply(family))
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new Receiver());
        InetAddress wildcard = v4 ? address("0.0.0.0") : address("::");
        DatagramChannel receive = (DatagramChannel) rb.bind(new InetSocketAddress(wildcard, settings.port()))
                .syncUninterruptibly().channel();
        DatagramChannel send;
        try {
            receive.joinGroup(groupSocket, ni).syncUninterruptibly();
            // sending: bound to our address on the interface, so that the announce's source address
            // (which receivers dial) is the one we listen on, not the interface's first address
            Bootstrap sb = new Bootstrap().group(loop).channelFactory(() -> channels.apply(family))
                    .option(ChannelOption.IP_MULTICAST_TTL, 32)
                    .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false)
                    .option(ChannelOption.IP_MULTICAST_IF, ni)
                    .handler(new Receiver());
            send = (DatagramChannel) sb.bind(new InetSocketAddress(local, 0)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            receive.close();
            throw e;
        }
        String host = v4 ? groupAddress.getHostAddress() + ":" + settings.port()
                : "[ff15::efc0:988f]:" + settings.port();
        endpoints.add(new Endpoint(receive, send, groupSocket, host));
        LOG.info("local service discovery on {} ({}), group {}", ni.getName(), local.getHostAddress(), host);
    }

    /**
     * Announces {@code infoHash} (20 bytes) from now on, and passes the peers others announce for it
     * to {@code onPeer} (on the LSD loop). Closing the result stops both.
     */
    public AutoCloseable track(byte[] infoHash, BiConsumer<byte[], InetSocketAddress> onPeer) {
        if (infoHash.length != 20) {
            throw new IllegalArgumentException("an info hash has 20 bytes");
        }
        String key = HexFormat.of().formatHex(infoHash);
        Tracked t = new Tracked(infoHash.clone(), onPeer);
        loop.execute(() -> {
            tracked.put(key, t);
            announceDue();
        });
        return () -> loop.execute(() -> tracked.remove(key, t));
    }

    /** Sends one packet with the torrents that are due, when the gap since the last packet allows. */
    private void announceDue() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (sentOnce && now - lastPacket < settings.minGap().toNanos()) {
            return;
        }
        long interval = settings.interval().toNanos();
        List<Tracked> due = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (!t.announced || now - t.lastAnnounced >= interval) {
                due.add(t);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        due.sort((a, b) -> !a.announced ? -1 : !b.announced ? 1 : Long.compare(a.lastAnnounced, b.lastAnnounced));
        // as many as fit in one packet for the longest host (the IPv6 group's): every endpoint sends the same
        String longest = "[ff15::efc0:988f]:" + settings.port();
        List<byte[]> hashes = new ArrayList<>();
        int count = 0;
        for (Tracked t : due) {
            hashes.add(t.infoHash);
            if (new LsdAnnounce(listenPort, hashes, cookie).encode(longest).length > LsdAnnounce.MAX_PACKET) {
                hashes.removeLast();
                break;
            }
            count++;
        }
        for (Endpoint e : endpoints) {
            byte[] packet = new LsdAnnounce(listenPort, hashes, cookie).encode(e.host());
            e.send().writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), e.group()))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            LOG.debug("LSD announce on {} failed: {}", e.group(), f.cause().toString());
                        }
                    });
        }
        for (int i = 0; i < count; i++) {
            due.get(i).announced = true;
            due.get(i).lastAnnounced = now;
        }
        sentOnce = true;
        lastPacket = now;
        announcesSent.incrementAndGet();
    }

    private final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            ByteBuf content = p.content();
            int length = content.readableBytes();
            if (length > LsdAnnounce.MAX_INPUT) {
                malformed.incrementAndGet();
                return;
            }
            byte[] bytes = ByteBufUtil.getBytes(content);
            LsdAnnounce a = LsdAnnounce.parse(bytes, bytes.length, MAX_HASHES_READ).orElse(null);
            if (a == null) {
                malformed.incrementAndGet();
                return;
            }
            if (cookie.equals(a.cookie())) {
                return; // our own, looped back
            }
            announcesReceived.incrementAndGet();
            InetSocketAddress peer = new InetSocketAddress(p.sender().getAddress(), a.port());
            for (byte[] h : a.infoHashes()) {
                Tracked t = tracked.get(HexFormat.of().formatHex(h));
                if (t == null) {
                    continue;
                }
                if (!allowPeer()) {
                    peersDropped.incrementAndGet();
                    continue;
                }
                LOG.debug("LSD: {} announces {}", peer, HexFormat.of().formatHex(h));
                peersFound.incrementAndGet();
                t.onPeer.accept(t.infoHash.clone(), peer);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("LSD channel error: {}", cause.toString());
        }
    }

    /** The per-minute budget of peers passed on. */
    private boolean allowPeer() {
        long now = System.nanoTime();
        if (now - windowStart >= TimeUnit.MINUTES.toNanos(1) || windowStart == 0) {
            windowStart = now;
            peersInWindow = 0;
        }
        return ++peersInWindow <= settings.maxPeersPerMinute();
    }

    /** Our cookie (to recognise our own announces). */
    public String cookie() {
        return cookie;
    }

    /** Peers passed on to a tracked torrent. */
    public long peersFound() {
        return peersFound.get();
    }

    /** Announce packets sent (one per round, whatever the number of interfaces). */
    public long announcesSent() {
        return announcesSent.get();
    }

    /** Well-formed announces of others received. */
    public long announcesReceived() {
        return announcesReceived.get();
    }

    /** Peers not passed on because of the per-minute budget. */
    public long peersDropped() {
        return peersDropped.get();
    }

    /** Packets dropped as malformed or too big. */
    public long malformedPackets() {
        return malformed.get();
    }

    /** The groups joined, e.g. for logs and tests. */
    public List<InetSocketAddress> groups() {
        return endpoints.stream().map(Endpoint::group).toList();
    }

    @Override
    public void close() {
        closed = true;
        timer.cancel(false);
        for (Endpoint e : endpoints) {
            e.receive().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            e.send().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
