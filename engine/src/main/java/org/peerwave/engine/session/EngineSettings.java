package org.peerwave.engine.session;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.peerwave.engine.dht.DhtSettings;
import org.peerwave.engine.picker.PickerSettings;
import org.peerwave.engine.storage.StorageSettings;
import org.peerwave.engine.tracker.TrackerSettings;
import org.peerwave.engine.webseed.WebSeedSettings;
import org.peerwave.engine.wire.PeerId;
import org.peerwave.engine.wire.WireLimits;

/**
 * Every setting of an {@link Engine}: one immutable, validated record. Start from {@link #defaults()}
 * or {@link #builder()}.
 *
 * @param listenAddress            address of the one TCP listener (and the local address outgoing
 *                                 connections bind to when it is not the wildcard)
 * @param listenPort               TCP port; 0 picks a free port ({@link Engine#listenPort()} tells which)
 * @param peerIdPrefix             the first bytes of our peer id (1..19 ASCII characters)
 * @param maxConnectionsPerTorrent most peer connections of one torrent (inbound and outbound)
 * @param ioThreads                Netty event loops (0 = one per core, at most 4)
 * @param wireLimits               peer-wire limits (frame size, request length, ...)
 * @param storage                  disk and hashing settings, shared by all torrents
 * @param picker                   piece picker settings (pipeline, time-outs)
 * @param choker                   choking slots and intervals
 * @param rateLimits               engine-wide upload and download limits (0 = unlimited)
 * @param resumeDir                where resume data is kept; {@code null} = no resume data (every add checks)
 * @param resumeSaveInterval       how often resume data is saved while a torrent runs
 * @param eventQueueCapacity       size of the bounded event queue (the oldest event is dropped when full)
 * @param connectTimeout           time-out of an outgoing TCP connection
 * @param trackers                 tracker client settings (time-outs, sizes, numwant, retry back-off)
 * @param trackersEnabled          announce to the trackers of torrents and magnet links (off: only
 *                                 peers given with {@link TorrentHandle#connectPeer} and incoming ones)
 * @param trackerStopTimeout       how long {@link Engine#close()} waits for the {@code stopped} announces
 * @param maxKnownPeers            most peer addresses remembered per torrent (from trackers and
 *                                 {@link TorrentHandle#connectPeer}); further ones are dropped
 * @param maxConnections           most peer connections of all torrents together (inbound and
 *                                 outbound); a torrent below its own limit waits when this is reached
 * @param banAfterHashFailures     a peer's address is banned (its connections closed, new ones
 *                                 refused) once this many pieces it sent blocks of failed their hash
 * @param dhtEnabled               run a DHT node (BEP 5): find peers of magnets and torrents and announce
 *                                 ours, never for private torrents. Off by default in the engine (a
 *                                 library does not join a public network unasked); the CLI and the app
 *                                 turn it on
 * @param dhtPort                  UDP port of the DHT; 0 = the TCP listen port's number when that is
 *                                 free for UDP, else any free port ({@link Engine#dhtPort()} tells which)
 * @param dht                      the DHT node's settings (bootstrap routers, read-only mode, limits, state
 *                                 file; with no state file, {@code resumeDir/dht.dat} is used when set)
 * @param dhtIpv6                  also run an IPv6 node (BEP 32) when listening on every interface and the
 *                                 machine has a global IPv6 address
 * @param discovery                peer exchange (BEP 11) and local service discovery (BEP 14)
 * @param webSeeds                 web seed settings (BEP 19 and 17: connections, request size, retry
 *                                 back-off, failure limit)
 */
public record EngineSettings(InetAddress listenAddress, int listenPort, String peerIdPrefix,
                             int maxConnectionsPerTorrent, int ioThreads, WireLimits wireLimits,
                             StorageSettings storage, PickerSettings picker, ChokerSettings choker,
                             RateLimitSettings rateLimits, Path resumeDir, Duration resumeSaveInterval,
                             int eventQueueCapacity, Duration connectTimeout, TrackerSettings trackers,
                             boolean trackersEnabled, Duration trackerStopTimeout, int maxKnownPeers,
                             int maxConnections, int banAfterHashFailures, boolean dhtEnabled, int dhtPort,
                             DhtSettings dht, boolean dhtIpv6, DiscoverySettings discovery, WebSeedSettings webSeeds) {

    public EngineSettings {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(peerIdPrefix, "peerIdPrefix");
        Objects.requireNonNull(wireLimits, "wireLimits");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(picker, "picker");
        Objects.requireNonNull(choker, "choker");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(resumeSaveInterval, "resumeSaveInterval");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(trackers, "trackers");
        Objects.requireNonNull(trackerStopTimeout, "trackerStopTimeout");
        Objects.requireNonNull(dht, "dht");
        Objects.requireNonNull(discovery, "discovery");
        if (dhtPort < 0 || dhtPort > 0xFFFF) {
            throw new IllegalArgumentException("dhtPort must be 0..65535, not " + dhtPort);
        }
        Objects.requireNonNull(webSeeds, "webSeeds");
        if (listenPort < 0 || listenPort > 0xFFFF) {
            throw new IllegalArgumentException("listenPort must be 0..65535, not " + listenPort);
        }
        if (peerIdPrefix.isEmpty() || peerIdPrefix.length() > 19
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(peerIdPrefix)) {
            throw new IllegalArgumentException("peerIdPrefix must be 1..19 ASCII characters: " + peerIdPrefix);
        }
        if (banAfterHashFailures < 1 || banAfterHashFailures > 1000) {
            throw new IllegalArgumentException("banAfterHashFailures must be 1..1000, not " + banAfterHashFailures);
        }
        if (maxConnections < 1 || maxConnections > 100_000) {
            throw new IllegalArgumentException("maxConnections must be 1..100000, not " + maxConnections);
        }
        if (maxConnectionsPerTorrent < 1 || maxConnectionsPerTorrent > 10_000) {
            throw new IllegalArgumentException("maxConnectionsPerTorrent must be 1..10000, not "
                    + maxConnectionsPerTorrent);
        }
        if (ioThreads < 0 || ioThreads > 256) {
            throw new IllegalArgumentException("ioThreads must be 0..256, not " + ioThreads);
        }
        if (resumeSaveInterval.isNegative() || resumeSaveInterval.isZero()) {
            throw new IllegalArgumentException("resumeSaveInterval must be positive");
        }
        if (eventQueueCapacity < 16) {
            throw new IllegalArgumentException("eventQueueCapacity must be at least 16, not " + eventQueueCapacity);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (trackerStopTimeout.isNegative() || trackerStopTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("trackerStopTimeout must be 0..60 s, not " + trackerStopTimeout);
        }
        if (maxKnownPeers < 1 || maxKnownPeers > 100_000) {
            throw new IllegalArgumentException("maxKnownPeers must be 1..100000, not " + maxKnownPeers);
        }
    }

    /** Listen on every interface on a free port, no resume data, no rate limits. */
    public static EngineSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.listenAddress = listenAddress;
        b.listenPort = listenPort;
        b.peerIdPrefix = peerIdPrefix;
        b.maxConnectionsPerTorrent = maxConnectionsPerTorrent;
        b.ioThreads = ioThreads;
        b.wireLimits = wireLimits;
        b.storage = storage;
        b.picker = picker;
        b.choker = choker;
        b.rateLimits = rateLimits;
        b.resumeDir = resumeDir;
        b.resumeSaveInterval = resumeSaveInterval;
        b.eventQueueCapacity = eventQueueCapacity;
        b.connectTimeout = connectTimeout;
        b.trackers = trackers;
        b.trackersEnabled = trackersEnabled;
        b.trackerStopTimeout = trackerStopTimeout;
        b.maxKnownPeers = maxKnownPeers;
        b.maxConnections = maxConnections;
        b.banAfterHashFailures = banAfterHashFailures;
        b.dhtEnabled = dhtEnabled;
        b.dhtPort = dhtPort;
        b.dht = dht;
        b.dhtIpv6 = dhtIpv6;
        b.discovery = discovery;
        b.webSeeds = webSeeds;
        return b;
    }

    /** The DHT's bootstrap routers. */
    public java.util.List<java.net.InetSocketAddress> dhtBootstrap() {
        return dht.bootstrap();
    }

    /** Peer exchange (BEP 11) on. */
    public boolean pexEnabled() {
        return discovery.pexEnabled();
    }

    /** Local service discovery (BEP 14) on. */
    public boolean lsdEnabled() {
        return discovery.lsdEnabled();
    }

    /** BEP 43 read-only DHT node. */
    public boolean dhtReadOnly() {
        return dht.readOnly();
    }

    /** The number of event loops to start. */
    int effectiveIoThreads() {
        return ioThreads > 0 ? ioThreads : Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    public static final class Builder {
        private InetAddress listenAddress = anyLocal();
        private int listenPort;
        private String peerIdPrefix = PeerId.PREFIX;
        private int maxConnectionsPerTorrent = 50;
        private int maxConnections = 500;
        private int banAfterHashFailures = 2;
        private WebSeedSettings webSeeds = WebSeedSettings.DEFAULTS;
        private int ioThreads;
        private WireLimits wireLimits = WireLimits.DEFAULT;
        private StorageSettings storage = StorageSettings.defaults();
        private PickerSettings picker = PickerSettings.DEFAULT;
        private ChokerSettings choker = ChokerSettings.DEFAULT;
        private RateLimitSettings rateLimits = RateLimitSettings.UNLIMITED;
        private Path resumeDir;
        private Duration resumeSaveInterval = Duration.ofSeconds(30);
        private int eventQueueCapacity = 1024;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private TrackerSettings trackers = TrackerSettings.DEFAULTS;
        private boolean trackersEnabled = true;
        private Duration trackerStopTimeout = Duration.ofSeconds(5);
        private int maxKnownPeers = 2000;
        private boolean dhtEnabled;
        private int dhtPort;
        private DhtSettings dht = DhtSettings.DEFAULTS;
        private boolean dhtIpv6 = true;
        private DiscoverySettings discovery = DiscoverySettings.DEFAULTS;

        private Builder() {
        }

        private static InetAddress anyLocal() {
            try {
                return InetAddress.getByAddress(new byte[4]);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        public Builder listenAddress(InetAddress a) {
            this.listenAddress = a;
            return this;
        }

        public Builder listenPort(int p) {
            this.listenPort = p;
            return this;
        }

        public Builder peerIdPrefix(String p) {
            this.peerIdPrefix = p;
            return this;
        }

        public Builder maxConnectionsPerTorrent(int n) {
            this.maxConnectionsPerTorrent = n;
            return this;
        }

        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        public Builder wireLimits(WireLimits l) {
            this.wireLimits = l;
            return this;
        }

        public Builder storage(StorageSettings s) {
            this.storage = s;
            return this;
        }

        public Builder picker(PickerSettings s) {
            this.picker = s;
            return this;
        }

        public Builder choker(ChokerSettings s) {
            this.choker = s;
            return this;
        }

        public Builder rateLimits(RateLimitSettings s) {
            this.rateLimits = s;
            return this;
        }

        /** {@code null} turns resume data off. */
        public Builder resumeDir(Path dir) {
            this.resumeDir = dir;
            return this;
        }

        public Builder resumeSaveInterval(Duration d) {
            this.resumeSaveInterval = d;
            return this;
        }

        public Builder eventQueueCapacity(int n) {
            this.eventQueueCapacity = n;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder trackers(TrackerSettings s) {
            this.trackers = s;
            return this;
        }

        public Builder trackersEnabled(boolean on) {
            this.trackersEnabled = on;
            return this;
        }

        public Builder trackerStopTimeout(Duration d) {
            this.trackerStopTimeout = d;
            return this;
        }

        /** Default 2. */
        public Builder banAfterHashFailures(int n) {
            this.banAfterHashFailures = n;
            return this;
        }

        /** Default 500. */
        public Builder maxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        public Builder webSeeds(WebSeedSettings s) {
            this.webSeeds = s;
            return this;
        }

        public Builder maxKnownPeers(int n) {
            this.maxKnownPeers = n;
            return this;
        }

        /** Default off (see {@link EngineSettings#dhtEnabled()}). */
        public Builder dhtEnabled(boolean on) {
            this.dhtEnabled = on;
            return this;
        }

        /** Default 0: the TCP port's number if free, else any. */
        public Builder dhtPort(int port) {
            this.dhtPort = port;
            return this;
        }

        public Builder dht(DhtSettings s) {
            this.dht = s;
            return this;
        }

        /** Replaces the DHT's bootstrap routers (default: the public ones). */
        public Builder dhtBootstrap(java.util.List<java.net.InetSocketAddress> nodes) {
            this.dht = dht.toBuilder().bootstrap(nodes).build();
            return this;
        }

        public Builder dhtReadOnly(boolean on) {
            this.dht = dht.toBuilder().readOnly(on).build();
            return this;
        }

        public Builder dhtIpv6(boolean on) {
            this.dhtIpv6 = on;
            return this;
        }

        public Builder discovery(DiscoverySettings s) {
            this.discovery = s;
            return this;
        }

        /** Peer exchange (BEP 11); default on. */
        public Builder pexEnabled(boolean on) {
            this.discovery = discovery.toBuilder().pexEnabled(on).build();
            return this;
        }

        /** Local service discovery (BEP 14); default off in the engine. */
        public Builder lsdEnabled(boolean on) {
            this.discovery = discovery.toBuilder().lsdEnabled(on).build();
            return this;
        }

        public EngineSettings build() {
            return new EngineSettings(listenAddress, listenPort, peerIdPrefix, maxConnectionsPerTorrent, ioThreads,
                    wireLimits, storage, picker, choker, rateLimits, resumeDir, resumeSaveInterval,
                    eventQueueCapacity, connectTimeout, trackers, trackersEnabled, trackerStopTimeout, maxKnownPeers,
                    maxConnections, banAfterHashFailures, dhtEnabled, dhtPort, dht, dhtIpv6, discovery, webSeeds);
        }
    }
}
