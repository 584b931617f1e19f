package org.peerwave.engine.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.peerwave.engine.dht.Dht;
import org.peerwave.engine.lsd.LocalServiceDiscovery;
import org.peerwave.engine.lsd.LsdSettings;
import org.peerwave.engine.dht.DhtSettings;
import org.peerwave.engine.dht.DhtStats;
import org.peerwave.engine.metainfo.InfoHash;
import org.peerwave.engine.metainfo.InfoHashes;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.webseed.WebSeedClient;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.storage.FileStorage;
import org.peerwave.engine.storage.ResumeStore;
import org.peerwave.engine.storage.StorageExecutors;
import org.peerwave.engine.tracker.TrackerClient;
import org.peerwave.engine.tracker.TrackerClients;
import org.peerwave.engine.wire.FrameDecoder;
import org.peerwave.engine.wire.Handshake;
import org.peerwave.engine.wire.HandshakeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small facade over the engine: {@link #create(EngineSettings)} starts the event loops and the
 * one TCP listener shared by all torrents; {@link #add} gives a {@link TorrentHandle}; progress is
 * polled with {@link TorrentHandle#stats()}, and state changes come through {@link #events()}.
 * Thread-safe. Inbound connections are routed to their torrent by the info hash of the handshake
 * (the v1 hash or the truncated v2 hash of a hybrid or v2 torrent).
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** Swapped whole by {@link #applySettings}; every reader takes one snapshot of it. */
    private volatile EngineSettings settings;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> socketChannel;
    private final StorageExecutors storageExecutors;
    private final ResumeStore resumeStore;
    private final EngineEvents events;
    private final RateLimiter rateLimiter;
    private final byte[] peerId;
    private final Map<InfoHashes, TorrentSession> sessions = new ConcurrentHashMap<>();
    /** Hex of the 20 wire bytes (v1 and truncated v2) → session. */
    private final Map<String, TorrentSession> byWireHash = new ConcurrentHashMap<>();
    /** Magnets whose metadata has not arrived yet; each moves to {@link #sessions} under the same key. */
    private final Map<InfoHashes, MagnetTorrent> magnets = new ConcurrentHashMap<>();
    private final Channel server;
    private final String transport;
    /** HTTP and UDP tracker clients shared by every torrent; null when trackers are off. */
    private final TrackerClients trackerClients;
    /** Addresses of this machine, to recognise ourselves in tracker answers when listening on all of them. */
    private final java.util.Set<InetAddress> localAddresses;
    /** The DHT nodes (BEP 5); null when the DHT is off. */
    private final Dht dht;
    /** Local service discovery (BEP 14); null when off or when it could not start. */
    private final LocalServiceDiscovery lsd;
    private volatile boolean closed;
    /** HTTP client of the web seeds, made when the first torrent with web seeds starts. */
    private WebSeedClient webSeedClient;

    private Engine(EngineSettings settings) {
        this.settings = settings;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.transport = epoll ? "epoll" : "nio";
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        this.socketChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.group = new MultiThreadIoEventLoopGroup(settings.effectiveIoThreads(), io);
        this.storageExecutors = new StorageExecutors(settings.storage());
        this.resumeStore = settings.resumeDir() == null ? null : new ResumeStore(settings.resumeDir());
        if (resumeStore != null) {
            resumeStore.removeTemporaryFiles();
        }
        this.events = new EngineEvents(settings.eventQueueCapacity());
        this.rateLimiter = new RateLimiter(settings.rateLimits(), System.nanoTime());
        this.peerId = makePeerId(settings.peerIdPrefix());
        try {
            ServerBootstrap sb = new ServerBootstrap().group(group).channel(serverChannel)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            PeerConnection conn = new PeerConnection(null, false);
                            InetAddress remote = ch.remoteAddress().getAddress();
                            ch.pipeline().addLast("handshake", HandshakeHandler.inbound((hash, reserved) -> {
                                TorrentSession s = route(hash, remote);
                                if (s == null) {
                                    return Optional.empty();
                                }
                                conn.attach(s);
                                return Optional.of(s.ourHandshake(hash));
                            }));
                            PeerConnection.addCodecs(ch.pipeline(), settings.wireLimits());
                            ch.pipeline().addLast("peer", conn);
                        }
                    });
            this.server = sb.bind(new InetSocketAddress(settings.listenAddress(), settings.listenPort()))
                    .syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            storageExecutors.close();
            throw new IllegalStateException("cannot listen on " + settings.listenAddress().getHostAddress() + ":"
                    + settings.listenPort() + ": " + e.getMessage(), e);
        }
        this.localAddresses = settings.listenAddress().isAnyLocalAddress() ? findLocalAddresses()
                : java.util.Set.of(settings.listenAddress());
        try {
            this.trackerClients = settings.trackersEnabled()
                    ? TrackerClients.create(settings.trackers(), settings.listenAddress()) : null;
        } catch (RuntimeException e) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            storageExecutors.close();
            throw new IllegalStateException("cannot start the tracker clients: " + e.getMessage(), e);
        }
        try {
            this.dht = settings.dhtEnabled() ? startDht(settings, epoll ? EpollDatagramChannel.class
                    : NioDatagramChannel.class) : null;
        } catch (RuntimeException e) {
            if (trackerClients != null) {
                trackerClients.close();
            }
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            storageExecutors.close();
            throw new IllegalStateException("cannot start the DHT: " + e.getMessage(), e);
        }
        this.lsd = settings.lsdEnabled() ? startLsd(settings, epoll) : null;
        LOG.info("engine listening on {} ({}){}", server.localAddress(), transport,
                dht == null ? "" : ", DHT on UDP port " + dht.port());
    }

    private Dht startDht(EngineSettings s, Class<? extends DatagramChannel> datagram) {
        DhtSettings ds = s.dht();
        if (ds.stateFile() == null && s.resumeDir() != null) {
            ds = ds.toBuilder().stateFile(s.resumeDir().resolve("dht.dat")).build();
        }
        if (s.dhtPort() != 0) {
            return Dht.start(group, datagram, s.listenAddress(), s.dhtPort(), ds, s.dhtIpv6());
        }
        try {
            return Dht.start(group, datagram, s.listenAddress(), listenPort(), ds, s.dhtIpv6());
        } catch (RuntimeException taken) {
            return Dht.start(group, datagram, s.listenAddress(), 0, ds, s.dhtIpv6());
        }
    }

    /**
     * Starts local service discovery; a machine where it cannot run (no multicast interface, the
     * port refused) runs without it, with a warning.
     */
    private LocalServiceDiscovery startLsd(EngineSettings s, boolean epoll) {
        DiscoverySettings d = s.discovery();
        LsdSettings ls = new LsdSettings(d.lsdInterval(), d.lsdMinGap(), d.lsdMaxPeersPerMinute(), d.lsdPort(),
                s.dhtIpv6());
        try {
            return LocalServiceDiscovery.start(group, family -> epoll ? new EpollDatagramChannel(family)
                    : new NioDatagramChannel(family), s.listenAddress(), listenPort(), ls);
        } catch (RuntimeException e) {
            LOG.warn("local service discovery is off: {}", e.getMessage());
            return null;
        }
    }

    /** Local service discovery (BEP 14), or null when it is off. */
    LocalServiceDiscovery lsd() {
        return lsd;
    }

    /** The DHT, or null when it is off. */
    Dht dht() {
        return dht;
    }

    /** The DHT's UDP port, or 0 when the DHT is off. */
    public int dhtPort() {
        return dht == null ? 0 : dht.port();
    }

    /** A snapshot of the engine as a whole (poll it about once a second). */
    public EngineStats stats() {
        return new EngineStats(sessions.size() + magnets.size(), connectionCount(),
                dht == null ? DhtStats.OFF : dht.stats());
    }

    /** Starts an engine: event loops, storage threads and the TCP listener. */
    public static Engine create(EngineSettings settings) {
        return new Engine(Objects.requireNonNull(settings, "settings"));
    }

    private static byte[] makePeerId(String prefix) {
        byte[] id = new byte[20];
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, id, 0, p.length);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SecureRandom r = new SecureRandom();
        for (int i = p.length; i < 20; i++) {
            id[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return id;
    }

    private static java.util.Set<InetAddress> findLocalAddresses() {
        java.util.Set<InetAddress> out = new java.util.HashSet<>();
        try {
            var interfaces = java.net.NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                interfaces.nextElement().inetAddresses().forEach(out::add);
            }
        } catch (java.net.SocketException e) {
            LOG.debug("cannot list the network interfaces: {}", e.toString());
        }
        return java.util.Set.copyOf(out);
    }

    /**
     * True when {@code address} is our own listener (trackers list us among the peers): our port on
     * the listen address, or on any local address when listening on all of them.
     */
    boolean isOwnAddress(InetSocketAddress address) {
        InetAddress a = address.getAddress();
        if (a == null || address.getPort() != listenPort()) {
            return false;
        }
        if (!settings.listenAddress().isAnyLocalAddress()) {
            return a.equals(settings.listenAddress());
        }
        return a.isAnyLocalAddress() || a.isLoopbackAddress() || localAddresses.contains(a);
    }

    /** The engine's tracker clients, or null when trackers are off. */
    TrackerClient trackerClient() {
        return trackerClients;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** The web seeds' HTTP client (shared by every torrent; made on first use). */
    synchronized WebSeedClient webSeedClient() {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        if (webSeedClient == null) {
            webSeedClient = new WebSeedClient(settings.webSeeds(), null);
        }
        return webSeedClient;
    }

    /** The TCP port the listener is bound to. */
    public int listenPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The listener's address (the configured address and the bound port). */
    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** "epoll" or "nio". */
    public String transport() {
        return transport;
    }

    /** Our peer id (a copy). */
    public byte[] peerId() {
        return peerId.clone();
    }

    public EngineEvents events() {
        return events;
    }

    /**
     * Adds a torrent whose files are (or will be) under {@code saveDir}; it starts checking the data
     * at once unless {@link AddOptions#startPaused()}.
     *
     * @throws IllegalStateException when the engine is closed or the torrent is already added
     */
    public TorrentHandle add(TorrentMetainfo metainfo, Path saveDir, AddOptions options) {
        Objects.requireNonNull(metainfo, "metainfo");
        Objects.requireNonNull(saveDir, "saveDir");
        Objects.requireNonNull(options, "options");
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        InfoHashes hashes = metainfo.infoHashes();
        checkNotAdded(hashes);
        AddOptions resolved = options.withFilePriorities(FileSelection.initialPriorities(metainfo, options,
                resumeStore, null));
        TorrentSession session = newSession(metainfo, saveDir, resolved, group.next());
        synchronized (this) {
            try {
                checkNotAdded(hashes);
            } catch (IllegalStateException e) {
                session.storage.close();
                throw e;
            }
            sessions.put(hashes, session);
            for (String key : wireKeys(hashes)) {
                byWireHash.put(key, session);
            }
        }
        publish(new EngineEvent.TorrentAdded(hashes, metainfo.name()));
        session.submit(session::start);
        return new TorrentHandle(hashes, this);
    }

    private TorrentSession newSession(TorrentMetainfo metainfo, Path saveDir, AddOptions options, EventLoop loop) {
        boolean[] wanted = null;
        if (!options.filePriorities().isEmpty()) {
            wanted = new boolean[options.filePriorities().size()];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = options.filePriorities().get(i).isWanted();
            }
        }
        FileStorage storage = new FileStorage(metainfo, saveDir, settings.storage(), storageExecutors, wanted);
        return new TorrentSession(this, loop, metainfo, storage, options);
    }

    /** Throws when a torrent (or magnet) sharing a hash with {@code hashes} is in the engine. */
    private synchronized void checkNotAdded(InfoHashes hashes) {
        for (InfoHashes other : sessions.keySet()) {
            if (other.overlaps(hashes)) {
                throw new IllegalStateException("torrent " + hashes + " is already added");
            }
        }
        for (InfoHashes other : magnets.keySet()) {
            if (other.overlaps(hashes)) {
                throw new IllegalStateException("torrent " + hashes + " is already added");
            }
        }
    }

    /**
     * Adds a torrent from a magnet link. The handle is returned at once, in
     * {@link TorrentState.DownloadingMetadata}: the info dictionary is fetched (BEP 9) from the
     * magnet's {@code x.pe} peers and every peer given to {@link TorrentHandle#connectPeer}; when it
     * arrives ({@link TorrentHandle#metadata()}, event {@link EngineEvent.MetadataReceived}) the
     * torrent checks and downloads like one added from its .torrent file, into {@code saveDir}.
     * The magnet's BEP 53 {@code so=} selection sets the other files to {@link FilePriority#SKIP}
     * (unless {@link AddOptions#filePriorities()} or resume data say otherwise).
     *
     * @throws UnsupportedOperationException for v2 and hybrid magnets (their piece layers need BEP 52
     *     hash requests, not yet supported): add the .torrent file instead
     * @throws IllegalStateException when the engine is closed or the torrent is already added
     */
    public TorrentHandle add(MagnetLink magnet, Path saveDir, AddOptions options) {
        Objects.requireNonNull(magnet, "magnet");
        Objects.requireNonNull(saveDir, "saveDir");
        Objects.requireNonNull(options, "options");
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        UnsupportedOperationException refused = MetadataFetch.unsupported(magnet.infoHashes());
        if (refused != null) {
            throw refused;
        }
        InfoHashes hashes = magnet.infoHashes();
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String p : magnet.peers()) {
            InetSocketAddress a = MagnetTorrent.parsePeer(p);
            if (a == null || a.isUnresolved()) {
                LOG.warn("magnet {}: ignoring peer {} (cannot resolve)", hashes, p);
            } else {
                peers.add(a);
            }
        }
        MagnetTorrent m = new MagnetTorrent(this, group.next(), magnet, saveDir, options, peers);
        synchronized (this) {
            checkNotAdded(hashes);
            magnets.put(hashes, m);
        }
        publish(new EngineEvent.TorrentAdded(hashes, m.name()));
        m.submit(m::start);
        return new TorrentHandle(hashes, this);
    }

    /** Off the event loop: the options a magnet's torrent starts with (priorities from options, resume data or so=). */
    CompletableFuture<AddOptions> prepareHandOver(MagnetTorrent m, TorrentMetainfo metainfo, AddOptions options) {
        return CompletableFuture.supplyAsync(() -> options.withFilePriorities(
                FileSelection.initialPriorities(metainfo, options, resumeStore, m.magnet)), storageExecutors.disk());
    }

    /**
     * On the magnet's loop: replaces it by a session of {@code metainfo} under the same key, and
     * starts the session (checking, or paused when {@code options} say so).
     */
    TorrentSession handOver(MagnetTorrent m, TorrentMetainfo metainfo, AddOptions options) {
        TorrentSession session = newSession(metainfo, m.saveDir, options, m.loop);
        synchronized (this) {
            if (closed || magnets.get(m.hashes) != m) {
                session.storage.close();
                throw new IllegalStateException("the torrent was removed or the engine closed");
            }
            sessions.put(m.hashes, session);
            for (String key : wireKeys(m.hashes)) {
                byWireHash.put(key, session);
            }
            magnets.remove(m.hashes); // after the put: a reader that misses the magnet finds the session
        }
        session.start();
        return session;
    }

    MagnetTorrent magnet(InfoHashes hashes) {
        return magnets.get(hashes);
    }

    /**
     * Fetches the info dictionary of a magnet link (BEP 9) from {@code peers} and from the peers its
     * {@code tr} trackers list (unless trackers are off) and the DHT finds (when on). Completes with the verified
     * metainfo, which {@link #add} then takes, with the magnet's trackers as its {@code announce-list};
     * fails after {@code timeout} when no peer delivered it. Only v1 magnets for now: v2 and hybrid ones fail with
     * {@link UnsupportedOperationException} (their piece layers would need BEP 52 hash requests).
     */
    public CompletableFuture<TorrentMetainfo> fetchMetadata(MagnetLink magnet, List<InetSocketAddress> peers,
                                                            java.time.Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("engine is closed"));
        }
        return new MetadataFetch(this, magnet.infoHashes(), magnet.trackers()).start(List.copyOf(peers))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Swaps the settings while the engine runs. Only the fields in {@link SettingsChange#RUNTIME} may
     * differ from {@link #settings()}: rate limits and choker slots apply at once, the connection limit
     * to new connections. A change to any other field (port, address, threads, storage, resume
     * directory, ...) needs a new engine and is refused whole.
     *
     * @throws IllegalArgumentException naming the fields that need a restart; nothing is applied then
     */
    public void applySettings(EngineSettings newSettings) {
        Objects.requireNonNull(newSettings, "newSettings");
        List<TorrentSession> running;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("engine is closed");
            }
            List<String> restart = SettingsChange.needingRestart(settings, newSettings);
            if (!restart.isEmpty()) {
                throw new IllegalArgumentException("these settings need a restart of the engine and cannot be"
                        + " applied at runtime: " + String.join(", ", restart));
            }
            settings = newSettings;
            if (webSeedClient != null) {
                webSeedClient.applySettings(newSettings.webSeeds());
            }
            rateLimiter.apply(newSettings.rateLimits(), System.nanoTime());
            running = List.copyOf(sessions.values());
        }
        for (TorrentSession s : running) {
            s.execute(() -> {
                s.choker.apply(newSettings.choker());
                s.rechoke();
            });
        }
        LOG.info("settings applied");
    }

    EventLoop nextLoop() {
        return group.next();
    }

    /** Handles of every torrent now in the engine. */
    public List<TorrentHandle> torrents() {
        List<TorrentHandle> out = new ArrayList<>();
        for (InfoHashes h : sessions.keySet()) {
            out.add(new TorrentHandle(h, this));
        }
        for (InfoHashes h : magnets.keySet()) {
            if (!sessions.containsKey(h)) { // both hold it for a moment during a hand-over
                out.add(new TorrentHandle(h, this));
            }
        }
        return out;
    }

    CompletableFuture<Void> remove(TorrentHandle handle, boolean deleteData) {
        TorrentSession s;
        MagnetTorrent m;
        synchronized (this) {
            m = magnets.remove(handle.infoHashes());
        }
        if (m != null) {
            // still fetching metadata: the hand-over can no longer happen (it needs the magnet in the map)
            return m.submit(() -> m.shutdown(true))
                    .thenRun(() -> publish(new EngineEvent.TorrentRemoved(handle.infoHashes())));
        }
        synchronized (this) {
            s = sessions.remove(handle.infoHashes());
            if (s != null) {
                for (String key : wireKeys(handle.infoHashes())) {
                    byWireHash.remove(key, s);
                }
            }
        }
        if (s == null) {
            return CompletableFuture.failedFuture(new TorrentHandle.TorrentRemovedException(handle.infoHashes()));
        }
        return s.submit(() -> s.shutdown(true, deleteData))
                .thenRun(() -> publish(new EngineEvent.TorrentRemoved(handle.infoHashes())));
    }

    TorrentSession session(InfoHashes hashes) {
        return sessions.get(hashes);
    }

    private static List<String> wireKeys(InfoHashes hashes) {
        List<String> keys = new ArrayList<>(2);
        hashes.v1Optional().ifPresent(h -> keys.add(HexFormat.of().formatHex(h.wireBytes())));
        hashes.v2Optional().ifPresent(h -> keys.add(HexFormat.of().formatHex(h.wireBytes())));
        return keys;
    }

    /** On a channel's event loop: the session that takes a connection for {@code wireHash}, or null. */
    private TorrentSession route(byte[] wireHash, InetAddress remote) {
        TorrentSession s = byWireHash.get(HexFormat.of().formatHex(wireHash));
        if (s == null || closed || !s.acceptsInbound(remote)) {
            return null;
        }
        return s;
    }

    void publish(EngineEvent e) {
        events.publish(e);
    }

    Class<? extends SocketChannel> socketChannelClass() {
        return socketChannel;
    }

    /** Peer connections of all torrents, open or being opened ({@link EngineSettings#maxConnections()}). */
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

    /** Counts one more connection when the engine-wide limit allows it (any thread). */
    boolean reserveConnection() {
        int max = settings().maxConnections();
        while (true) {
            int n = connections.get();
            if (n >= max) {
                return false;
            }
            if (connections.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A connection counted by {@link #reserveConnection} has closed. */
    void releaseConnection() {
        connections.decrementAndGet();
    }

    /** Peer connections of all torrents now open or being opened. */
    public int connectionCount() {
        return connections.get();
    }

    org.peerwave.engine.storage.PieceBufferPool pieceBuffers() {
        return storageExecutors.pieceBuffers();
    }

    java.util.concurrent.Executor diskExecutor() {
        return storageExecutors.disk();
    }

    /** Engine-wide upload and download limits (thread-safe buckets shared by every torrent). */
    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    ResumeStore resumeStore() {
        return resumeStore;
    }

    /** The key of a torrent's resume file. */
    static InfoHash resumeKey(InfoHashes hashes) {
        return hashes.v1Optional().orElseGet(hashes::v2);
    }

    /** Stops every torrent (saving resume data), closes every connection, the listener and the threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (TorrentSession s : sessions.values()) {
            stops.add(s.submit(() -> s.shutdown(false, false)));
        }
        for (MagnetTorrent m : magnets.values()) {
            stops.add(m.submit(() -> m.shutdown(false)));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(15_000 + settings.trackerStopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("torrents did not stop cleanly: {}", e.toString());
        }
        sessions.clear();
        magnets.clear();
        byWireHash.clear();
        if (trackerClients != null) {
            trackerClients.close();
        }
        if (dht != null) {
            dht.close();
        }
        if (lsd != null) {
            lsd.close();
        }
        WebSeedClient web;
        synchronized (this) {
            web = webSeedClient;
        }
        if (web != null) {
            web.close();
        }
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        storageExecutors.close();
        LOG.info("engine closed");
    }

    boolean isClosed() {
        return closed;
    }

    /** The handshake we send for {@code wireHash} (one of the torrent's hashes); {@code dht}: set the BEP 5 bit. */
    static Handshake handshake(byte[] wireHash, byte[] peerId, boolean dht) {
        return Handshake.of(wireHash, peerId, true, true, dht);
    }

    FrameDecoder frameDecoder() {
        return new FrameDecoder(settings.wireLimits().maxFrameSize());
    }
}
