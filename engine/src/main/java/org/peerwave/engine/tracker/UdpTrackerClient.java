package org.peerwave.engine.tracker;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.peerwave.engine.util.EventLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP trackers (BEP 15) over one Netty datagram channel shared by every UDP tracker.
 *
 * <p>All protocol state (cached connection ids, requests waiting for an answer) lives on the
 * channel's event loop, so it needs no locks. A request is sent again after base·2^n
 * ({@link TrackerSettings#udpRetransmitBase()}, n = 0, 1, ...) until
 * {@link TrackerSettings#udpMaxRetransmits()} retransmissions went unanswered. A connection id is
 * reused for {@link TrackerSettings#udpConnectionIdTtl()} and forgotten after an error from that
 * tracker. Answers are matched by transaction id and must come from the tracker's address.
 * Host names are resolved on a virtual thread, never on the event loop.
 */
public final class UdpTrackerClient implements TrackerClient {

    private static final Logger LOG = LoggerFactory.getLogger(UdpTrackerClient.class);

    private final TrackerSettings settings;
    private final InstantSource clock;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Channel channel;
    private final EventLoop loop;
    private final ExecutorService resolver = Executors.newVirtualThreadPerTaskExecutor();

    // Event-loop state.
    private final Map<InetSocketAddress, ConnectionId> connections = new HashMap<>();
    private final Map<InetSocketAddress, CompletableFuture<Long>> connecting = new HashMap<>();
    private final Map<Integer, Pending> pending = new HashMap<>();

    private record ConnectionId(long id, Instant obtained) {
    }

    private final class Pending {
        final int transactionId;
        final InetSocketAddress tracker;
        final int action;
        final byte[] packet;
        final CompletableFuture<byte[]> answer = new CompletableFuture<>();
        int retransmits;
        Instant connectionObtained;
        java.util.function.IntConsumer reconnect;
        ScheduledFuture<?> timer;

        Pending(int transactionId, InetSocketAddress tracker, int action, byte[] packet) {
            this.transactionId = transactionId;
            this.tracker = tracker;
            this.action = action;
            this.packet = packet;
        }
    }

    /** A client with its own single-thread NIO event loop, bound to an ephemeral port on all interfaces. */
    public static UdpTrackerClient create(TrackerSettings settings) {
        return create(settings, null);
    }

    /**
     * A client with its own single-thread NIO event loop, bound to an ephemeral port on
     * {@code bindAddress} ({@code null}: all interfaces). Trackers answer the address a packet came
     * from and list it as ours, so a client that listens on one address must announce from it.
     */
    public static UdpTrackerClient create(TrackerSettings settings, java.net.InetAddress bindAddress) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        InetSocketAddress local = bindAddress == null ? new InetSocketAddress(0) : new InetSocketAddress(bindAddress, 0);
        return new UdpTrackerClient(settings, group, true, InstantSource.system(), local);
    }

    /**
     * A client on the given event loop group (not shut down by {@link #close()}).
     *
     * @param bindAddress local address of the shared socket; port 0 picks a free one
     * @param clock       decides when connection ids expire (retransmission uses the event loop's timers)
     */
    public UdpTrackerClient(TrackerSettings settings, EventLoopGroup group, InstantSource clock,
            InetSocketAddress bindAddress) {
        this(settings, group, false, clock, bindAddress);
    }

    private UdpTrackerClient(TrackerSettings settings, EventLoopGroup group, boolean ownsGroup, InstantSource clock,
            InetSocketAddress bindAddress) {
        this.settings = settings;
        this.clock = clock;
        this.group = group;
        this.ownsGroup = ownsGroup;
        try {
            this.channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                            onPacket(msg.sender(), ByteBufUtil.getBytes(msg.content()));
                        }
                    })
                    .bind(bindAddress).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw e;
        }
        this.loop = channel.eventLoop();
    }

    /** The local address of the shared socket. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
        return resolve(tracker).thenCompose(address -> onLoop(() -> request(address,
                UdpTrackerPackets.ACTION_ANNOUNCE,
                (id, txn) -> UdpTrackerPackets.announce(id, txn, request, settings.numWant()))
                .thenApply(packet -> {
                    try {
                        return UdpTrackerPackets.parseAnnounce(packet, isIpv6(address));
                    } catch (TrackerException e) {
                        throw new CompletionException(e);
                    }
                })));
    }

    @Override
    public CompletableFuture<ScrapeResponse> scrape(URI announceUrl, List<byte[]> infoHashes) {
        if (infoHashes.isEmpty() || infoHashes.size() > UdpTrackerPackets.MAX_SCRAPE_HASHES
                || infoHashes.stream().anyMatch(h -> h.length != 20)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "scrape takes 1.." + UdpTrackerPackets.MAX_SCRAPE_HASHES + " info hashes of 20 bytes"));
        }
        List<byte[]> hashes = infoHashes.stream().map(byte[]::clone).toList();
        return resolve(announceUrl).thenCompose(address -> onLoop(() -> request(address,
                UdpTrackerPackets.ACTION_SCRAPE, (id, txn) -> UdpTrackerPackets.scrape(id, txn, hashes))
                .thenApply(packet -> {
                    try {
                        return UdpTrackerPackets.parseScrape(packet, hashes);
                    } catch (TrackerException e) {
                        throw new CompletionException(e);
                    }
                })));
    }

    private CompletableFuture<InetSocketAddress> resolve(URI tracker) {
        String scheme = tracker.getScheme() == null ? "" : tracker.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("udp") || tracker.getHost() == null || tracker.getPort() <= 0
                || tracker.getPort() > 65535) {
            return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.UNSUPPORTED,
                    "not a UDP tracker URL with host and port: " + tracker));
        }
        String host = tracker.getHost().startsWith("[")
                ? tracker.getHost().substring(1, tracker.getHost().length() - 1) : tracker.getHost();
        int port = tracker.getPort();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new CompletionException(new TrackerException(TrackerException.Kind.NETWORK,
                        "cannot resolve UDP tracker " + host, e));
            }
        }, resolver);
    }

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> task) {
        return EventLoops.submit(loop, task, () -> new TrackerException(TrackerException.Kind.NETWORK,
                "UDP tracker client is closed"));
    }

    /** On the event loop: a cached connection id, a connect already under way, or a new connect. */
    private CompletableFuture<Long> connectionId(InetSocketAddress tracker) {
        ConnectionId cached = connections.get(tracker);
        if (cached != null && Duration.between(cached.obtained(), clock.instant())
                .compareTo(settings.udpConnectionIdTtl()) < 0) {
            return CompletableFuture.completedFuture(cached.id());
        }
        connections.remove(tracker);
        CompletableFuture<Long> underway = connecting.get(tracker);
        if (underway != null) {
            return underway;
        }
        CompletableFuture<Long> connect = exchange(tracker, UdpTrackerPackets.ACTION_CONNECT,
                UdpTrackerPackets::connect, 0, null, null).thenApply(packet -> {
                    try {
                        long id = UdpTrackerPackets.parseConnect(packet);
                        connections.put(tracker, new ConnectionId(id, clock.instant()));
                        return id;
                    } catch (TrackerException e) {
                        throw new CompletionException(e);
                    }
                });
        connecting.put(tracker, connect);
        connect.whenComplete((v, e) -> connecting.remove(tracker, connect));
        return connect;
    }

    /** Builds a request packet from a connection id and a transaction id. */
    private interface ConnectedPacket {
        byte[] build(long connectionId, int transactionId);
    }

    /**
     * On the event loop: an announce or scrape, connecting first when needed. When the connection
     * id expires during the retransmissions, it connects again and carries on with the back-off
     * where it was (BEP 15).
     */
    private CompletableFuture<byte[]> request(InetSocketAddress tracker, int action, ConnectedPacket build) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        attempt(tracker, action, build, 0, result);
        return result;
    }

    private void attempt(InetSocketAddress tracker, int action, ConnectedPacket build, int retransmits,
            CompletableFuture<byte[]> result) {
        connectionId(tracker).whenComplete((id, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
                return;
            }
            ConnectionId cached = connections.get(tracker);
            Instant obtained = cached != null && cached.id() == id ? cached.obtained() : clock.instant();
            exchange(tracker, action, txn -> build.build(id, txn), retransmits, obtained,
                    used -> attempt(tracker, action, build, used, result))
                    .whenComplete((packet, e) -> {
                        if (e != null) {
                            result.completeExceptionally(unwrap(e));
                        } else {
                            result.complete(packet);
                        }
                    });
        });
    }

    /**
     * On the event loop: sends a request and retransmits it until answered or out of retries.
     *
     * @param retransmits        retransmissions already spent on this request
     * @param connectionObtained when the connection id in the packet was obtained (null for connect)
     * @param reconnect          called instead of a retransmission once that id expired (null for connect)
     */
    private CompletableFuture<byte[]> exchange(InetSocketAddress tracker, int action,
            java.util.function.IntFunction<byte[]> build, int retransmits, Instant connectionObtained,
            java.util.function.IntConsumer reconnect) {
        int txn;
        do {
            txn = ThreadLocalRandom.current().nextInt();
        } while (pending.containsKey(txn));
        Pending p = new Pending(txn, tracker, action, build.apply(txn));
        p.retransmits = retransmits;
        p.connectionObtained = connectionObtained;
        p.reconnect = reconnect;
        pending.put(txn, p);
        transmit(p);
        return p.answer;
    }

    private void transmit(Pending p) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(p.packet), p.tracker))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        LOG.debug("UDP send to {} failed: {}", p.tracker, f.cause().toString());
                    }
                });
        long wait = settings.udpRetransmitBase().toMillis() << p.retransmits;
        p.timer = loop.schedule(() -> onTimeout(p), wait, TimeUnit.MILLISECONDS);
    }

    private void onTimeout(Pending p) {
        if (pending.get(p.transactionId) != p) {
            return;
        }
        if (p.retransmits >= settings.udpMaxRetransmits()) {
            pending.remove(p.transactionId);
            p.answer.completeExceptionally(new TrackerException(TrackerException.Kind.TIMEOUT, "UDP tracker "
                    + p.tracker + " timed out: no answer to " + actionName(p.action) + " after "
                    + (p.retransmits + 1) + " tries (" + settings.udpGiveUpAfter().toMillis() + " ms)"));
            return;
        }
        p.retransmits++;
        if (p.reconnect != null && Duration.between(p.connectionObtained, clock.instant())
                .compareTo(settings.udpConnectionIdTtl()) >= 0) {
            pending.remove(p.transactionId);
            LOG.debug("connection id for {} expired while retransmitting {}: connecting again", p.tracker,
                    actionName(p.action));
            p.reconnect.accept(p.retransmits);
            return;
        }
        LOG.debug("retransmitting {} to {} (try {})", actionName(p.action), p.tracker, p.retransmits + 1);
        transmit(p);
    }

    private void onPacket(InetSocketAddress sender, byte[] packet) {
        var header = UdpTrackerPackets.header(packet);
        if (header.isEmpty()) {
            LOG.debug("ignoring {}-byte UDP packet from {}", packet.length, sender);
            return;
        }
        Pending p = pending.get(header.get().transactionId());
        if (p == null || !p.tracker.equals(sender)) {
            LOG.debug("ignoring UDP packet with unknown transaction from {}", sender);
            return;
        }
        pending.remove(p.transactionId);
        p.timer.cancel(false);
        int action = header.get().action();
        if (action == UdpTrackerPackets.ACTION_ERROR) {
            connections.remove(p.tracker);
            p.answer.completeExceptionally(new TrackerException(TrackerException.Kind.FAILURE_REASON,
                    "tracker failure: " + UdpTrackerPackets.parseError(packet)));
        } else if (action != p.action) {
            p.answer.completeExceptionally(new TrackerException(TrackerException.Kind.MALFORMED, "UDP tracker "
                    + p.tracker + " answered " + actionName(p.action) + " with action " + action));
        } else {
            p.answer.complete(packet);
        }
    }

    private static boolean isIpv6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }

    private static String actionName(int action) {
        return switch (action) {
            case UdpTrackerPackets.ACTION_CONNECT -> "connect";
            case UdpTrackerPackets.ACTION_ANNOUNCE -> "announce";
            case UdpTrackerPackets.ACTION_SCRAPE -> "scrape";
            default -> "action " + action;
        };
    }

    private static Throwable unwrap(Throwable e) {
        return EventLoops.unwrap(e);
    }

    @Override
    public void close() {
        loop.execute(() -> {
            TrackerException closed = new TrackerException(TrackerException.Kind.NETWORK,
                    "UDP tracker client closed");
            pending.values().forEach(p -> {
                p.timer.cancel(false);
                p.answer.completeExceptionally(closed);
            });
            pending.clear();
        });
        channel.close().syncUninterruptibly();
        resolver.close();
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
