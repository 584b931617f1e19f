package org.peerwave.engine.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Peer exchange (BEP 11) and local service discovery (BEP 14) settings. Neither is ever used for
 * private torrents (BEP 27).
 *
 * @param pexEnabled      offer {@code ut_pex}: tell peers whom we are connected to and dial the peers they
 *                        tell us of (within {@link EngineSettings#maxKnownPeers()} and the connection limits)
 * @param pexInterval     least time between two PEX messages to one peer (BEP 11: a minute); a peer's
 *                        messages that come sooner than half of it after its previous one are ignored
 * @param pexMaxPeers     most added (and most dropped) contacts in one PEX message, sent or taken
 *                        (BEP 11: 50)
 * @param lsdEnabled      announce our torrents on the local network and listen for others' announces
 *                        (multicast 239.192.152.143:6771 and [ff15::efc0:988f]:6771). Off by default in the
 *                        engine (a library does not multicast unasked); the CLI turns it on
 * @param lsdInterval     how often each torrent is announced (BEP 14: every 5 minutes)
 * @param lsdMinGap       least time between two announce packets of the engine (BEP 14: at most one a
 *                        minute); torrents due together share a packet, up to the packet size
 * @param lsdMaxPeersPerMinute most peers taken from LSD announces per minute (a flood of announces
 *                        does not make us dial the world)
 * @param lsdPort         the multicast port (6771; a test may use another)
 */
public record DiscoverySettings(boolean pexEnabled, Duration pexInterval, int pexMaxPeers, boolean lsdEnabled,
                                Duration lsdInterval, Duration lsdMinGap, int lsdMaxPeersPerMinute, int lsdPort) {

    public static final DiscoverySettings DEFAULTS = builder().build();

    public DiscoverySettings {
        Objects.requireNonNull(pexInterval, "pexInterval");
        Objects.requireNonNull(lsdInterval, "lsdInterval");
        Objects.requireNonNull(lsdMinGap, "lsdMinGap");
        if (pexInterval.toMillis() < 100 || pexInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("pexInterval must be 100 ms..1 h, not " + pexInterval);
        }
        if (pexMaxPeers < 1 || pexMaxPeers > 1000) {
            throw new IllegalArgumentException("pexMaxPeers must be 1..1000, not " + pexMaxPeers);
        }
        if (lsdInterval.toMillis() < 100 || lsdInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("lsdInterval must be 100 ms..1 h, not " + lsdInterval);
        }
        if (lsdMinGap.isNegative() || lsdMinGap.compareTo(lsdInterval) > 0) {
            throw new IllegalArgumentException("lsdMinGap must be 0..lsdInterval, not " + lsdMinGap);
        }
        if (lsdMaxPeersPerMinute < 1 || lsdMaxPeersPerMinute > 100_000) {
            throw new IllegalArgumentException("lsdMaxPeersPerMinute must be 1..100000, not " + lsdMaxPeersPerMinute);
        }
        if (lsdPort < 1 || lsdPort > 0xFFFF) {
            throw new IllegalArgumentException("lsdPort must be 1..65535, not " + lsdPort);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.pexEnabled = pexEnabled;
        b.pexInterval = pexInterval;
        b.pexMaxPeers = pexMaxPeers;
        b.lsdEnabled = lsdEnabled;
        b.lsdInterval = lsdInterval;
        b.lsdMinGap = lsdMinGap;
        b.lsdMaxPeersPerMinute = lsdMaxPeersPerMinute;
        b.lsdPort = lsdPort;
        return b;
    }

    public static final class Builder {
        private boolean pexEnabled = true;
        private Duration pexInterval = Duration.ofMinutes(1);
        private int pexMaxPeers = 50;
        private boolean lsdEnabled;
        private Duration lsdInterval = Duration.ofMinutes(5);
        private Duration lsdMinGap = Duration.ofMinutes(1);
        private int lsdMaxPeersPerMinute = 200;
        private int lsdPort = 6771;

        private Builder() {
        }

        /** Default on. */
        public Builder pexEnabled(boolean on) {
            this.pexEnabled = on;
            return this;
        }

        /** Default 1 minute. */
        public Builder pexInterval(Duration d) {
            this.pexInterval = d;
            return this;
        }

        /** Default 50. */
        public Builder pexMaxPeers(int n) {
            this.pexMaxPeers = n;
            return this;
        }

        /** Default off. */
        public Builder lsdEnabled(boolean on) {
            this.lsdEnabled = on;
            return this;
        }

        /** Default 5 minutes. */
        public Builder lsdInterval(Duration d) {
            this.lsdInterval = d;
            return this;
        }

        /** Default 1 minute. */
        public Builder lsdMinGap(Duration d) {
            this.lsdMinGap = d;
            return this;
        }

        /** Default 200. */
        public Builder lsdMaxPeersPerMinute(int n) {
            this.lsdMaxPeersPerMinute = n;
            return this;
        }

        /** Default 6771. */
        public Builder lsdPort(int port) {
            this.lsdPort = port;
            return this;
        }

        public DiscoverySettings build() {
            return new DiscoverySettings(pexEnabled, pexInterval, pexMaxPeers, lsdEnabled, lsdInterval, lsdMinGap,
                    lsdMaxPeersPerMinute, lsdPort);
        }
    }
}
