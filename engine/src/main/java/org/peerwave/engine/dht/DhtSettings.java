package org.peerwave.engine.dht;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every setting of the DHT node: one immutable, validated record with a builder.
 *
 * @param bootstrap               router nodes to join through (unresolved host names are resolved at
 *                                start); the defaults are the public routers, tests always override them
 * @param readOnly                BEP 43: send {@code ro=1}, answer no queries, stay out of others' tables
 * @param stateFile               where the node id and routing table are saved and read back at start
 *                                (null: nothing is kept)
 * @param saveInterval            how often the routing table is saved while running
 * @param maxPacketSize           larger inbound packets are dropped unparsed
 * @param queryTimeout            an outgoing query unanswered this long has failed
 * @param maxPendingQueries       most outgoing queries in flight (further ones fail at once)
 * @param queriesPerSecondPerIp   inbound queries answered per second per source address (0 = no limit)
 * @param queryBurstPerIp         the burst of that limit
 * @param maxRateLimitedIps       addresses whose query rate is tracked (the oldest is forgotten)
 * @param outgoingBytesPerSecond  all outgoing DHT traffic (0 = no limit); answers over it are dropped
 * @param tokenRotation           the announce token secret rotates this often (BEP 5: 5 minutes)
 * @param reannounceInterval      how often each tracked torrent is looked up and announced again
 * @param retryInterval           a lookup that could not announce (or, looking only, found no peer) is
 *                                retried after this, doubling with each miss up to reannounceInterval
 * @param refreshInterval         a bucket unchanged for this long is refreshed; questionable nodes
 *                                are pinged after it too
 * @param maxStoredInfoHashes     info hashes whose announced peers we keep
 * @param maxPeersPerInfoHash     announced peers kept per info hash
 * @param peerTtl                 an announced peer is kept this long
 * @param alpha                   parallel queries of a lookup
 * @param maxLookupQueries        queries one lookup may send at most
 * @param maxPeersPerResponse     peers in one get_peers answer
 */
public record DhtSettings(List<InetSocketAddress> bootstrap, boolean readOnly, Path stateFile, Duration saveInterval,
                          int maxPacketSize, Duration queryTimeout, int maxPendingQueries,
                          int queriesPerSecondPerIp, int queryBurstPerIp, int maxRateLimitedIps,
                          long outgoingBytesPerSecond, Duration tokenRotation, Duration reannounceInterval,
                          Duration retryInterval, Duration refreshInterval, int maxStoredInfoHashes,
                          int maxPeersPerInfoHash, Duration peerTtl, int alpha, int maxLookupQueries,
                          int maxPeersPerResponse) {

    /** router.bittorrent.com, dht.transmissionbt.com and router.utorrent.com, port 6881 (resolved at start). */
    public static final List<InetSocketAddress> PUBLIC_ROUTERS = List.of(
            InetSocketAddress.createUnresolved("router.bittorrent.com", 6881),
            InetSocketAddress.createUnresolved("dht.transmissionbt.com", 6881),
            InetSocketAddress.createUnresolved("router.utorrent.com", 6881));

    public static final DhtSettings DEFAULTS = builder().build();

    public DhtSettings {
        bootstrap = List.copyOf(Objects.requireNonNull(bootstrap, "bootstrap"));
        Objects.requireNonNull(saveInterval, "saveInterval");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(tokenRotation, "tokenRotation");
        Objects.requireNonNull(reannounceInterval, "reannounceInterval");
        Objects.requireNonNull(retryInterval, "retryInterval");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        Objects.requireNonNull(peerTtl, "peerTtl");
        if (bootstrap.size() > 64) {
            throw new IllegalArgumentException("at most 64 bootstrap nodes, not " + bootstrap.size());
        }
        if (maxPacketSize < 512 || maxPacketSize > 65_507) {
            throw new IllegalArgumentException("maxPacketSize must be 512..65507, not " + maxPacketSize);
        }
        positive(saveInterval, "saveInterval");
        positive(queryTimeout, "queryTimeout");
        positive(tokenRotation, "tokenRotation");
        positive(reannounceInterval, "reannounceInterval");
        positive(retryInterval, "retryInterval");
        positive(refreshInterval, "refreshInterval");
        positive(peerTtl, "peerTtl");
        range(maxPendingQueries, 1, 100_000, "maxPendingQueries");
        range(queriesPerSecondPerIp, 0, 100_000, "queriesPerSecondPerIp");
        range(queryBurstPerIp, 1, 100_000, "queryBurstPerIp");
        range(maxRateLimitedIps, 1, 1_000_000, "maxRateLimitedIps");
        if (outgoingBytesPerSecond < 0) {
            throw new IllegalArgumentException("outgoingBytesPerSecond must be >= 0");
        }
        if (outgoingBytesPerSecond > 0 && outgoingBytesPerSecond < maxPacketSize) {
            throw new IllegalArgumentException("outgoingBytesPerSecond must be 0 or at least maxPacketSize");
        }
        range(maxStoredInfoHashes, 1, 1_000_000, "maxStoredInfoHashes");
        range(maxPeersPerInfoHash, 1, 100_000, "maxPeersPerInfoHash");
        range(alpha, 1, 16, "alpha");
        range(maxLookupQueries, 1, 10_000, "maxLookupQueries");
        range(maxPeersPerResponse, 1, 200, "maxPeersPerResponse");
    }

    private static void positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void range(long v, long lo, long hi, String name) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(name + " must be " + lo + ".." + hi + ", not " + v);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrap = bootstrap;
        b.readOnly = readOnly;
        b.stateFile = stateFile;
        b.saveInterval = saveInterval;
        b.maxPacketSize = maxPacketSize;
        b.queryTimeout = queryTimeout;
        b.maxPendingQueries = maxPendingQueries;
        b.queriesPerSecondPerIp = queriesPerSecondPerIp;
        b.queryBurstPerIp = queryBurstPerIp;
        b.maxRateLimitedIps = maxRateLimitedIps;
        b.outgoingBytesPerSecond = outgoingBytesPerSecond;
        b.tokenRotation = tokenRotation;
        b.reannounceInterval = reannounceInterval;
        b.retryInterval = retryInterval;
        b.refreshInterval = refreshInterval;
        b.maxStoredInfoHashes = maxStoredInfoHashes;
        b.maxPeersPerInfoHash = maxPeersPerInfoHash;
        b.peerTtl = peerTtl;
        b.alpha = alpha;
        b.maxLookupQueries = maxLookupQueries;
        b.maxPeersPerResponse = maxPeersPerResponse;
        return b;
    }

    public static final class Builder {
        private List<InetSocketAddress> bootstrap = PUBLIC_ROUTERS;
        private boolean readOnly;
        private Path stateFile;
        private Duration saveInterval = Duration.ofMinutes(5);
        private int maxPacketSize = 1500;
        private Duration queryTimeout = Duration.ofSeconds(5);
        private int maxPendingQueries = 512;
        private int queriesPerSecondPerIp = 20;
        private int queryBurstPerIp = 40;
        private int maxRateLimitedIps = 10_000;
        private long outgoingBytesPerSecond = 256 * 1024;
        private Duration tokenRotation = Duration.ofMinutes(5);
        private Duration reannounceInterval = Duration.ofMinutes(15);
        private Duration retryInterval = Duration.ofSeconds(20);
        private Duration refreshInterval = Duration.ofMinutes(15);
        private int maxStoredInfoHashes = 2_000;
        private int maxPeersPerInfoHash = 100;
        private Duration peerTtl = Duration.ofMinutes(30);
        private int alpha = 3;
        private int maxLookupQueries = 200;
        private int maxPeersPerResponse = 50;

        private Builder() {
        }

        public Builder bootstrap(List<InetSocketAddress> nodes) {
            this.bootstrap = nodes;
            return this;
        }

        public Builder readOnly(boolean on) {
            this.readOnly = on;
            return this;
        }

        public Builder stateFile(Path file) {
            this.stateFile = file;
            return this;
        }

        public Builder saveInterval(Duration d) {
            this.saveInterval = d;
            return this;
        }

        public Builder maxPacketSize(int n) {
            this.maxPacketSize = n;
            return this;
        }

        public Builder queryTimeout(Duration d) {
            this.queryTimeout = d;
            return this;
        }

        public Builder maxPendingQueries(int n) {
            this.maxPendingQueries = n;
            return this;
        }

        public Builder queriesPerSecondPerIp(int n) {
            this.queriesPerSecondPerIp = n;
            return this;
        }

        public Builder queryBurstPerIp(int n) {
            this.queryBurstPerIp = n;
            return this;
        }

        public Builder maxRateLimitedIps(int n) {
            this.maxRateLimitedIps = n;
            return this;
        }

        public Builder outgoingBytesPerSecond(long n) {
            this.outgoingBytesPerSecond = n;
            return this;
        }

        public Builder tokenRotation(Duration d) {
            this.tokenRotation = d;
            return this;
        }

        public Builder reannounceInterval(Duration d) {
            this.reannounceInterval = d;
            return this;
        }

        public Builder retryInterval(Duration d) {
            this.retryInterval = d;
            return this;
        }

        public Builder refreshInterval(Duration d) {
            this.refreshInterval = d;
            return this;
        }

        public Builder maxStoredInfoHashes(int n) {
            this.maxStoredInfoHashes = n;
            return this;
        }

        public Builder maxPeersPerInfoHash(int n) {
            this.maxPeersPerInfoHash = n;
            return this;
        }

        public Builder peerTtl(Duration d) {
            this.peerTtl = d;
            return this;
        }

        public Builder alpha(int n) {
            this.alpha = n;
            return this;
        }

        public Builder maxLookupQueries(int n) {
            this.maxLookupQueries = n;
            return this;
        }

        public Builder maxPeersPerResponse(int n) {
            this.maxPeersPerResponse = n;
            return this;
        }

        public DhtSettings build() {
            return new DhtSettings(bootstrap, readOnly, stateFile, saveInterval, maxPacketSize, queryTimeout,
                    maxPendingQueries, queriesPerSecondPerIp, queryBurstPerIp, maxRateLimitedIps,
                    outgoingBytesPerSecond, tokenRotation, reannounceInterval, retryInterval, refreshInterval,
                    maxStoredInfoHashes, maxPeersPerInfoHash, peerTtl, alpha, maxLookupQueries, maxPeersPerResponse);
        }
    }
}
