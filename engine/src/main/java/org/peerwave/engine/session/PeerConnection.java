package org.peerwave.engine.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import org.peerwave.engine.picker.Block;
import org.peerwave.engine.picker.BlockResult;
import org.peerwave.engine.picker.PeerBlock;
import org.peerwave.engine.storage.PieceStorage;
import org.peerwave.engine.wire.Bitfields;
import org.peerwave.engine.wire.ExtendedHandshake;
import org.peerwave.engine.wire.ExtensionRegistry;
import org.peerwave.engine.wire.FrameDecoder;
import org.peerwave.engine.wire.Handshake;
import org.peerwave.engine.wire.MessageDecoder;
import org.peerwave.engine.wire.MessageEncoder;
import org.peerwave.engine.wire.PeerMessage;
import org.peerwave.engine.wire.PeerWireException;
import org.peerwave.engine.wire.PexMessage;
import org.peerwave.engine.wire.UtPexExtension;
import org.peerwave.engine.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer of one torrent: the last handler of its channel, translating wire messages into picker,
 * choker and storage calls and back. Everything except {@link #channelRead} and the other Netty
 * callbacks runs on the session's loop (the callbacks hop there). Also the picker's and choker's key
 * for the peer (identity equality).
 */
final class PeerConnection extends ChannelInboundHandlerAdapter implements DownloadSource {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);
    /** Our {@code v} in the extended handshake. */
    static final String CLIENT_NAME = "Peerwave 0.1.0";

    private volatile TorrentSession session;
    private final boolean outbound;
    private volatile Channel channel;
    private volatile InetSocketAddress remote;
    private boolean counted;

    // session-loop state
    private boolean registered;
    private boolean closed;
    private boolean fast;
    private boolean gotFirstMessage;
    private boolean amChoking = true;
    private boolean amInterested;
    private boolean peerChoking = true;
    private boolean peerInterested;
    private int unrequested;
    private long connectedAt;
    private long lastReceived;
    private long lastSent;
    private RateMeter down;
    private RateMeter up;
    /** Requests of the peer not answered yet, queued or being read (a cancel removes them). */
    private final Set<Block> serving = new java.util.HashSet<>();
    /** Requests in arrival order, waiting for {@link #pumpUploads} (cancelled ones are skipped there). */
    private final java.util.ArrayDeque<Block> uploadQueue = new java.util.ArrayDeque<>();
    private int readsInFlight;
    /** Blocks granted during one {@link #pumpUploads} pass, read together in one disk task. */
    private final List<Block> readBatch = new ArrayList<>();
    private boolean batchingReads;
    /** Requests arrived in the current read: {@link #channelReadComplete} pumps them together. */
    private boolean pumpPending;
    /** Pieces this peer sent accepted blocks of (to drop its partial pieces when it is banned). */
    private final Set<Integer> contributed = new java.util.HashSet<>();
    /** BEP 10 state when both sides set the extension bit, else null. */
    private ExtensionRegistry.Connection extensions;
    /** The peer id of its handshake (for the client name when it sends no {@code v}). */
    private byte[] remotePeerId;

    PeerConnection(TorrentSession session, boolean outbound) {
        this.session = session;
        this.outbound = outbound;
        this.counted = session != null;
    }

    /** The pipeline in front of this handler, after the handshake handler. */
    static void addCodecs(ChannelPipeline p, WireLimits limits) {
        p.addLast("handshake-deadline", new HandshakeDeadline(limits.handshakeTimeout()));
        p.addLast("frames", new FrameDecoder(limits.maxFrameSize()));
        p.addLast("decoder", new MessageDecoder(limits));
        p.addLast("encoder", new MessageEncoder());
    }

    /** Inbound: the router picked our torrent (on the channel's loop, before the handshake arrives). */
    void attach(TorrentSession s) {
        this.session = s;
        this.counted = true;
    }

    void dialedAddress(InetSocketAddress a) {
        if (remote == null) {
            remote = a;
        }
    }

    InetSocketAddress remoteAddress() {
        return remote;
    }

    // ---------------------------------------------------------------- Netty callbacks (channel loop)

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (channel.remoteAddress() instanceof InetSocketAddress a) {
            remote = a;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (channel.remoteAddress() instanceof InetSocketAddress a) {
            remote = a;
        }
        TorrentSession s = session;
        if (s != null) {
            s.execute(() -> {
                connectedAt = System.nanoTime();
                lastReceived = connectedAt;
                lastSent = connectedAt;
            });
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        TorrentSession s = session;
        if (s == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        s.execute(() -> {
            try {
                onMessage(msg);
            } catch (PeerWireException | IllegalArgumentException | IllegalStateException e) {
                close(e.getMessage());
            } finally {
                ReferenceCountUtil.release(msg);
            }
        });
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        TorrentSession s = session;
        if (s != null) {
            s.execute(() -> {
                if (pumpPending) {
                    pumpPending = false;
                    pumpUploads();
                }
            });
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        TorrentSession s = session;
        if (s != null && ctx.channel().isWritable()) {
            s.execute(this::pumpUploads);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        TorrentSession s = session;
        if (s != null && counted) {
            s.execute(() -> {
                closed = true;
                serving.clear();
                uploadQueue.clear();
                if (extensions != null) {
                    extensions.close();
                }
                s.peerClosed(this, registered);
                registered = false;
            });
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof PeerWireException) {
            LOG.debug("closing {}: {}", ctx.channel(), c.getMessage());
        } else {
            LOG.debug("closing {} on error", ctx.channel(), c);
        }
        ctx.close();
    }

    // ---------------------------------------------------------------- messages (session loop)

    private void onMessage(Object msg) {
        if (closed) {
            return;
        }
        lastReceived = System.nanoTime();
        if (msg instanceof Handshake h) {
            onHandshake(h);
            return;
        }
        if (!registered || !(msg instanceof PeerMessage m)) {
            return;
        }
        // libtorrent sends its extended handshake before the bitfield: only core messages count
        boolean first = !gotFirstMessage && !(m instanceof PeerMessage.KeepAlive)
                && !(m instanceof PeerMessage.Extended);
        if (first) {
            gotFirstMessage = true;
        }
        int pieceCount = session.layout.pieceCount();
        switch (m) {
            case PeerMessage.KeepAlive k -> { }
            case PeerMessage.Bitfield b -> {
                laterHaveSet(first, "bitfield");
                Bitfields.validate(b.bits(), pieceCount);
                BitSet bits = new BitSet(pieceCount);
                for (int i = 0; i < pieceCount; i++) {
                    if (b.has(i)) {
                        bits.set(i);
                    }
                }
                session.picker.peerBitfield(this, bits);
                updateInterest();
            }
            case PeerMessage.HaveAll h -> {
                requireFast("have all");
                laterHaveSet(first, "have all");
                session.picker.peerHaveAll(this);
                updateInterest();
            }
            case PeerMessage.HaveNone h -> {
                requireFast("have none");
                laterHaveSet(first, "have none");
                session.picker.peerHaveNone(this);
                updateInterest();
            }
            case PeerMessage.Have h -> {
                checkIndex(h.index());
                if (session.picker.peerHave(this, h.index()) && !amInterested && !session.isSeeding()) {
                    setInterested(true);
                }
            }
            case PeerMessage.Choke c -> {
                peerChoking = true;
                session.picker.peerChoked(this);
                session.requestMoreFromAll();
            }
            case PeerMessage.Unchoke u -> {
                peerChoking = false;
                session.picker.peerUnchoked(this);
                requestMore();
            }
            case PeerMessage.Interested i -> {
                peerInterested = true;
                session.rechoke();
            }
            case PeerMessage.NotInterested n -> {
                peerInterested = false;
                session.rechoke();
            }
            case PeerMessage.Request r -> onRequest(r);
            case PeerMessage.Piece p -> onPiece(p);
            case PeerMessage.Cancel c -> serving.remove(new Block(c.index(), c.begin(), c.length()));
            case PeerMessage.Reject r -> {
                requireFast("reject");
                checkIndex(r.index());
                session.picker.blockRejected(this, new Block(r.index(), r.begin(), r.length()));
                requestMore();
            }
            case PeerMessage.AllowedFast a -> {
                if (fast && a.index() < pieceCount) {
                    session.picker.allowedFast(this, a.index());
                    requestMore();
                }
            }
            case PeerMessage.Suggest s -> {
                if (fast && s.index() < pieceCount) {
                    session.picker.suggest(this, s.index());
                }
            }
            case PeerMessage.Port p -> {
                if (remote != null) {
                    session.dhtPortReceived(remote.getAddress(), p.port());
                }
            }
            case PeerMessage.Extended e -> {
                if (extensions != null) {
                    extensions.onMessage(e);
                }
            }
        }
    }

    private void onHandshake(Handshake h) {
        if (registered) {
            throw new PeerWireException("second handshake");
        }
        if (!session.peerHandshaken(this, h)) {
            close("not accepted");
            return;
        }
        registered = true;
        remotePeerId = h.peerId();
        fast = h.supportsFastExtension();
        long now = System.nanoTime();
        connectedAt = now;
        lastReceived = now;
        down = new RateMeter(10, now);
        up = new RateMeter(10, now);
        var have = session.have();
        int count = have.count();
        if (fast && count == 0) {
            send(PeerMessage.HaveNone.INSTANCE);
        } else if (fast && have.isComplete()) {
            send(PeerMessage.HaveAll.INSTANCE);
        } else if (count > 0) {
            send(new PeerMessage.Bitfield(have.toWire()));
        }
        if (h.supportsDht() && session.usesDht()) {
            send(new PeerMessage.Port(session.engine.dhtPort())); // BEP 5
        }
        // BEP 6: with the fast extension the bitfield (or have all / have none) must come first
        if (h.supportsExtensionProtocol()) {
            extensions = session.extensions.open(session.engine.settings().wireLimits(), this::send, this::close);
            extensions.sendHandshake(ExtendedHandshake.of(java.util.Map.of()).withClient(CLIENT_NAME)
                    .withPort(session.engine.listenPort()).withRequestQueue(limits().maxQueuedRequests()));
        }
        LOG.debug("{}: peer {} connected ({}, fast={})", session.metainfo.name(), remote,
                outbound ? "outbound" : "inbound", fast);
        session.rechoke();
    }

    /**
     * BEP 3 wants the bitfield only as the first message, but aria2 sends a whole bitfield instead of
     * many haves later on (libtorrent accepts that too): a later one replaces what the peer had.
     */
    private void laterHaveSet(boolean first, String what) {
        if (!first) {
            LOG.debug("{}: {} after the first message replaces its pieces", remote, what);
        }
    }

    private void requireFast(String what) {
        if (!fast) {
            throw new PeerWireException(what + " without the fast extension");
        }
    }

    private void checkIndex(int index) {
        if (index >= session.layout.pieceCount()) {
            throw new PeerWireException("piece index " + index + " out of range");
        }
    }

    // ---------------------------------------------------------------- downloading

    /** Sends interested / not interested to match what the peer has. */
    void updateInterest() {
        if (!registered) {
            return;
        }
        boolean want = !session.isSeeding() && session.picker.isInterestedIn(this);
        if (want != amInterested) {
            setInterested(want);
        }
        if (want) {
            requestMore();
        }
    }

    private void setInterested(boolean on) {
        amInterested = on;
        send(on ? PeerMessage.Interested.INSTANCE : PeerMessage.NotInterested.INSTANCE);
    }

    @Override
    public void sendRequest(Block b) {
        send(new PeerMessage.Request(b.piece(), b.offset(), b.length()));
    }

    @Override
    public void cancelRequest(Block b) {
        send(new PeerMessage.Cancel(b.piece(), b.offset(), b.length()));
    }

    /** Fills the request pipeline from the picker. */
    @Override
    public void requestMore() {
        if (!registered || closed || !amInterested || !session.isActive()) {
            return;
        }
        long now = System.nanoTime();
        int budget = session.downloadAllowance(session.picker.requestBudget(this, now), session.layout.blockSize());
        List<Block> blocks = session.picker.pick(this, budget, now);
        if (blocks.isEmpty()) {
            return;
        }
        for (Block b : blocks) {
            channel.write(new PeerMessage.Request(b.piece(), b.offset(), b.length()));
        }
        channel.flush();
        lastSent = System.nanoTime();
    }

    private void onPiece(PeerMessage.Piece p) {
        checkIndex(p.index());
        long now = System.nanoTime();
        int length = p.length();
        if (length == 0) {
            throw new PeerWireException("empty block");
        }
        Block block = new Block(p.index(), p.begin(), length);
        BlockResult<DownloadSource> r = session.picker.blockReceived(this, block, now);
        switch (r.outcome()) {
            case UNREQUESTED -> {
                if (++unrequested > limits().maxUnrequestedBlocks()) {
                    throw new PeerWireException("more than " + limits().maxUnrequestedBlocks()
                            + " blocks we did not request");
                }
            }
            case DUPLICATE -> { }
            case ACCEPTED -> {
                down.add(length, now);
                contributed.add(p.index());
                session.countDownloaded(length, now);
                session.writeBlock(p.index(), p.begin(), p.data(), r.pieceComplete());
            }
        }
        for (PeerBlock<DownloadSource> c : r.cancels()) {
            c.peer().cancelRequest(c.block());
        }
        requestMore();
    }

    // ---------------------------------------------------------------- uploading

    /** The choker's decision for this peer. */
    void setChoking(boolean choke) {
        if (!registered || choke == amChoking) {
            return;
        }
        amChoking = choke;
        if (choke) {
            if (fast) {
                for (Block b : serving) {
                    channel.write(new PeerMessage.Reject(b.piece(), b.offset(), b.length()));
                }
            }
            serving.clear();
            uploadQueue.clear();
        }
        send(choke ? PeerMessage.Choke.INSTANCE : PeerMessage.Unchoke.INSTANCE);
        if (!choke) {
            pumpUploads();
        }
    }

    private void onRequest(PeerMessage.Request r) {
        checkIndex(r.index());
        WireLimits limits = limits();
        int pieceSize = session.layout.pieceSize(r.index());
        if (r.length() > limits.maxRequestLength() || (long) r.begin() + r.length() > pieceSize) {
            throw new PeerWireException("bad request " + r);
        }
        Block b = new Block(r.index(), r.begin(), r.length());
        if (amChoking || !session.have().get(r.index())) {
            if (fast) {
                send(new PeerMessage.Reject(r.index(), r.begin(), r.length()));
            }
            return;
        }
        if (!serving.add(b)) {
            return;
        }
        if (serving.size() > limits.maxQueuedRequests()) {
            throw new PeerWireException("request flood: more than " + limits.maxQueuedRequests() + " requests queued");
        }
        uploadQueue.add(b);
        // served when the whole read is processed (channelReadComplete): the requests that came in
        // together are then read from disk together
        pumpPending = true;
    }

    /**
     * Reads and sends queued requests while the channel takes more (Netty's write-buffer high-water
     * mark) and at most {@link WireLimits#maxReadsInFlight()} blocks wait for the upload limit or the disk, so
     * a slow peer holds a bounded amount of memory however many requests it queues, with or without
     * an upload limit (the limit is taken before the read: a block waiting for its turn is not in
     * memory). Each block is read straight into a pooled direct buffer that the transport then
     * writes without a copy.
     */
    private void pumpUploads() {
        Channel ch = channel;
        boolean outer = !batchingReads;
        batchingReads = true;
        try {
            while (!closed && !amChoking && ch != null && ch.isWritable()
                    && readsInFlight < limits().maxReadsInFlight() && !uploadQueue.isEmpty()) {
                Block b = uploadQueue.poll();
                if (!serving.contains(b)) {
                    continue; // cancelled
                }
                readsInFlight++;
                session.sendLimited(b.length(), () -> readBlock(b));
            }
        } finally {
            if (outer) {
                batchingReads = false;
                submitReads();
            }
        }
    }

    /** A block whose upload tokens are granted: read now, or with the others of this pump. */
    private void readBlock(Block b) {
        readBatch.add(b);
        if (!batchingReads) {
            submitReads(); // granted later, by the rate limiter's timer
        }
    }

    /**
     * Reads the collected blocks in one disk task into pooled direct buffers; blocks that follow each
     * other in a piece (the usual requests) are read with one positional read into one buffer, of
     * which each block gets a slice.
     */
    private void submitReads() {
        if (readBatch.isEmpty()) {
            return;
        }
        List<Block> blocks = List.copyOf(readBatch);
        readBatch.clear();
        Channel ch = channel;
        List<Block> reading = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            if (closed || ch == null || !serving.contains(b)) {
                readsInFlight--;
            } else {
                reading.add(b);
            }
        }
        if (reading.isEmpty()) {
            pumpUploads();
            return;
        }
        List<ByteBuf> slices = new ArrayList<>(reading.size());
        List<PieceStorage.BlockRead> reads = new ArrayList<>();
        for (int start = 0; start < reading.size(); ) {
            Block first = reading.get(start);
            int end = start + 1;
            int total = first.length();
            while (end < reading.size() && reading.get(end).piece() == first.piece()
                    && reading.get(end).offset() == first.offset() + total) {
                total += reading.get(end).length();
                end++;
            }
            ByteBuf run = ch.alloc().directBuffer(total, total);
            reads.add(new PieceStorage.BlockRead(first.piece(), first.offset(), run.nioBuffer(0, total)));
            for (int i = start, at = 0; i < end; at += reading.get(i).length(), i++) {
                slices.add(run.retainedSlice(at, reading.get(i).length()));
            }
            run.release(); // the slices keep it
            start = end;
        }
        session.storage.readBlocks(reads).whenComplete((v, e) -> session.execute(() -> {
            for (int i = 0; i < reading.size(); i++) {
                blockRead(reading.get(i), slices.get(i), e);
            }
            Channel c = channel;
            if (c != null && !closed) {
                c.flush(); // the batch's blocks leave in one write
            }
            pumpUploads();
        }));
    }

    private void blockRead(Block b, ByteBuf buf, Throwable e) {
        readsInFlight--;
        if (!serving.remove(b) || closed || amChoking) {
            buf.release();
            return;
        }
        if (e != null) {
            buf.release();
            LOG.warn("{}: reading piece {} failed: {}", session.metainfo.name(), b.piece(), e.toString());
            close("read failed");
            return;
        }
        buf.writerIndex(b.length());
        long now = System.nanoTime();
        write(new PeerMessage.Piece(b.piece(), b.offset(), buf), false);
        up.add(b.length(), now);
        session.countUploaded(b.length(), now);
    }

    // ---------------------------------------------------------------- PEX

    /** This connection's ut_pex state, or null when the peer does not speak the extension protocol. */
    UtPexExtension pex() {
        if (extensions == null || closed || !registered) {
            return null;
        }
        return extensions.extension(PexMessage.EXTENSION) instanceof UtPexExtension p ? p : null;
    }

    /**
     * Where others can reach this peer, for PEX: the address we dialled, or for an incoming connection
     * its address with the listen port of its extended handshake; null when unknown (an incoming peer
     * that gave no port).
     */
    InetSocketAddress pexContact() {
        InetSocketAddress a = remote;
        if (a == null || a.getAddress() == null || !registered) {
            return null;
        }
        if (outbound) {
            return a;
        }
        ExtendedHandshake h = extensions == null ? null : extensions.remoteHandshake();
        return h == null || h.port() == null ? null : new InetSocketAddress(a.getAddress(), h.port());
    }

    /** BEP 11 flags: seed (it has every piece), reachable (we dialled it). */
    int pexFlags() {
        int flags = outbound ? PexMessage.REACHABLE : 0;
        int pieces = session.layout.pieceCount();
        if (pieces > 0 && session.picker.peerPieceCount(this) >= pieces) {
            flags |= PexMessage.SEED;
        }
        return flags;
    }

    // ---------------------------------------------------------------- housekeeping

    /** Pieces this peer contributed accepted blocks to. */
    Set<Integer> contributedPieces() {
        return contributed;
    }

    /** This connection as a Peers tab shows it (on the session loop; only for registered peers). */
    PeerInfo info(long now, int pieceCount) {
        String client = null;
        if (extensions != null && extensions.remoteHandshake() != null) {
            client = extensions.remoteHandshake().client();
        }
        if (client == null || client.isBlank()) {
            client = PeerInfo.clientFromPeerId(remotePeerId);
        }
        double progress = pieceCount == 0 ? 0
                : Math.min(1.0, (double) session.picker.peerPieceCount(this) / pieceCount);
        InetSocketAddress a = remote != null ? remote : InetSocketAddress.createUnresolved("unknown", 0);
        return new PeerInfo(a, client, outbound, amChoking, amInterested, peerChoking, peerInterested, progress,
                down == null ? 0 : down.rate(now), up == null ? 0 : up.rate(now));
    }

    /** Payload bytes per second received from this peer (0 before the handshake). */
    @Override
    public long downloadRate(long now) {
        RateMeter d = down;
        return d == null ? 0 : d.rate(now);
    }

    PeerSnapshot<PeerConnection> snapshot(long now) {
        return new PeerSnapshot<>(this, peerInterested, peerChoking, down.rate(now), up.rate(now), connectedAt,
                session.picker.isSnubbed(this, now));
    }

    /** Once a second: keep-alives and idle time-outs (the handshake has its own {@link HandshakeDeadline}). */
    void tick(long now) {
        if (closed || !registered) {
            return;
        }
        WireLimits limits = limits();
        if (now - lastReceived > limits.idleTimeout().toNanos()) {
            close("idle: nothing received for " + limits.idleTimeout().toSeconds() + " s");
            return;
        }
        if (now - lastSent > limits.keepAliveInterval().toNanos()) {
            send(PeerMessage.KeepAlive.INSTANCE);
        }
    }

    private WireLimits limits() {
        return session.engine.settings().wireLimits();
    }

    /** Writes and flushes {@code m} (which the channel then owns). */
    void send(PeerMessage m) {
        write(m, true);
    }

    /** Writes {@code m} (which the channel then owns), flushing it now or with a later write. */
    private void write(PeerMessage m, boolean flush) {
        Channel ch = channel;
        if (ch == null || closed) {
            ReferenceCountUtil.release(m);
            return;
        }
        lastSent = System.nanoTime();
        if (flush) {
            ch.writeAndFlush(m, ch.voidPromise());
        } else {
            ch.write(m, ch.voidPromise());
        }
    }

    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.debug("{}: closing {}: {}", session == null ? "-" : session.metainfo.name(), remote, reason);
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public String toString() {
        return "Peer[" + remote + "]";
    }

    /**
     * Closes a connection whose handshake has not completed within the time-out: the handshake handler
     * removes itself once both handshakes are through, so it still being there means not yet.
     */
    static final class HandshakeDeadline extends ChannelInboundHandlerAdapter {
        private final java.time.Duration timeout;

        HandshakeDeadline(java.time.Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.executor().schedule(() -> {
                if (ctx.channel().isOpen() && ctx.pipeline().get("handshake") != null) {
                    LOG.debug("closing {}: no handshake within {} s", ctx.channel(), timeout.toSeconds());
                    ctx.close();
                }
            }, timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            super.channelActive(ctx);
            ctx.pipeline().remove(this);
        }
    }
}
