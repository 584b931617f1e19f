package org.peerwave.engine.dht;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DHT node (BEP 5) on one UDP socket of one address family: answers {@code ping},
 * {@code find_node}, {@code get_peers} and {@code announce_peer}, runs iterative lookups, keeps its
 * routing table fresh, and looks up (and announces) the info hashes it {@link #track}s.
 *
 * <p>Every field is owned by the channel's event loop; public methods hop onto it. Inbound packets
 * pass, in order: the size limit, the codec (a malformed query is answered with error 203 when its
 * transaction id is known), the read-only rule (a read-only node answers nothing), the per-address
 * query limit, and the outgoing byte limit for the answer. Each drop is counted in {@link #stats()}.
 * Query types are handlers in a table ({@link #registerHandler}), so BEP 44 {@code get}/{@code put}
 * can be added without touching the dispatch.
 */
public final class DhtNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DhtNode.class);
    private static final int K = 8;

    /** Answers one query type: returns the response values (without {@code id}) or throws {@link KrpcException}. */
    @FunctionalInterface
    public interface QueryHandler {
        BDictionary handle(KrpcMessage.Query query, InetSocketAddress from);
    }

    /** A torrent looked up (and announced) periodically; {@link #close()} stops it. */
    public final class Tracking implements AutoCloseable {
        final NodeId infoHash;
        final int port;
        final Consumer<List<InetSocketAddress>> sink;
        long nextAt;
        boolean running;
        boolean closed;
        /** The last lookup had no node to ask, or none answered: retried as soon as a node answers us. */
        boolean starved;
        /** Lookups in a row that found nothing (the retry interval doubles with each, up to the reannounce interval). */
        int misses;

        Tracking(NodeId infoHash, int port, Consumer<List<InetSocketAddress>> sink) {
            this.infoHash = infoHash;
            this.port = port;
            this.sink = sink;
        }

        /** Runs a lookup (and announce) soon, whatever the schedule said. */
        public void refreshNow() {
            onLoop(() -> {
                nextAt = 0;
                runTracking(this);
            });
        }

        @Override
        public void close() {
            onLoop(() -> {
                closed = true;
                tracked.remove(infoHash, this);
            });
        }
    }

    private record Pending(InetSocketAddress to, CompletableFuture<KrpcMessage.Response> result,
                           ScheduledFuture<?> timeout) {
    }

    private final DhtSettings settings;
    private final Channel channel;
    private final EventLoop loop;
    private final boolean v6;
    private final Random random = new SecureRandom();
    private final KrpcCodec codec;
    private final NodeId ownId;
    private final RoutingTable table;
    private final TokenManager tokens;
    /** BEP 44 items stored here (as many as info hashes with peers; each kept two hours, as BEP 44 says). */
    private final ItemStore items;
    private final PeerStore peerStore;
    private final QueryRateLimiter queryLimiter;
    private final ByteRateLimiter byteLimiter;
    private final Map<String, QueryHandler> handlers = new HashMap<>();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Map<NodeId, Tracking> tracked = new LinkedHashMap<>();
    private final List<NodeInfo> savedNodes;
    private final List<InetSocketAddress> routers;
    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong outgoingDropped = new AtomicLong();
    private volatile DhtStats lastStats;
    private volatile DhtState state = DhtState.NO_NODES;
    private int nextTid = new SecureRandom().nextInt(0x10000);
    private boolean bootstrapping;
    private long nextBootstrapAt;
    private long nextSaveAt;
    private long nextMaintenanceAt;
    private ScheduledFuture<?> ticker;
    private volatile boolean closed;

    private DhtNode(DhtSettings settings, Channel channel, boolean v6, NodeTableStore.Saved saved) {
        this.settings = settings;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.v6 = v6;
        long now = System.nanoTime();
        this.codec = new KrpcCodec(settings.maxPacketSize());
        this.ownId = saved != null ? saved.id() : NodeId.random(random);
        this.table = RoutingTable.standard(ownId, now);
        this.tokens = new TokenManager(random, settings.tokenRotation().toNanos(), now);
        this.items = new ItemStore(settings.maxStoredInfoHashes(), java.util.concurrent.TimeUnit.HOURS.toNanos(2));
        this.peerStore = new PeerStore(settings.maxStoredInfoHashes(), settings.maxPeersPerInfoHash(),
                settings.peerTtl().toNanos());
        this.queryLimiter = new QueryRateLimiter(settings.queriesPerSecondPerIp(), settings.queryBurstPerIp(),
                settings.maxRateLimitedIps());
        this.byteLimiter = new ByteRateLimiter(settings.outgoingBytesPerSecond(), now);
        this.savedNodes = saved == null ? List.of()
                : saved.nodes().stream().filter(n -> n.isV6() == v6).toList();
        this.routers = resolve(settings.bootstrap(), v6);
        this.nextSaveAt = now + settings.saveInterval().toNanos();
        this.nextMaintenanceAt = now + settings.refreshInterval().toNanos() / 15;
        handlers.put("ping", (q, from) -> BDictionary.builder().build());
        handlers.put("find_node", this::onFindNode);
        handlers.put("get_peers", this::onGetPeers);
        handlers.put("announce_peer", this::onAnnouncePeer);
        handlers.put("get", this::onGet);
        handlers.put("put", this::onPut);
        this.lastStats = snapshot();
    }

    /**
     * Binds a node to {@code bind} (its family decides the node's) on one loop of {@code group}, and
     * starts joining the DHT: from the nodes saved in {@link DhtSettings#stateFile()} when there are
     * any, else from the bootstrap routers.
     */
    public static DhtNode start(EventLoopGroup group, Class<? extends DatagramChannel> channelClass,
                                InetSocketAddress bind, DhtSettings settings) {
        boolean v6 = CompactNodes.isV6(bind.getAddress());
        NodeTableStore.Saved saved = NodeTableStore.load(settings.stateFile());
        java.util.concurrent.atomic.AtomicReference<DhtNode> holder = new java.util.concurrent.atomic.AtomicReference<>();
        Handler handler = new Handler(holder);
        Channel ch = new Bootstrap().group(group).channel(channelClass).handler(handler)
                .bind(bind).syncUninterruptibly().channel();
        DhtNode node = new DhtNode(settings, ch, v6, saved);
        holder.set(node);
        node.onLoop(node::started);
        return node;
    }

    private static List<InetSocketAddress> resolve(List<InetSocketAddress> nodes, boolean v6) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetSocketAddress a : nodes) {
            try {
                if (a.isUnresolved()) {
                    for (InetAddress ip : InetAddress.getAllByName(a.getHostString())) {
                        if (CompactNodes.isV6(ip) == v6) {
                            out.add(new InetSocketAddress(ip, a.getPort()));
                        }
                    }
                } else if (CompactNodes.isV6(a.getAddress()) == v6) {
                    out.add(a);
                }
            } catch (IOException e) {
                LOG.info("DHT bootstrap node {} does not resolve: {}", a, e.getMessage());
            }
        }
        return out;
    }

    private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final java.util.concurrent.atomic.AtomicReference<DhtNode> node;

        Handler(java.util.concurrent.atomic.AtomicReference<DhtNode> node) {
            this.node = node;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            DhtNode n = node.get();
            if (n != null) {
                n.onPacket(packet);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("DHT socket error: {}", cause.toString());
        }
    }

    // ------------------------------------------------------------------ public API (any thread)

    public NodeId id() {
        return ownId;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public boolean isV6() {
        return v6;
    }

    public DhtState state() {
        return closed ? DhtState.OFF : state;
    }

    /** A snapshot taken on the node's loop (waits up to a second for it, else gives the last one). */
    public DhtStats stats() {
        if (loop.inEventLoop()) {
            lastStats = snapshot();
        } else if (!closed) {
            try {
                return call(() -> CompletableFuture.completedFuture(lastStats = snapshot())).get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                return lastStats; // a busy or stopped loop: the last second's figures
            }
        }
        return lastStats;
    }

    /** Adds a handler for a query type (replacing any before it). */
    public void registerHandler(String method, QueryHandler handler) {
        onLoop(() -> handlers.put(method, handler));
    }

    /** Pings {@code address} (a node a peer told us about in a PORT message, say): it joins the table if it answers. */
    public CompletableFuture<KrpcMessage.Response> ping(InetSocketAddress address) {
        return call(() -> query(address, "ping", BDictionary.builder().build()));
    }

    /** Sends one query and completes with the answer (or fails with the error answer or a time-out). */
    public CompletableFuture<KrpcMessage.Response> query(InetSocketAddress to, String method, BDictionary args) {
        if (!loop.inEventLoop()) {
            return call(() -> query(to, method, args));
        }
        return send(to, method, args);
    }

    /** One get_peers lookup: the peers found (also given to {@code sink} as they come). */
    public CompletableFuture<List<InetSocketAddress>> getPeers(byte[] infoHash, Consumer<List<InetSocketAddress>> sink) {
        NodeId target = NodeId.of(infoHash);
        return call(() -> {
            CompletableFuture<List<InetSocketAddress>> f = new CompletableFuture<>();
            lookup(target, true, sink, l -> f.complete(l.peers()));
            return f;
        });
    }

    /** One find_node lookup of {@code target}: the closest nodes that answered. */
    public CompletableFuture<List<NodeInfo>> findNode(NodeId target) {
        return call(() -> {
            CompletableFuture<List<NodeInfo>> f = new CompletableFuture<>();
            lookup(target, false, p -> { }, l -> f.complete(l.closestResponded()));
            return f;
        });
    }

    /**
     * Looks up {@code infoHash} now and then every {@link DhtSettings#reannounceInterval()} (when a
     * lookup could not announce, or found no peer for a lookup-only hash: after
     * {@link DhtSettings#retryInterval()}, doubling with each miss), giving the peers to {@code sink}
     * (on this node's loop), and announces us on {@code port} to the closest nodes after each lookup
     * ({@code port} 0: only look up, as for a magnet still fetching its metadata).
     */
    public Tracking track(byte[] infoHash, int port, Consumer<List<InetSocketAddress>> sink) {
        Tracking t = new Tracking(NodeId.of(infoHash), port, sink);
        onLoop(() -> {
            Tracking old = tracked.put(t.infoHash, t);
            if (old != null) {
                old.closed = true;
            }
            runTracking(t);
        });
        return t;
    }

    /** The nodes of the routing table now. */
    public CompletableFuture<List<NodeInfo>> nodes() {
        return call(() -> CompletableFuture.completedFuture(table.nodes()));
    }

    /** Saves the routing table (when a state file is set) and closes the socket. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        CompletableFuture<Void> done = call(() -> {
            closed = true;
            if (ticker != null) {
                ticker.cancel(false);
            }
            save();
            for (Pending p : List.copyOf(pending.values())) {
                p.timeout().cancel(false);
                p.result().completeExceptionally(new IllegalStateException("DHT node closed"));
            }
            pending.clear();
            tracked.clear();
            lastStats = snapshot();
            return CompletableFuture.completedFuture(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("DHT node did not close cleanly: {}", e.toString());
        }
        closed = true;
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private <T> CompletableFuture<T> call(java.util.function.Supplier<CompletableFuture<T>> action) {
        return org.peerwave.engine.util.EventLoops.submit(loop, action,
                () -> new IllegalStateException("DHT node closed"));
    }

    private void onLoop(Runnable r) {
        try {
            if (loop.inEventLoop()) {
                r.run();
            } else {
                loop.execute(r);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("DHT loop stopped");
        }
    }

    // ------------------------------------------------------------------ lifecycle and maintenance

    private void started() {
        LOG.info("DHT node {} on {} ({} saved nodes, {} routers{})", ownId, channel.localAddress(),
                savedNodes.size(), routers.size(), settings.readOnly() ? ", read-only" : "");
        ticker = loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        bootstrap();
    }

    private void bootstrap() {
        if (closed || bootstrapping) {
            return;
        }
        bootstrapping = true;
        if (table.size() == 0) {
            state = DhtState.BOOTSTRAPPING;
        }
        boolean fromSaved = table.size() == 0 && !savedNodes.isEmpty() && nextBootstrapAt == 0;
        Lookup l = new Lookup(ownId, K, settings.alpha(), settings.maxLookupQueries());
        for (NodeInfo n : table.closest(ownId, K, System.nanoTime())) {
            l.addCandidate(n);
        }
        if (fromSaved) {
            savedNodes.forEach(l::addCandidate);
        } else {
            routers.forEach(l::addRouter);
        }
        pump(l, false, p -> { }, done -> {
            bootstrapping = false;
            int size = table.size();
            state = size > 0 ? DhtState.READY : DhtState.NO_NODES;
            nextBootstrapAt = System.nanoTime() + settings.retryInterval().toNanos();
            LOG.info("DHT bootstrap {} ({}): {} nodes after {} queries, {} answers", ownId,
                    fromSaved ? "from the saved table" : "from the routers", size, done.queries(), done.responses());
            if (size > 0) {
                // fill the far buckets too: one lookup of a random id
                lookup(NodeId.random(random), false, p -> { }, x -> { });
            }
            for (Tracking t : List.copyOf(tracked.values())) {
                if (!t.running && size > 0) {
                    t.nextAt = 0;
                    runTracking(t);
                }
            }
        });
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (table.size() == 0 && !bootstrapping && now >= nextBootstrapAt) {
            bootstrap();
        } else if (table.size() > 0 && state != DhtState.READY && !bootstrapping) {
            state = DhtState.READY;
        }
        for (Tracking t : List.copyOf(tracked.values())) {
            if (!t.running && now >= t.nextAt) {
                runTracking(t);
            }
        }
        if (now >= nextMaintenanceAt) {
            nextMaintenanceAt = now + Math.max(1_000_000_000L, settings.refreshInterval().toNanos() / 15);
            long refresh = settings.refreshInterval().toNanos();
            for (NodeInfo n : table.toPing(now, refresh, 8)) {
                send(n.address(), "ping", BDictionary.builder().build());
            }
            List<NodeId> targets = table.refreshTargets(now, refresh, random);
            for (NodeId target : targets.subList(0, Math.min(2, targets.size()))) {
                lookup(target, false, p -> { }, l -> { });
            }
            peerStore.expire(now);
        }
        if (now >= nextSaveAt) {
            nextSaveAt = now + settings.saveInterval().toNanos();
            save();
        }
        lastStats = snapshot();
    }

    private void save() {
        if (settings.stateFile() == null) {
            return;
        }
        List<NodeInfo> nodes = table.nodes();
        if (nodes.isEmpty() && !savedNodes.isEmpty()) {
            nodes = savedNodes; // never overwrite a useful table with an empty one
        }
        try {
            NodeTableStore.save(settings.stateFile(), ownId, nodes);
        } catch (IOException e) {
            LOG.warn("cannot save the DHT table to {}: {}", settings.stateFile(), e.toString());
        }
    }

    private DhtStats snapshot() {
        long now = System.nanoTime();
        return new DhtStats(closed ? DhtState.OFF : state, table.size(), table.goodCount(now), table.bucketCount(),
                peerStore.infoHashCount(), peerStore.peerCount(), pending.size(), tracked.size(), packetsIn.get(),
                packetsOut.get(), bytesIn.get(), bytesOut.get(), malformed.get(), rateLimited.get(),
                outgoingDropped.get());
    }

    // ------------------------------------------------------------------ tracking and lookups

    private void runTracking(Tracking t) {
        if (closed || t.closed || t.running) {
            return;
        }
        if (table.size() == 0 && routers.isEmpty() && savedNodes.isEmpty()) {
            t.nextAt = System.nanoTime() + settings.retryInterval().toNanos();
            t.starved = true;
            return;
        }
        t.running = true;
        lookup(t.infoHash, true, peers -> {
            if (!t.closed && !peers.isEmpty()) {
                t.sink.accept(peers);
            }
        }, l -> {
            t.running = false;
            t.starved = l.responses() == 0;
            boolean found = !l.peers().isEmpty();
            if (!t.closed && t.port > 0 && !settings.readOnly()) {
                announce(t.infoHash, t.port, l);
            }
            // done for a while once announced (or, only looking, once peers came); else retry, backing off
            boolean done = t.port > 0 && !settings.readOnly() ? !l.tokens().isEmpty() : found;
            long wait;
            if (done) {
                t.misses = 0;
                wait = settings.reannounceInterval().toNanos();
            } else {
                wait = Math.min(settings.reannounceInterval().toNanos(),
                        settings.retryInterval().toNanos() << Math.min(t.misses, 6));
                t.misses++;
            }
            t.nextAt = System.nanoTime() + wait;
            LOG.debug("DHT lookup {}: {} peers, {} queries, {} answers", t.infoHash, l.peers().size(),
                    l.queries(), l.responses());
        });
    }

    private void announce(NodeId infoHash, int port, Lookup l) {
        for (Map.Entry<NodeInfo, byte[]> e : l.tokens().entrySet()) {
            BDictionary args = BDictionary.builder().put("info_hash", infoHash.bytes()).put("port", port)
                    .put("implied_port", 0).put("token", e.getValue()).build();
            send(e.getKey().address(), "announce_peer", args);
        }
    }

    private void lookup(NodeId target, boolean getPeers, Consumer<List<InetSocketAddress>> peers,
                        Consumer<Lookup> done) {
        Lookup l = new Lookup(target, K, settings.alpha(), settings.maxLookupQueries());
        long now = System.nanoTime();
        List<NodeInfo> seeds = table.closest(target, K, now);
        seeds.forEach(l::addCandidate);
        if (seeds.size() < K) {
            savedNodes.forEach(l::addCandidate);
            if (seeds.isEmpty()) {
                routers.forEach(l::addRouter);
            }
        }
        table.touchedBucketOf(target, now);
        if (getPeers) {
            // peers announced to us count too (we may be one of the closest nodes ourselves)
            List<InetSocketAddress> local = new ArrayList<>(peerStore.get(target, v6, settings.maxPeersPerResponse(),
                    now, random));
            if (!local.isEmpty()) {
                l.addPeers(local);
                peers.accept(local);
            }
        }
        pump(l, getPeers, peers, done);
    }

    private void pump(Lookup l, boolean getPeers, Consumer<List<InetSocketAddress>> peerSink, Consumer<Lookup> done) {
        if (closed) {
            return;
        }
        if (l.isDone()) {
            done.accept(l);
            return;
        }
        String method = getPeers ? "get_peers" : "find_node";
        BDictionary args = BDictionary.builder().put(getPeers ? "info_hash" : "target", l.target().bytes())
                .put("want", BList.of(BString.of(v6 ? "n6" : "n4"))).build();
        for (InetSocketAddress to : l.next()) {
            send(to, method, args).whenComplete((r, e) -> {
                if (e != null) {
                    l.failed(to);
                } else {
                    List<NodeInfo> closer;
                    List<InetSocketAddress> found;
                    byte[] token;
                    try {
                        closer = nodesOf(r);
                        found = getPeers ? valuesOf(r) : List.of();
                        BString t = KrpcFields.optionalString(r.values(), "token", "value");
                        token = t == null || t.length() > 64 ? null : t.bytes();
                    } catch (KrpcException bad) {
                        malformed.incrementAndGet();
                        l.failed(to);
                        pump(l, getPeers, peerSink, done);
                        return;
                    }
                    l.responded(to, r.sender(), closer, found, token);
                    if (!found.isEmpty()) {
                        peerSink.accept(found);
                    }
                }
                pump(l, getPeers, peerSink, done);
            });
        }
        if (l.isDone()) { // nothing could be sent
            done.accept(l);
        }
    }

    private List<NodeInfo> nodesOf(KrpcMessage.Response r) {
        BString s = KrpcFields.optionalString(r.values(), v6 ? "nodes6" : "nodes", "value");
        if (s == null) {
            return List.of();
        }
        List<NodeInfo> out = new ArrayList<>();
        for (NodeInfo n : CompactNodes.decodeNodes(s.bytes(), v6)) {
            if (!n.id().equals(ownId) && !n.address().equals(localAddress())) {
                out.add(n);
            }
        }
        return out;
    }

    private List<InetSocketAddress> valuesOf(KrpcMessage.Response r) {
        BList values = KrpcFields.optionalList(r.values(), "values", "value");
        if (values == null) {
            return List.of();
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (BValue v : values.values()) {
            if (v instanceof BString s && (s.length() == CompactNodes.PEER_V4 || s.length() == CompactNodes.PEER_V6)) {
                InetSocketAddress a = CompactNodes.decodePeer(s.bytes());
                if (a.getPort() != 0) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ outgoing

    private CompletableFuture<KrpcMessage.Response> send(InetSocketAddress to, String method, BDictionary args) {
        CompletableFuture<KrpcMessage.Response> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IllegalStateException("DHT node closed"));
            return result;
        }
        if (pending.size() >= settings.maxPendingQueries()) {
            result.completeExceptionally(new KrpcException(KrpcException.GENERIC, "too many queries in flight"));
            return result;
        }
        int tid = nextFreeTid();
        byte[] tidBytes = {(byte) (tid >>> 8), (byte) tid};
        byte[] packet = KrpcCodec.encode(new KrpcMessage.Query(tidBytes, method, ownId, args, settings.readOnly()),
                ownId);
        if (!write(to, packet)) {
            result.completeExceptionally(new KrpcException(KrpcException.GENERIC, "outgoing DHT rate limit"));
            return result;
        }
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            Pending p = pending.remove(tid);
            if (p != null) {
                table.failed(to, System.nanoTime());
                p.result().completeExceptionally(new TimeoutException(method + " to " + to + " timed out"));
            }
        }, settings.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        pending.put(tid, new Pending(to, result, timeout));
        return result;
    }

    private int nextFreeTid() {
        for (int i = 0; i < 0x10000; i++) {
            int t = nextTid++ & 0xffff;
            if (!pending.containsKey(t)) {
                return t;
            }
        }
        throw new IllegalStateException("no free transaction id");
    }

    /** Sends a packet within the outgoing byte limit; false when it was dropped. */
    private boolean write(InetSocketAddress to, byte[] packet) {
        if (!byteLimiter.tryAcquire(packet.length, System.nanoTime())) {
            outgoingDropped.incrementAndGet();
            return false;
        }
        packetsOut.incrementAndGet();
        bytesOut.addAndGet(packet.length);
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), to));
        return true;
    }

    // ------------------------------------------------------------------ incoming

    private void onPacket(DatagramPacket packet) {
        if (closed) {
            return;
        }
        InetSocketAddress from = packet.sender();
        ByteBuf buf = packet.content();
        int length = buf.readableBytes();
        packetsIn.incrementAndGet();
        bytesIn.addAndGet(length);
        if (length > settings.maxPacketSize() || from == null || from.getPort() == 0) {
            malformed.incrementAndGet();
            return;
        }
        byte[] data = new byte[length];
        buf.getBytes(buf.readerIndex(), data);
        KrpcMessage m;
        try {
            m = codec.decode(data);
        } catch (KrpcException e) {
            malformed.incrementAndGet();
            LOG.debug("DHT: malformed packet from {}: {}", from, e.getMessage());
            byte[] tid = e.queryTransactionId();
            if (tid != null && !settings.readOnly() && queryLimiter.tryAcquire(from.getAddress(), System.nanoTime())) {
                write(from, KrpcCodec.encode(new KrpcMessage.Error(tid, e.code(), e.getMessage()), ownId));
            }
            return;
        }
        switch (m) {
            case KrpcMessage.Query q -> onQuery(q, from);
            case KrpcMessage.Response r -> onResponse(r, from);
            case KrpcMessage.Error e -> onError(e, from);
        }
    }

    private void onQuery(KrpcMessage.Query q, InetSocketAddress from) {
        if (settings.readOnly()) {
            return; // BEP 43: read-only nodes answer nothing
        }
        long now = System.nanoTime();
        if (!queryLimiter.tryAcquire(from.getAddress(), now)) {
            rateLimited.incrementAndGet();
            return;
        }
        QueryHandler h = handlers.get(q.method());
        KrpcMessage answer;
        if (h == null) {
            answer = new KrpcMessage.Error(q.transactionId(), KrpcException.METHOD_UNKNOWN,
                    "method unknown: " + q.method());
        } else {
            try {
                answer = new KrpcMessage.Response(q.transactionId(), ownId, h.handle(q, from), from);
            } catch (KrpcException e) {
                answer = new KrpcMessage.Error(q.transactionId(), e.code(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.debug("DHT handler {} failed", q.method(), e);
                answer = new KrpcMessage.Error(q.transactionId(), KrpcException.SERVER, "server error");
            }
        }
        write(from, KrpcCodec.encode(answer, ownId));
        if (!q.readOnly() && CompactNodes.isV6(from.getAddress()) == v6) {
            NodeInfo node = new NodeInfo(q.sender(), from);
            boolean known = table.contains(from);
            NodeInfo toPing = table.add(node, false, now);
            if (!known && pending.size() < settings.maxPendingQueries() / 2) {
                send(from, "ping", BDictionary.builder().build()); // verify it; the answer adds it
            }
            if (toPing != null) {
                send(toPing.address(), "ping", BDictionary.builder().build());
            }
        }
    }

    private void onResponse(KrpcMessage.Response r, InetSocketAddress from) {
        Pending p = takePending(r.transactionId(), from);
        if (p == null) {
            return;
        }
        long now = System.nanoTime();
        if (r.sender().equals(ownId)) {
            p.result().completeExceptionally(new KrpcException(KrpcException.GENERIC, "a node with our own id"));
            return;
        }
        NodeInfo toPing = table.add(new NodeInfo(r.sender(), from), true, now);
        if (state != DhtState.READY && !bootstrapping) {
            state = DhtState.READY;
        }
        for (Tracking t : tracked.values()) {
            if (t.starved && !t.running) {
                // a node answers at last (one that found us, or a PORT message's): look up at the next tick
                t.starved = false;
                t.nextAt = Math.min(t.nextAt, now);
            }
        }
        p.result().complete(r);
        if (toPing != null) {
            send(toPing.address(), "ping", BDictionary.builder().build());
        }
    }

    private void onError(KrpcMessage.Error e, InetSocketAddress from) {
        Pending p = takePending(e.transactionId(), from);
        if (p != null) {
            p.result().completeExceptionally(new KrpcException(e.code(), "error from " + from + ": " + e.message()));
        }
    }

    private Pending takePending(byte[] tid, InetSocketAddress from) {
        if (tid.length != 2) {
            malformed.incrementAndGet();
            return null;
        }
        int t = ((tid[0] & 0xff) << 8) | (tid[1] & 0xff);
        Pending p = pending.get(t);
        if (p == null || !p.to().equals(from)) {
            malformed.incrementAndGet(); // late, or not from the node we asked
            return null;
        }
        pending.remove(t);
        p.timeout().cancel(false);
        return p;
    }

    // ------------------------------------------------------------------ query handlers

    private BDictionary nodesFor(NodeId target, BDictionary.Builder b) {
        List<NodeInfo> closest = table.closest(target, K, System.nanoTime());
        b.put(v6 ? "nodes6" : "nodes", CompactNodes.encodeNodes(closest, v6));
        return b.build();
    }

    private BDictionary onFindNode(KrpcMessage.Query q, InetSocketAddress from) {
        return nodesFor(q.idArg("target"), BDictionary.builder());
    }

    private BDictionary onGetPeers(KrpcMessage.Query q, InetSocketAddress from) {
        NodeId hash = q.idArg("info_hash");
        long now = System.nanoTime();
        BDictionary.Builder b = BDictionary.builder().put("token", tokens.tokenFor(from.getAddress(), now));
        List<InetSocketAddress> peers = peerStore.get(hash, v6, settings.maxPeersPerResponse(), now, random);
        if (!peers.isEmpty()) {
            List<BValue> values = new ArrayList<>(peers.size());
            for (InetSocketAddress p : peers) {
                values.add(BString.of(CompactNodes.encodePeer(p)));
            }
            b.put("values", new BList(values));
        }
        return nodesFor(hash, b);
    }

    private BDictionary onAnnouncePeer(KrpcMessage.Query q, InetSocketAddress from) {
        NodeId hash = q.idArg("info_hash");
        long now = System.nanoTime();
        BString token = KrpcFields.string(q.args(), "token", "argument");
        if (!tokens.isValid(token.bytes(), from.getAddress(), now)) {
            throw new KrpcException(KrpcException.PROTOCOL, "bad token");
        }
        boolean implied = KrpcFields.optionalInteger(q.args(), "implied_port", "argument", 0) == 1;
        int port;
        if (implied) {
            port = from.getPort();
        } else {
            long p = KrpcFields.integer(q.args(), "port", "argument");
            if (p < 1 || p > 0xffff) {
                throw new KrpcException(KrpcException.PROTOCOL, "bad port " + p);
            }
            port = (int) p;
        }
        InetSocketAddress peer = new InetSocketAddress(from.getAddress(), port);
        peerStore.add(hash, peer, now);
        Tracking t = tracked.get(hash);
        if (t != null && !t.closed) {
            t.sink.accept(List.of(peer)); // a peer of a torrent we look for announced itself to us
        }
        return BDictionary.builder().build();
    }

    // ------------------------------------------------------------------ BEP 44 get / put (answering)

    private BDictionary onGet(KrpcMessage.Query q, InetSocketAddress from) {
        NodeId target = q.idArg("target");
        long now = System.nanoTime();
        BDictionary.Builder b = BDictionary.builder().put("token", tokens.tokenFor(from.getAddress(), now));
        ItemStore.Item item = items.get(target.bytes(), now);
        if (item != null) {
            long known = KrpcFields.optionalInteger(q.args(), "seq", "argument", -1);
            BValue v = org.peerwave.engine.bencode.Bencode.decode(item.value());
            if (!item.mutable()) {
                b.put("v", v);
            } else {
                b.put("k", item.publicKey()).put("seq", item.seq()).put("sig", item.signature());
                if (known < 0 || item.seq() > known) {
                    b.put("v", v); // BEP 44: left out when the asker has this seq already
                }
            }
        }
        return nodesFor(target, b);
    }

    private BDictionary onPut(KrpcMessage.Query q, InetSocketAddress from) {
        long now = System.nanoTime();
        BString token = KrpcFields.string(q.args(), "token", "argument");
        if (!tokens.isValid(token.bytes(), from.getAddress(), now)) {
            throw new KrpcException(KrpcException.PROTOCOL, "bad token");
        }
        BValue v = q.args().get("v");
        if (v == null) {
            throw new KrpcException(KrpcException.PROTOCOL, "put without v");
        }
        byte[] value = org.peerwave.engine.bencode.Bencode.encode(v);
        BString k = KrpcFields.optionalString(q.args(), "k", "argument");
        if (k == null) {
            items.putImmutable(value, now);
        } else {
            BString sig = KrpcFields.string(q.args(), "sig", "argument");
            long seq = KrpcFields.integer(q.args(), "seq", "argument");
            BString salt = KrpcFields.optionalString(q.args(), "salt", "argument");
            long cas = KrpcFields.optionalInteger(q.args(), "cas", "argument", Long.MIN_VALUE);
            items.putMutable(value, k.bytes(), salt == null ? new byte[0] : salt.bytes(), seq, sig.bytes(),
                    cas == Long.MIN_VALUE ? null : cas, now);
        }
        return BDictionary.builder().build();
    }
}
