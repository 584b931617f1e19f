package org.peerwave.engine.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.InfoHashes;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.picker.FilePieces;
import org.peerwave.engine.picker.PieceLayout;
import org.peerwave.engine.picker.PiecePicker;
import org.peerwave.engine.storage.Bitfield;
import org.peerwave.engine.storage.FileStorage;
import org.peerwave.engine.util.EventLoops;
import org.peerwave.engine.storage.PieceBufferPool;
import org.peerwave.engine.storage.PieceStorage;
import org.peerwave.engine.storage.ResumeData;
import org.peerwave.engine.storage.ResumeStore;
import org.peerwave.engine.storage.ResumeValidator;
import org.peerwave.engine.wire.ExtensionRegistry;
import org.peerwave.engine.wire.Handshake;
import org.peerwave.engine.wire.MetadataServer;
import org.peerwave.engine.wire.UtMetadataExtension;
import org.peerwave.engine.wire.UtPexExtension;
import org.peerwave.engine.wire.PexMessage;
import org.peerwave.engine.wire.HandshakeHandler;
import org.peerwave.engine.wire.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent: its lifecycle, have-bitfield, picker, choker and peer connections. Every field is
 * owned by one Netty {@link EventLoop} ({@link #loop}); storage futures and messages of connections
 * accepted on other loops hop onto it with {@code loop.execute}. The wire side of one peer is in
 * {@link PeerConnection}.
 */
final class TorrentSession {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentSession.class);

    final Engine engine;
    final EventLoop loop;
    final TorrentMetainfo metainfo;
    final InfoHashes hashes;
    final FileStorage storage;
    final PiecePicker<DownloadSource> picker;
    final Choker<PeerConnection> choker;
    final PieceLayout layout;
    final byte[] peerId;
    /** BEP 10 extensions offered on every connection: ut_metadata serving our info dictionary (BEP 9). */
    final ExtensionRegistry extensions;
    /** Announces to the torrent's trackers; their peers join {@link #knownPeers}. */
    final TorrentTrackers trackers;
    private final TorrentLifecycle lifecycle;
    private final Instant addedTime = Instant.now();
    private Bitfield have;
    /**
     * Streaming: a copy of {@link #have} that any thread may read (one bit per piece, set when
     * {@code have} gains a piece, rebuilt when a check replaces it).
     */
    private volatile java.util.concurrent.atomic.AtomicLongArray verifiedView =
            new java.util.concurrent.atomic.AtomicLongArray(0);

    final Set<PeerConnection> peers = new LinkedHashSet<>();
    /** BEP 19 and BEP 17 web seeds: virtual peers of the picker while the torrent downloads. */
    private final List<WebSeedPeer> webSeeds = new ArrayList<>();
    /** Connections open or being opened (for the inbound limit, read on other loops). */
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final Set<InetSocketAddress> knownPeers = new LinkedHashSet<>();
    private final Set<InetSocketAddress> dialing = new HashSet<>();
    private final Map<InetAddress, Integer> strikes = new HashMap<>();
    private final Set<InetAddress> banned = Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());
    private final Map<Integer, Integer> pendingWrites = new HashMap<>();
    private final Set<Integer> awaitingVerify = new HashSet<>();
    /** Pieces being assembled in memory, by index (their arrays come from the engine's pool). */
    private final Map<Integer, byte[]> pieceBuffers = new HashMap<>();
    /** Pieces whose blocks are written as they come (the pool had no room at their first block). */
    private final Set<Integer> directPieces = new HashSet<>();

    /** Streaming: futures waiting for a piece to be verified, by piece (completed on this loop). */
    private final Map<Integer, List<CompletableFuture<Void>>> verifiedWaiters = new HashMap<>();
    /** Streaming: each open reader's time-critical pieces. */
    private final Map<Object, CriticalRange> criticalRanges = new java.util.LinkedHashMap<>();
    /** Streaming: the check for late critical pieces armed at the next deadline (null when none). */
    private ScheduledFuture<?> lateCheck;
    private Instant lateCheckAt;

    /** Pieces {@code first..last}; piece {@code first + i} is due at {@code start + (i + 1) × nanosPerPiece}. */
    private record CriticalRange(int first, int last, long nanosPerPiece, Instant start) {
    }

    private final RateMeter downMeter;
    private final RateMeter upMeter;
    /** Replaced by a new future when a finished torrent has wanted pieces again (more files selected). */
    private CompletableFuture<Void> completion = new CompletableFuture<>();
    /** One per entry of {@code metainfo.files()}; mirrored in the picker and the storage's wanted mask. */
    private List<FilePriority> priorities;
    /** This torrent's own limits, taken together with the engine-wide ones. */
    private final RateLimiter.Limits rateLimits;
    private ScheduledFuture<?> ticker;
    private long ticks;
    private int checkGeneration;
    /**
     * Counts {@link #enter} calls: entering a state can enter the next one before it returns (a
     * check whose result is already there finishes inline), and the outer call must then not go on
     * with its stale state.
     */
    private int enterGeneration;
    /** The next check hashes everything (a forced recheck) instead of trusting resume data. */
    private boolean fullCheckRequested;
    private volatile boolean active;
    private boolean shutDown;

    TorrentSession(Engine engine, EventLoop loop, TorrentMetainfo metainfo, FileStorage storage, AddOptions options) {
        this.engine = engine;
        this.loop = loop;
        this.metainfo = metainfo;
        this.hashes = metainfo.infoHashes();
        this.storage = storage;
        this.peerId = engine.peerId();
        MetadataServer metadata = new MetadataServer(metainfo.infoBytes());
        List<org.peerwave.engine.wire.PeerExtensionFactory> offered = new ArrayList<>();
        offered.add(UtMetadataExtension.factory(() -> metadata, null, engine.settings().wireLimits(), info -> { }));
        DiscoverySettings discovery = engine.settings().discovery();
        if (discovery.pexEnabled() && !metainfo.isPrivate()) {
            offered.add(UtPexExtension.factory(discovery.pexInterval(), discovery.pexMaxPeers(),
                    msg -> execute(() -> pexReceived(msg))));
        }
        this.extensions = ExtensionRegistry.of(offered);
        this.layout = PieceLayout.of(metainfo.storageLength(), metainfo.pieceLength());
        List<FilePieces> files = new ArrayList<>();
        for (FileEntry f : metainfo.files()) {
            files.add(FilePieces.of(f.offset(), f.length(), metainfo.pieceLength()));
        }
        SplittableRandom random = new SplittableRandom();
        this.picker = new PiecePicker<>(layout, files, engine.settings().picker(), random);
        List<long[]> content = new ArrayList<>();
        for (FileEntry f : metainfo.files()) {
            if (!f.pad() && f.length() > 0) {
                content.add(new long[] {f.offset(), f.offset() + f.length()});
            }
        }
        this.picker.setPadding(org.peerwave.engine.picker.Padding.blocks(layout, content));
        this.picker.setSequential(options.sequential());
        this.priorities = options.filePriorities().isEmpty()
                ? Collections.nCopies(metainfo.files().size(), FilePriority.NORMAL) : options.filePriorities();
        this.picker.setFilePriorities(priorities.stream().map(FilePriority::toPicker).toList());
        this.rateLimits = engine.rateLimiter().forTorrent(options.rateLimits(), System.nanoTime());
        this.choker = new Choker<>(engine.settings().choker(), random.split());
        this.lifecycle = TorrentLifecycle.forNewTorrent(true, options.startPaused());
        this.have = new Bitfield(layout.pieceCount());
        publishVerifiedView();
        long now = System.nanoTime();
        this.downMeter = new RateMeter(5, now);
        this.upMeter = new RateMeter(5, now);
        this.trackers = new TorrentTrackers(engine, hashes, metainfo.trackers(), found -> execute(() -> addPeers(found)));
        for (String url : metainfo.webSeeds()) {
            addWebSeedNow(url, false);
        }
        for (String url : metainfo.httpSeeds()) {
            addWebSeedNow(url, true);
        }
    }

    // ---------------------------------------------------------------- web seeds

    /**
     * Adds a web seed (BEP 19 {@code url-list} style, or BEP 17 when {@code httpSeed}); ignored when
     * web seeds are off, the URL is known, not http(s), or {@link WebSeedSettings#maxWebSeeds()} are used.
     */
    CompletableFuture<Void> addWebSeed(String url, boolean httpSeed) {
        addWebSeedNow(url, httpSeed);
        if (lifecycle.state() instanceof TorrentState.Downloading && !webSeeds.isEmpty()) {
            webSeeds.getLast().start();
        }
        return CompletableFuture.completedFuture(null);
    }

    private void addWebSeedNow(String url, boolean httpSeed) {
        org.peerwave.engine.webseed.WebSeedSettings s = engine.settings().webSeeds();
        if (!s.enabled() || url == null || webSeeds.stream().anyMatch(w -> w.url().equals(url))) {
            return;
        }
        if (webSeeds.size() >= s.maxWebSeeds()) {
            LOG.debug("{}: {} web seeds used; ignoring {}", metainfo.name(), s.maxWebSeeds(), url);
            return;
        }
        try {
            org.peerwave.engine.webseed.WebSeedSource source = httpSeed
                    ? org.peerwave.engine.webseed.HttpSeed.of(url, metainfo)
                    : org.peerwave.engine.webseed.UrlSeed.of(url, metainfo);
            webSeeds.add(new WebSeedPeer(this, source));
        } catch (IllegalArgumentException e) {
            LOG.info("{}: ignoring web seed {}: {}", metainfo.name(), url, e.getMessage());
        }
    }

    /** A web seed failed too often: its partial pieces are forgotten and fetched again from others. */
    void webSeedDropped(WebSeedPeer w, String reason) {
        dropPartialPieces(w.contributedPieces());
        engine.publish(new EngineEvent.WebSeedDropped(hashes, w.url(), reason));
        requestMoreFromAll();
    }

    CompletableFuture<List<WebSeedInfo>> webSeedInfos() {
        long now = System.nanoTime();
        return CompletableFuture.completedFuture(webSeeds.stream().map(w -> w.info(now)).toList());
    }

    private void startWebSeeds(boolean on) {
        for (WebSeedPeer w : webSeeds) {
            if (on) {
                w.start();
            } else {
                w.stop();
            }
        }
    }

    // ---------------------------------------------------------------- running on the loop

    /** Runs {@code action} on the loop and completes with the future it returns. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> action) {
        return EventLoops.submit(loop, action, () -> new IllegalStateException("engine is closed"));
    }

    /** Runs {@code r} on the loop (now when already on it); dropped after the engine stopped its loops. */
    void execute(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            try {
                loop.execute(r);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("loop stopped; dropping a task of {}", metainfo.name());
            }
        }
    }

    private static Throwable unwrap(Throwable e) {
        return EventLoops.unwrap(e);
    }

    CompletableFuture<Void> completion() {
        return completion;
    }

    TorrentState state() {
        return lifecycle.state();
    }

    // ---------------------------------------------------------------- lifecycle

    CompletableFuture<Void> start() {
        long period = 1;
        ticker = loop.scheduleAtFixedRate(this::tick, period, period, TimeUnit.SECONDS);
        enter(lifecycle.state());
        return CompletableFuture.completedFuture(null);
    }

    private void apply(TorrentLifecycle.Input input) {
        TorrentState from = lifecycle.state();
        if (lifecycle.apply(input)) {
            TorrentState to = lifecycle.state();
            LOG.info("{}: {} -> {}", metainfo.name(), from.displayName(), to.displayName());
            engine.publish(new EngineEvent.StateChanged(hashes, from, to));
            enter(to);
        }
    }

    /** Starts what a newly entered state needs. */
    private void enter(TorrentState s) {
        int generation = ++enterGeneration;
        active = s.isActive();
        switch (s) {
            case TorrentState.Checking c -> startCheck();
            case TorrentState.Downloading d -> {
                if (completion.isDone() && !completion.isCompletedExceptionally()) {
                    completion = new CompletableFuture<>();
                }
                dialKnownPeers();
            }
            case TorrentState.Seeding d -> {
                completion.complete(null);
                dialKnownPeers();
            }
            case TorrentState.Errored e -> {
                closeAllPeers();
                completion.completeExceptionally(new IllegalStateException(e.reason()));
            }
            default -> closeAllPeers();
        }
        if (generation != enterGeneration) {
            // a later state was entered meanwhile (a check that finished inline): it set up everything,
            // and going on with the stale state would stop the web seeds it started and misinform the trackers
            LOG.debug("{}: {} was left while being entered", metainfo.name(), s.displayName());
            return;
        }
        startWebSeeds(s instanceof TorrentState.Downloading);
        updateTrackers();
        trackers.stateEntered(s);
        updateDht(s);
        updateLsd(s);
    }

    // ---------------------------------------------------------------- DHT

    /** The DHT lookup and announce of this torrent while it downloads or seeds; null otherwise. */
    private AutoCloseable dhtTracking;

    /** True when the engine runs a DHT and the torrent is not private (BEP 27: private torrents never use it). */
    boolean usesDht() {
        return engine.dht() != null && !metainfo.isPrivate();
    }

    private void updateDht(TorrentState s) {
        boolean want = usesDht() && !shutDown
                && (s instanceof TorrentState.Downloading || s instanceof TorrentState.Seeding);
        if (want && dhtTracking == null) {
            dhtTracking = engine.dht().track(hashes.wireBytes(), engine.listenPort(), found -> execute(() ->
                    addPeers(found.stream().filter(a -> !engine.isOwnAddress(a)).toList())));
        } else if (!want && dhtTracking != null && !(s instanceof TorrentState.Checking)) {
            stopDht();
        }
    }

    private void stopDht() {
        if (dhtTracking != null) {
            try {
                dhtTracking.close();
            } catch (Exception e) {
                LOG.debug("closing the DHT lookup: {}", e.toString());
            }
            dhtTracking = null;
        }
    }

    /** A peer's PORT message (BEP 5): its DHT node is pinged and joins our table if it answers. */
    void dhtPortReceived(java.net.InetAddress peer, int port) {
        if (usesDht() && port > 0) {
            engine.dht().addNode(new InetSocketAddress(peer, port));
        }
    }

    // ---------------------------------------------------------------- LSD (BEP 14)

    /** Our announce on the local network while downloading or seeding; null otherwise. */
    private AutoCloseable lsdTracking;

    private void updateLsd(TorrentState s) {
        var lsd = engine.lsd();
        boolean want = lsd != null && !metainfo.isPrivate() && !shutDown
                && (s instanceof TorrentState.Downloading || s instanceof TorrentState.Seeding);
        if (want && lsdTracking == null) {
            lsdTracking = lsd.track(hashes.wireBytes(), (hash, peer) -> execute(() -> {
                if (!shutDown && !engine.isOwnAddress(peer)) {
                    LOG.debug("{}: {} found through local service discovery", metainfo.name(), peer);
                    addPeers(List.of(peer));
                }
            }));
        } else if (!want && lsdTracking != null && !(s instanceof TorrentState.Checking)) {
            stopLsd();
        }
    }

    private void stopLsd() {
        if (lsdTracking != null) {
            try {
                lsdTracking.close();
            } catch (Exception e) {
                LOG.debug("stopping the LSD announce: {}", e.toString());
            }
            lsdTracking = null;
        }
    }

    // ---------------------------------------------------------------- PEX (BEP 11)

    /** True when this torrent offers ut_pex (the engine's setting, and never for private torrents). */
    boolean usesPex() {
        return engine.settings().pexEnabled() && !metainfo.isPrivate();
    }

    /** A peer's ut_pex message: its added contacts join the known peers and are dialled. */
    private void pexReceived(PexMessage msg) {
        if (!usesPex() || shutDown) {
            return;
        }
        List<InetSocketAddress> found = new ArrayList<>();
        for (PexMessage.Peer p : msg.added()) {
            InetAddress a = p.address().getAddress();
            if (a.isAnyLocalAddress() || a.isMulticastAddress() || engine.isOwnAddress(p.address())) {
                continue;
            }
            found.add(p.address());
        }
        if (!found.isEmpty()) {
            LOG.debug("{}: {} peers learned through PEX", metainfo.name(), found.size());
            addPeers(found);
        }
    }

    /** Once a second: each peer that speaks ut_pex gets what changed in our peer set (at its interval). */
    private void sendPex(long now) {
        if (!usesPex()) {
            return;
        }
        Map<InetSocketAddress, Integer> connected = new java.util.LinkedHashMap<>();
        for (PeerConnection p : peers) {
            InetSocketAddress contact = p.pexContact();
            if (contact != null) {
                connected.put(contact, p.pexFlags());
            }
        }
        for (PeerConnection p : List.copyOf(peers)) {
            UtPexExtension pex = p.pex();
            if (pex != null) {
                pex.update(connected, p.pexContact(), now);
            }
        }
    }

    private void startCheck() {
        closeAllPeers();
        int generation = ++checkGeneration;
        ResumeStore store = engine.resumeStore();
        CompletableFuture<Bitfield> check;
        if (store == null || fullCheckRequested) {
            fullCheckRequested = false;
            check = storage.checkExisting(PieceStorage.CheckProgress.NONE);
        } else {
            check = CompletableFuture.supplyAsync(() -> store.load(Engine.resumeKey(hashes)), engine.diskExecutor())
                    .thenCompose(loaded -> ResumeValidator.restore(loaded, metainfo, storage,
                            PieceStorage.CheckProgress.NONE))
                    .thenApply(ResumeValidator.Outcome::have);
        }
        check.whenComplete((bits, err) -> execute(() -> {
            if (generation != checkGeneration || !(lifecycle.state() instanceof TorrentState.Checking)) {
                return;
            }
            if (err != null) {
                fail("checking the data failed: " + unwrap(err).getMessage());
                return;
            }
            have = bits.copy();
            publishVerifiedView();
            picker.setHave(toBitSet(have));
            completeVerifiedWaiters();
            applyDeadlines();
            releasePieceBuffers(false);
            LOG.info("{}: check found {} of {} pieces", metainfo.name(), have.count(), layout.pieceCount());
            apply(new TorrentLifecycle.Input.CheckFinished(picker.wantedRemaining() == 0));
        }));
    }

    private void fail(String reason) {
        LOG.warn("{}: {}", metainfo.name(), reason);
        engine.publish(new EngineEvent.TorrentError(hashes, reason));
        apply(new TorrentLifecycle.Input.Failed(reason));
    }

    CompletableFuture<Void> pause() {
        apply(new TorrentLifecycle.Input.PauseRequested());
        return saveResume();
    }

    CompletableFuture<Void> resume() {
        apply(new TorrentLifecycle.Input.ResumeRequested());
        return CompletableFuture.completedFuture(null);
    }

    /** Stops for good: for removal ({@code remove}) or engine shutdown. */
    CompletableFuture<Void> shutdown(boolean remove, boolean deleteData) {
        if (shutDown) {
            return CompletableFuture.completedFuture(null);
        }
        shutDown = true;
        active = false;
        if (ticker != null) {
            ticker.cancel(false);
        }
        closeAllPeers();
        startWebSeeds(false);
        failVerifiedWaiters(new TorrentHandle.TorrentRemovedException(hashes));
        criticalRanges.clear();
        if (lateCheck != null) {
            lateCheck.cancel(false);
        }
        CompletableFuture<Void> announced = trackers.stop();
        stopDht();
        stopLsd();
        CompletableFuture<Void> saved = remove ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(saveResume().exceptionally(e -> null), announced);
        if (remove) {
            apply(new TorrentLifecycle.Input.RemoveRequested());
            completion.completeExceptionally(new TorrentHandle.TorrentRemovedException(hashes));
        }
        return saved.exceptionally(e -> null).thenCompose(v -> {
            if (!deleteData) {
                return CompletableFuture.completedFuture(null);
            }
            return storage.deleteFiles();
        }).whenComplete((v, e) -> execute(() -> releasePieceBuffers(true))).thenRunAsync(() -> {
            storage.close();
            ResumeStore store = engine.resumeStore();
            if (remove && store != null) {
                store.delete(Engine.resumeKey(hashes));
            }
        }, engine.diskExecutor());
    }

    /** Saves resume data when a resume directory is set (flush, file states, atomic write). */
    CompletableFuture<Void> saveResume() {
        ResumeStore store = engine.resumeStore();
        TorrentState state = lifecycle.state();
        if (store == null || state instanceof TorrentState.Checking || state instanceof TorrentState.Removed
                || state instanceof TorrentState.Paused p && p.resumeTo() instanceof TorrentState.Checking) {
            // before a check, the have-bitfield knows nothing: saving it would make the next start trust "none"
            return CompletableFuture.completedFuture(null);
        }
        Bitfield snapshot = have.copy();
        long up = upMeter.total();
        long down = downMeter.total();
        List<Integer> priorities = this.priorities.stream().map(FilePriority::resumeValue).toList();
        return storage.flush().thenCompose(v -> storage.fileStates()).thenAccept(states -> store.save(
                new ResumeData(Engine.resumeKey(hashes), storage.saveDir(), snapshot, priorities, up, down,
                        addedTime, states)))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.warn("{}: saving resume data failed: {}", metainfo.name(), unwrap(e).toString());
                    }
                });
    }

    // ---------------------------------------------------------------- peers

    CompletableFuture<Void> connectPeer(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unresolved address " + address));
        }
        knownPeers.add(address);
        if (active) {
            dial(address);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Peers a tracker gave: remembered (up to {@link EngineSettings#maxKnownPeers()}) and dialled. */
    void addPeers(List<InetSocketAddress> found) {
        int max = engine.settings().maxKnownPeers();
        for (InetSocketAddress a : found) {
            if (knownPeers.size() >= max && !knownPeers.contains(a)) {
                LOG.debug("{}: {} known peers; dropping {}", metainfo.name(), max, a);
                continue;
            }
            knownPeers.add(a);
            if (active) {
                dial(a);
            }
        }
    }

    int knownPeerCount() {
        return knownPeers.size();
    }

    private void dialKnownPeers() {
        for (InetSocketAddress a : knownPeers) {
            dial(a);
        }
    }

    private boolean connectedTo(InetSocketAddress a) {
        for (PeerConnection p : peers) {
            if (a.equals(p.remoteAddress())) {
                return true;
            }
        }
        return false;
    }

    private void dial(InetSocketAddress address) {
        if (!active || dialing.contains(address) || connectedTo(address) || banned.contains(address.getAddress())
                || connectionCount.get() >= engine.settings().maxConnectionsPerTorrent()
                || !engine.reserveConnection()) {
            return;
        }
        dialing.add(address);
        connectionCount.incrementAndGet();
        PeerConnection conn = new PeerConnection(this, true);
        Handshake ours = Engine.handshake(hashes.wireBytes(), peerId, usesDht());
        EngineSettings s = engine.settings();
        Bootstrap b = new Bootstrap().group(loop).channel(engine.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) s.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("handshake", HandshakeHandler.outbound(ours));
                        PeerConnection.addCodecs(ch.pipeline(), s.wireLimits());
                        ch.pipeline().addLast("peer", conn);
                    }
                });
        ChannelFuture f = s.listenAddress().isAnyLocalAddress() ? b.connect(address)
                : b.connect(address, new InetSocketAddress(s.listenAddress(), 0));
        f.addListener((ChannelFuture cf) -> execute(() -> {
            dialing.remove(address);
            if (!cf.isSuccess()) {
                connectionCount.decrementAndGet();
                engine.releaseConnection();
                LOG.debug("{}: cannot connect to {}: {}", metainfo.name(), address, cf.cause().toString());
            } else {
                conn.dialedAddress(address);
            }
        }));
    }

    /** On another loop: may a connection from {@code remote} come in now? Counts it when yes. */
    boolean acceptsInbound(InetAddress remote) {
        if (!active || banned.contains(remote)) {
            return false;
        }
        if (connectionCount.incrementAndGet() > engine.settings().maxConnectionsPerTorrent()) {
            connectionCount.decrementAndGet();
            return false;
        }
        if (!engine.reserveConnection()) {
            connectionCount.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Our answer to a peer that asked for {@code wireHash}. */
    Handshake ourHandshake(byte[] wireHash) {
        return Engine.handshake(wireHash, peerId, usesDht());
    }

    /** The remote handshake arrived: returns false when the connection must close. */
    boolean peerHandshaken(PeerConnection conn, Handshake theirs) {
        if (!active || shutDown) {
            return false;
        }
        if (java.util.Arrays.equals(theirs.peerId(), peerId)) {
            LOG.debug("{}: connected to ourselves; closing", metainfo.name());
            return false;
        }
        if (conn.remoteAddress() != null && banned.contains(conn.remoteAddress().getAddress())) {
            return false;
        }
        picker.peerConnected(conn, theirs.supportsFastExtension(), System.nanoTime());
        peers.add(conn);
        return true;
    }

    /** A connection closed (counted in {@link #connectionCount} when it was opened). */
    void peerClosed(PeerConnection conn, boolean registered) {
        connectionCount.decrementAndGet();
        engine.releaseConnection();
        if (registered && peers.remove(conn)) {
            picker.peerDisconnected(conn);
            requestMoreFromAll();
        }
    }

    private void closeAllPeers() {
        for (PeerConnection p : List.copyOf(peers)) {
            p.close("torrent stopped");
        }
    }

    boolean isSeeding() {
        return lifecycle.state() instanceof TorrentState.Seeding;
    }

    boolean isActive() {
        return active;
    }

    Bitfield have() {
        return have;
    }

    void countDownloaded(int bytes, long now) {
        downMeter.add(bytes, now);
    }

    void countUploaded(int bytes, long now) {
        upMeter.add(bytes, now);
    }

    /**
     * Fills every peer's request pipeline. While there are time-critical pieces the fastest peers
     * (by download rate) pick first, so the critical pieces, which every pick takes first, go to them.
     */
    void requestMoreFromAll() {
        for (WebSeedPeer w : webSeeds) {
            w.requestMore();
        }
        if (!picker.hasDeadlines() || peers.size() < 2) {
            for (PeerConnection p : peers) {
                p.requestMore();
            }
            return;
        }
        long now = System.nanoTime();
        List<PeerConnection> fastestFirst = new ArrayList<>(peers);
        Map<PeerConnection, Long> rates = new HashMap<>();
        for (PeerConnection p : fastestFirst) {
            rates.put(p, p.downloadRate(now));
        }
        fastestFirst.sort((a, b) -> Long.compare(rates.get(b), rates.get(a)));
        for (PeerConnection p : fastestFirst) {
            p.requestMore();
        }
    }

    /** Re-evaluates the choker now (it only reshuffles regular slots at its intervals). */
    void rechoke() {
        if (!active) {
            return;
        }
        long now = System.nanoTime();
        List<PeerSnapshot<PeerConnection>> snapshots = new ArrayList<>(peers.size());
        for (PeerConnection p : peers) {
            snapshots.add(p.snapshot(now));
        }
        Set<PeerConnection> unchoke = choker.evaluate(snapshots, isSeeding(), now);
        for (PeerConnection p : peers) {
            p.setChoking(!unchoke.contains(p));
        }
    }

    // ---------------------------------------------------------------- rate limits

    private final java.util.ArrayDeque<Upload> uploads = new java.util.ArrayDeque<>();
    private boolean uploadTimerArmed;
    private boolean downloadTimerArmed;

    private record Upload(int bytes, Runnable send) {
    }

    /** Runs {@code send} (which puts {@code bytes} of payload on the wire) as soon as the upload limit allows. */
    void sendLimited(int bytes, Runnable send) {
        uploads.add(new Upload(bytes, send));
        drainUploads();
    }

    private void drainUploads() {
        RateLimiter limiter = engine.rateLimiter();
        while (!uploads.isEmpty()) {
            Upload u = uploads.peek();
            TokenBucket.Grant g = limiter.tryAcquire(rateLimits, RateLimiter.Direction.UPLOAD, u.bytes(),
                    System.nanoTime());
            if (!g.complete(u.bytes())) {
                limiter.refund(rateLimits, RateLimiter.Direction.UPLOAD, g.bytes());
                if (!uploadTimerArmed) {
                    uploadTimerArmed = true;
                    loop.schedule(() -> {
                        uploadTimerArmed = false;
                        drainUploads();
                    }, Math.max(1, g.retryAfterNanos()), TimeUnit.NANOSECONDS);
                }
                return;
            }
            uploads.poll();
            u.send().run();
        }
    }

    /**
     * How many of {@code wanted} requests of {@code blockSize} the download limit lets us send now
     * (the tokens are taken); when none, re-arms a timer that asks every peer again.
     */
    int downloadAllowance(int wanted, int blockSize) {
        RateLimiter limiter = engine.rateLimiter();
        RateLimiter.Direction down = RateLimiter.Direction.DOWNLOAD;
        if (wanted <= 0 || limiter.isUnlimited(rateLimits, down)) {
            return wanted;
        }
        long now = System.nanoTime();
        int n = (int) Math.min(wanted, limiter.available(rateLimits, down, now) / blockSize);
        if (n > 0) {
            limiter.tryAcquire(rateLimits, down, (long) n * blockSize, now);
            return n;
        }
        if (!downloadTimerArmed) {
            downloadTimerArmed = true;
            TokenBucket.Grant g = limiter.tryAcquire(rateLimits, down, blockSize, now);
            limiter.refund(rateLimits, down, g.bytes());
            loop.schedule(() -> {
                downloadTimerArmed = false;
                requestMoreFromAll();
            }, Math.max(1_000_000, g.retryAfterNanos()), TimeUnit.NANOSECONDS);
        }
        return 0;
    }

    // ---------------------------------------------------------------- files, order and limits

    List<FilePriority> filePriorities() {
        return priorities;
    }

    /**
     * New file priorities: the picker stops or starts picking at once, the storage's wanted mask
     * follows (a skipped file is not created; one selected again gets the bytes kept for it), and a
     * torrent whose wanted pieces are now all verified finishes (or one that has new wanted pieces
     * goes back to downloading).
     */
    CompletableFuture<Void> setFilePriorities(List<FilePriority> newPriorities) {
        List<FilePriority> list = List.copyOf(newPriorities);
        if (list.size() != metainfo.files().size()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(list.size() + " priorities for "
                    + metainfo.files().size() + " files"));
        }
        priorities = list;
        picker.setFilePriorities(list.stream().map(FilePriority::toPicker).toList());
        boolean[] wanted = new boolean[list.size()];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = list.get(i).isWanted();
        }
        TorrentState before = lifecycle.state();
        if (picker.wantedRemaining() == 0) {
            apply(new TorrentLifecycle.Input.WantedComplete());
            if (lifecycle.state() instanceof TorrentState.Seeding && !(before instanceof TorrentState.Seeding)) {
                engine.publish(new EngineEvent.TorrentCompleted(hashes));
            }
        } else {
            if (completion.isDone() && !completion.isCompletedExceptionally()) {
                completion = new CompletableFuture<>();
            }
            apply(new TorrentLifecycle.Input.WantedIncomplete());
        }
        for (PeerConnection p : peers) {
            p.updateInterest();
        }
        requestMoreFromAll();
        return storage.setWanted(wanted).thenCompose(v -> submit(this::saveResume));
    }

    /** Forgets what is known about the data and hashes every piece on disk again (resume data is not trusted). */
    CompletableFuture<Void> forceRecheck() {
        fullCheckRequested = true;
        apply(new TorrentLifecycle.Input.RecheckRequested());
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Moves the torrent's files (and its part file) under {@code newSaveDir}; transfers wait while
     * the files move, then go on from the new place. The resume data records the new folder.
     */
    CompletableFuture<Void> moveStorage(java.nio.file.Path newSaveDir) {
        return storage.moveTo(newSaveDir).thenCompose(v -> submit(this::saveResume)).thenRun(() ->
                LOG.info("{}: moved to {}", metainfo.name(), storage.saveDir()));
    }

    CompletableFuture<Void> setSequential(boolean on) {
        picker.setSequential(on);
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> setRateLimits(RateLimitSettings limits) {
        rateLimits.apply(limits, System.nanoTime());
        drainUploads();
        requestMoreFromAll();
        return CompletableFuture.completedFuture(null);
    }

    RateLimiter.Limits rateLimits() {
        return rateLimits;
    }

    // ---------------------------------------------------------------- blocks and pieces

    /**
     * An accepted block. Pieces are assembled in memory (engine-wide {@link PieceBufferPool}) and
     * hashed before anything is written, so a piece that fails its hash never reaches the disk; when
     * the pool is used up, the piece's blocks are written as they come and it is read back to verify.
     * The piece decides at its first block and keeps that way until it is verified or failed.
     */
    void writeBlock(int piece, int offset, ByteBuf data, boolean pieceComplete) {
        byte[] buffer = pieceBuffers.get(piece);
        if (buffer == null && !directPieces.contains(piece)) {
            buffer = engine.pieceBuffers().acquire(layout.pieceSize(piece));
            if (buffer != null) {
                zeroPadding(piece, buffer);
                pieceBuffers.put(piece, buffer);
            } else {
                directPieces.add(piece);
            }
        }
        if (buffer != null) {
            data.getBytes(data.readerIndex(), buffer, offset, data.readableBytes());
            if (pieceComplete) {
                writeVerified(piece, buffer);
            }
            return;
        }
        writeDirect(piece, offset, ByteBufUtil.getBytes(data), pieceComplete);
    }

    /** Pooled buffers hold old bytes: the padding blocks, never received, must read as zeros. */
    private void zeroPadding(int piece, byte[] buffer) {
        java.util.BitSet pad = picker.padding(piece);
        int bs = layout.blockSize();
        int size = layout.pieceSize(piece);
        for (int i = pad.nextSetBit(0); i >= 0; i = pad.nextSetBit(i + 1)) {
            java.util.Arrays.fill(buffer, i * bs, Math.min(size, (i + 1) * bs), (byte) 0);
        }
    }

    private void writeVerified(int piece, byte[] buffer) {
        pieceBuffers.remove(piece);
        PieceBufferPool pool = engine.pieceBuffers();
        storage.writeVerifiedPiece(piece, buffer).whenComplete((ok, e) -> {
            pool.release(buffer);
            execute(() -> pieceChecked(piece, ok, e));
        });
    }

    /** A piece's hash check ended: {@code ok} unless it failed or {@code e} (an I/O error) is set. */
    private void pieceChecked(int piece, Boolean ok, Throwable e) {
        if (shutDown || lifecycle.state() instanceof TorrentState.Errored) {
            return;
        }
        if (e != null) {
            fail("verifying piece " + piece + " failed: " + unwrap(e).getMessage());
        } else if (ok) {
            pieceVerified(piece);
        } else {
            pieceFailed(piece);
        }
    }

    private void writeDirect(int piece, int offset, byte[] data, boolean pieceComplete) {
        pendingWrites.merge(piece, 1, Integer::sum);
        if (pieceComplete) {
            awaitingVerify.add(piece);
        }
        storage.writeBlock(piece, offset, ByteBuffer.wrap(data)).whenComplete((v, e) -> execute(() -> {
            int left = pendingWrites.merge(piece, -1, Integer::sum);
            if (left == 0) {
                pendingWrites.remove(piece);
            }
            if (e != null) {
                fail("writing piece " + piece + " failed: " + unwrap(e).getMessage());
                return;
            }
            if (left == 0 && awaitingVerify.remove(piece)) {
                directPieces.remove(piece);
                verify(piece);
            }
        }));
    }

    /** Gives the piece buffers back to the pool (on shutdown; and for pieces a check found complete). */
    private void releasePieceBuffers(boolean all) {
        for (var it = pieceBuffers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (all || have.get(e.getKey())) {
                engine.pieceBuffers().release(e.getValue());
                it.remove();
            }
        }
    }

    private void verify(int piece) {
        storage.verifyPiece(piece).whenComplete((ok, e) -> execute(() -> pieceChecked(piece, ok, e)));
    }

    private void pieceVerified(int piece) {
        if (have.get(piece)) {
            return;
        }
        have.set(piece);
        java.util.concurrent.atomic.AtomicLongArray view = verifiedView;
        if (piece >> 6 < view.length()) {
            view.getAndUpdate(piece >> 6, w -> w | 1L << (piece & 63));
        }
        picker.pieceVerified(piece);
        List<CompletableFuture<Void>> waiting = verifiedWaiters.remove(piece);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(null));
        }
        PeerMessage.Have msg = new PeerMessage.Have(piece);
        for (PeerConnection p : peers) {
            p.send(msg);
            p.updateInterest();
        }
        if (picker.wantedRemaining() == 0 && lifecycle.state() instanceof TorrentState.Downloading) {
            LOG.info("{}: download complete", metainfo.name());
            apply(new TorrentLifecycle.Input.WantedComplete());
            engine.publish(new EngineEvent.TorrentCompleted(hashes));
            saveResume();
        }
    }

    private void pieceFailed(int piece) {
        Set<DownloadSource> contributors = picker.pieceFailed(piece);
        LOG.warn("{}: piece {} failed its hash check ({} peers contributed)", metainfo.name(), piece,
                contributors.size());
        Set<InetAddress> addresses = new HashSet<>();
        for (DownloadSource src : contributors) {
            switch (src) {
                case PeerConnection p -> {
                    if (p.remoteAddress() != null) {
                        addresses.add(p.remoteAddress().getAddress());
                    }
                }
                case WebSeedPeer w -> w.pieceFailed(piece);
            }
        }
        if (addresses.stream().anyMatch(banned::contains)) {
            // a banned peer's late blocks explain the failure: do not strike the others who helped
            requestMoreFromAll();
            return;
        }
        for (InetAddress a : addresses) {
            int n = strikes.merge(a, 1, Integer::sum);
            if (n >= engine.settings().banAfterHashFailures() && banned.add(a)) {
                String reason = n + " pieces failed their hash check";
                LOG.warn("{}: banning {}: {}", metainfo.name(), a.getHostAddress(), reason);
                engine.publish(new EngineEvent.PeerBanned(hashes, a, reason));
                for (PeerConnection p : List.copyOf(peers)) {
                    if (p.remoteAddress() != null && a.equals(p.remoteAddress().getAddress())) {
                        dropPartialPieces(p.contributedPieces());
                        p.close("banned");
                    }
                }
            }
        }
        requestMoreFromAll();
    }

    /** Forgets the unfinished pieces a banned peer sent blocks of: they are downloaded again from others. */
    private void dropPartialPieces(Set<Integer> contributed) {
        for (int piece : List.copyOf(contributed)) {
            if (!have.get(piece) && !picker.isAwaitingHash(piece) && !pendingWrites.containsKey(piece)) {
                picker.pieceFailed(piece);
            }
        }
    }

    // ---------------------------------------------------------------- streaming

    /**
     * A new future that completes (on this loop) once {@code piece} is verified, at once when it
     * already is; fails when the torrent is removed or the engine stops.
     */
    CompletableFuture<Void> whenVerified(int piece) {
        layout.checkPiece(piece);
        if (have.get(piece)) {
            return CompletableFuture.completedFuture(null);
        }
        if (shutDown) {
            return CompletableFuture.failedFuture(new TorrentHandle.TorrentRemovedException(hashes));
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        verifiedWaiters.computeIfAbsent(piece, k -> new ArrayList<>()).add(f);
        // a waiter given up on (time-out, closed channel) is dropped rather than kept until the piece comes
        f.whenComplete((v, e) -> {
            if (e != null) {
                execute(() -> {
                    List<CompletableFuture<Void>> list = verifiedWaiters.get(piece);
                    if (list != null && list.remove(f) && list.isEmpty()) {
                        verifiedWaiters.remove(piece);
                    }
                });
            }
        });
        return f;
    }

    /** Reads bytes of a verified piece; fails with an {@link IllegalStateException} when it is not verified. */
    CompletableFuture<byte[]> readVerified(int piece, int offset, int length) {
        layout.checkPiece(piece);
        if (!have.get(piece)) {
            return CompletableFuture.failedFuture(new IllegalStateException("piece " + piece + " is not verified"));
        }
        if (offset < 0 || length < 0 || (long) offset + length > layout.pieceSize(piece)) {
            return CompletableFuture.failedFuture(new IndexOutOfBoundsException("bytes [" + offset + ", "
                    + ((long) offset + length) + ") outside piece " + piece));
        }
        return storage.readBlock(piece, offset, length);
    }

    private void publishVerifiedView() {
        long[] words = new long[(layout.pieceCount() + 63) >> 6];
        for (int p = have.nextSet(0); p >= 0; p = have.nextSet(p + 1)) {
            words[p >> 6] |= 1L << (p & 63);
        }
        verifiedView = new java.util.concurrent.atomic.AtomicLongArray(words);
    }

    /** True when {@code piece} is verified, as seen from any thread (see {@link #verifiedView}). */
    boolean isVerifiedNow(int piece) {
        java.util.concurrent.atomic.AtomicLongArray view = verifiedView;
        return piece >> 6 < view.length() && (view.get(piece >> 6) & 1L << (piece & 63)) != 0;
    }

    /**
     * {@link #readVerified(int, int, ByteBuffer)} on the calling thread (any thread but an event
     * loop: it blocks for the disk), without hops: returns 0 when {@code piece} is not verified.
     */
    int readVerifiedNow(int piece, int offset, ByteBuffer dst) {
        layout.checkPiece(piece);
        if (offset < 0 || offset >= layout.pieceSize(piece)) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside piece " + piece);
        }
        int want = dst.remaining();
        if (want == 0 || shutDown || !isVerifiedNow(piece)) {
            return 0;
        }
        List<PieceStorage.BlockRead> reads = new ArrayList<>();
        int total = 0;
        int base = dst.position();
        for (int p = piece, off = offset; total < want && p < layout.pieceCount() && isVerifiedNow(p); p++, off = 0) {
            int n = Math.min(want - total, layout.pieceSize(p) - off);
            reads.add(new PieceStorage.BlockRead(p, off, dst.slice(base + total, n)));
            total += n;
        }
        storage.readBlocksNow(reads);
        return total;
    }

    /**
     * Reads into {@code dst} (from its position, at most {@code dst.remaining()} bytes) from byte
     * {@code offset} of {@code piece} on through the following pieces as long as they are verified,
     * in one disk task; completes with the count, 0 when {@code piece} is not verified. The
     * buffer's position is not moved.
     */
    CompletableFuture<Integer> readVerified(int piece, int offset, ByteBuffer dst) {
        layout.checkPiece(piece);
        if (offset < 0 || offset >= layout.pieceSize(piece)) {
            return CompletableFuture.failedFuture(new IndexOutOfBoundsException("offset " + offset
                    + " outside piece " + piece));
        }
        int want = dst.remaining();
        if (want == 0 || !have.get(piece)) {
            return CompletableFuture.completedFuture(0);
        }
        List<PieceStorage.BlockRead> reads = new ArrayList<>();
        int total = 0;
        int base = dst.position();
        for (int p = piece, off = offset; total < want && p < layout.pieceCount() && have.get(p); p++, off = 0) {
            int n = Math.min(want - total, layout.pieceSize(p) - off);
            reads.add(new PieceStorage.BlockRead(p, off, dst.slice(base + total, n)));
            total += n;
        }
        int count = total;
        return storage.readBlocks(reads).thenApply(v -> count);
    }

    /**
     * Makes pieces {@code first..last} time-critical for {@code owner} (one range per owner; a new
     * range replaces the owner's old one at once): the piece {@code i} places after {@code first}
     * gets the deadline now + (i + 1) × {@code nanosPerPiece}. Every owner's ranges count. When
     * {@code first} is missing (the reader waits for it), requests queued at peers for pieces
     * without a deadline are cancelled so the critical ones go out next.
     */
    CompletableFuture<Void> setCriticalRange(Object owner, int first, int last, long nanosPerPiece) {
        layout.checkPiece(first);
        layout.checkPiece(last);
        if (last < first || nanosPerPiece <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("bad critical range " + first + ".."
                    + last + " / " + nanosPerPiece + " ns"));
        }
        CriticalRange before = criticalRanges.get(owner);
        // the same first piece keeps its deadlines: a reader still waiting for it must not push it back
        Instant start = before != null && before.first() == first && before.nanosPerPiece() == nanosPerPiece
                ? before.start() : Instant.now();
        criticalRanges.put(owner, new CriticalRange(first, last, nanosPerPiece, start));
        applyDeadlines();
        if (!have.get(first) && active) {
            // the reader waits for this piece: requests queued for other pieces must not hold it up
            long now = System.nanoTime();
            for (PeerConnection p : peers) {
                for (var b : picker.withdrawNonCritical(p, now)) {
                    p.cancelRequest(b);
                }
            }
            requestMoreFromAll();
        }
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> clearCriticalRange(Object owner) {
        if (criticalRanges.remove(owner) != null) {
            applyDeadlines();
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Gives the picker the deadlines of every reader's range (the earliest when ranges overlap) and
     * arms the check for late pieces at the earliest deadline still to come.
     */
    private void applyDeadlines() {
        picker.clearDeadlines();
        java.util.BitSet waited = new java.util.BitSet();
        for (CriticalRange r : criticalRanges.values()) {
            if (!have.get(r.first())) {
                waited.set(r.first());
            }
        }
        picker.setWaited(waited);
        if (criticalRanges.isEmpty()) {
            return;
        }
        Map<Integer, Instant> deadlines = new HashMap<>();
        for (CriticalRange r : criticalRanges.values()) {
            for (int p = r.first(); p <= r.last(); p++) {
                if (!have.get(p)) {
                    Instant d = r.start().plusNanos((p - r.first() + 1) * r.nanosPerPiece());
                    deadlines.merge(p, d, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        deadlines.forEach(picker::setDeadline);
        if (active) {
            requestMoreFromAll();
            checkLate();
        }
    }

    /**
     * Streaming end game: the blocks of critical pieces whose deadline passed are also asked of the
     * fastest other peers ({@link PiecePicker#duplicateLate}); then re-arms itself for the next
     * deadline. Runs on every tick too, for late pieces whose blocks went out after they were late.
     */
    private void checkLate() {
        if (!active || shutDown) {
            return;
        }
        Instant now = Instant.now();
        long nanos = System.nanoTime();
        var requests = picker.duplicateLate(now, p -> p.downloadRate(nanos), nanos);
        if (!requests.isEmpty()) {
            LOG.debug("{}: {} blocks of late critical pieces asked of faster peers too", metainfo.name(),
                    requests.size());
            for (var r : requests) {
                r.peer().sendRequest(r.block());
            }
        }
        Instant next = null;
        for (Instant d : picker.deadlines().values()) {
            if (d.isAfter(now) && (next == null || d.isBefore(next))) {
                next = d;
            }
        }
        if (next == null || (lateCheck != null && !lateCheck.isDone() && !lateCheckAt.isAfter(next))) {
            return;
        }
        if (lateCheck != null) {
            lateCheck.cancel(false);
        }
        lateCheckAt = next;
        long delay = Math.max(1_000_000L, java.time.Duration.between(now, next).toNanos() + 1_000_000L);
        lateCheck = loop.schedule(this::checkLate, delay, TimeUnit.NANOSECONDS);
    }

    private void completeVerifiedWaiters() {
        for (var it = verifiedWaiters.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (have.get(e.getKey())) {
                it.remove();
                e.getValue().forEach(f -> f.complete(null));
            }
        }
    }

    private void failVerifiedWaiters(Throwable why) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        verifiedWaiters.values().forEach(all::addAll);
        verifiedWaiters.clear();
        all.forEach(f -> f.completeExceptionally(why));
    }

    // ---------------------------------------------------------------- timer

    private void tick() {
        if (shutDown) {
            return;
        }
        ticks++;
        if (!active) {
            return;
        }
        long now = System.nanoTime();
        for (var pb : picker.timedOut(now)) {
            pb.peer().cancelRequest(pb.block());
        }
        rechoke();
        for (PeerConnection p : List.copyOf(peers)) {
            p.tick(now);
        }
        for (WebSeedPeer w : webSeeds) {
            w.tick(now);
        }
        requestMoreFromAll();
        if (!criticalRanges.isEmpty()) {
            checkLate();
        }
        if (ticks % 5 == 0) {
            dialKnownPeers();
        }
        sendPex(now);
        updateTrackers();
        trackers.poll();
        long saveEvery = Math.max(1, engine.settings().resumeSaveInterval().toSeconds());
        if (ticks % saveEvery == 0) {
            saveResume();
        }
    }

    // ---------------------------------------------------------------- stats

    private long bytesDone() {
        long done = 0;
        for (int p = have.nextSet(0); p >= 0; p = have.nextSet(p + 1)) {
            done += layout.pieceSize(p);
        }
        return done;
    }

    /** Bytes of the pieces that are not skipped, and of those verified: {total, done}. */
    private long[] wantedBytes() {
        long wanted = 0;
        long wantedDone = 0;
        for (int p = 0; p < layout.pieceCount(); p++) {
            if (picker.piecePriority(p) != org.peerwave.engine.picker.Priority.SKIP) {
                wanted += layout.pieceSize(p);
                if (have.get(p)) {
                    wantedDone += layout.pieceSize(p);
                }
            }
        }
        return new long[] {wanted, wantedDone};
    }

    /** Gives the trackers the counters of the next announce ("left" counts the selected files only). */
    private void updateTrackers() {
        long[] w = wantedBytes();
        trackers.update(upMeter.total(), downMeter.total(), w[0] - w[1]);
    }

    CompletableFuture<TorrentStats> stats() {
        long now = System.nanoTime();
        long done = bytesDone();
        long[] w = wantedBytes();
        long wanted = w[0];
        long wantedDone = w[1];
        TorrentStats s = new TorrentStats(hashes, metainfo.name(), lifecycle.state(), done,
                metainfo.storageLength(), have.count(), layout.pieceCount(), downMeter.rate(now),
                upMeter.rate(now), peers.size(), upMeter.total(), downMeter.total(), wanted, wantedDone);
        return CompletableFuture.completedFuture(s);
    }

    /** The connected peers, for a Peers tab. */
    CompletableFuture<List<PeerInfo>> peerInfos() {
        long now = System.nanoTime();
        List<PeerInfo> out = new ArrayList<>(peers.size());
        for (PeerConnection p : peers) {
            out.add(p.info(now, layout.pieceCount()));
        }
        return CompletableFuture.completedFuture(List.copyOf(out));
    }

    /** The verified pieces (a copy), for a pieces map. */
    CompletableFuture<BitSet> verifiedPieces() {
        return CompletableFuture.completedFuture(toBitSet(have));
    }

    static BitSet toBitSet(Bitfield b) {
        BitSet out = new BitSet(b.pieceCount());
        for (int p = b.nextSet(0); p >= 0; p = b.nextSet(p + 1)) {
            out.set(p);
        }
        return out;
    }
}
