package org.peerwave.engine.tracker;

import java.time.Duration;
import java.util.Objects;

/**
 * Tracker settings, immutable; build with {@link #builder()} or start from {@link #DEFAULTS}.
 *
 * @param httpTimeout           whole HTTP(S) request, connect to last body byte (default 30 s)
 * @param maxResponseSize       largest HTTP response body accepted, bytes (default 2 MiB)
 * @param maxRedirects          HTTP redirects followed per request (default 5)
 * @param numWant               peers asked for per announce (default 200)
 * @param udpRetransmitBase     first UDP time-out; the n-th retransmission waits base·2^n (BEP 15: 15 s)
 * @param udpMaxRetransmits     UDP retransmissions before giving up (BEP 15: 8; default 3, about 2 minutes)
 * @param udpConnectionIdTtl    how long a UDP connection id is reused (BEP 15: 1 minute)
 * @param minAnnounceInterval   floor for the interval a tracker asks for (default 30 s)
 * @param failureRetryBase      first wait after every tracker failed; doubles per failure (default 60 s)
 * @param failureRetryMax       longest wait after failures (default 30 minutes)
 * @param userAgent             HTTP User-Agent
 */
public record TrackerSettings(Duration httpTimeout, int maxResponseSize, int maxRedirects, int numWant,
        Duration udpRetransmitBase, int udpMaxRetransmits, Duration udpConnectionIdTtl, Duration minAnnounceInterval,
        Duration failureRetryBase, Duration failureRetryMax, String userAgent) {

    public static final TrackerSettings DEFAULTS = new TrackerSettings(Duration.ofSeconds(30), 2 * 1024 * 1024, 5,
            200, Duration.ofSeconds(15), 3, Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofMinutes(30), "Peerwave/0.1");

    public TrackerSettings {
        positive(httpTimeout, "httpTimeout");
        positive(udpRetransmitBase, "udpRetransmitBase");
        positive(udpConnectionIdTtl, "udpConnectionIdTtl");
        positive(failureRetryBase, "failureRetryBase");
        positive(failureRetryMax, "failureRetryMax");
        Objects.requireNonNull(minAnnounceInterval, "minAnnounceInterval");
        if (minAnnounceInterval.isNegative()) {
            throw new IllegalArgumentException("minAnnounceInterval must not be negative");
        }
        if (maxResponseSize < 64 || maxResponseSize > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("maxResponseSize must be 64 B .. 64 MiB, was " + maxResponseSize);
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("maxRedirects must be 0..20, was " + maxRedirects);
        }
        if (numWant < 0 || numWant > 10_000) {
            throw new IllegalArgumentException("numWant must be 0..10000, was " + numWant);
        }
        if (udpMaxRetransmits < 0 || udpMaxRetransmits > 8) {
            throw new IllegalArgumentException("udpMaxRetransmits must be 0..8 (BEP 15), was " + udpMaxRetransmits);
        }
        if (failureRetryMax.compareTo(failureRetryBase) < 0) {
            throw new IllegalArgumentException("failureRetryMax must be at least failureRetryBase");
        }
        Objects.requireNonNull(userAgent, "userAgent");
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("userAgent must be printable ASCII");
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The longest a UDP request can take: the sum of base·2^n for n = 0..maxRetransmits. */
    public Duration udpGiveUpAfter() {
        return udpRetransmitBase.multipliedBy((1L << (udpMaxRetransmits + 1)) - 1);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** Builder for {@link TrackerSettings}; {@link #build()} validates. */
    public static final class Builder {
        private Duration httpTimeout;
        private int maxResponseSize;
        private int maxRedirects;
        private int numWant;
        private Duration udpRetransmitBase;
        private int udpMaxRetransmits;
        private Duration udpConnectionIdTtl;
        private Duration minAnnounceInterval;
        private Duration failureRetryBase;
        private Duration failureRetryMax;
        private String userAgent;

        private Builder(TrackerSettings s) {
            httpTimeout = s.httpTimeout;
            maxResponseSize = s.maxResponseSize;
            maxRedirects = s.maxRedirects;
            numWant = s.numWant;
            udpRetransmitBase = s.udpRetransmitBase;
            udpMaxRetransmits = s.udpMaxRetransmits;
            udpConnectionIdTtl = s.udpConnectionIdTtl;
            minAnnounceInterval = s.minAnnounceInterval;
            failureRetryBase = s.failureRetryBase;
            failureRetryMax = s.failureRetryMax;
            userAgent = s.userAgent;
        }

        public Builder httpTimeout(Duration v) { httpTimeout = v; return this; }
        public Builder maxResponseSize(int v) { maxResponseSize = v; return this; }
        public Builder maxRedirects(int v) { maxRedirects = v; return this; }
        public Builder numWant(int v) { numWant = v; return this; }
        public Builder udpRetransmitBase(Duration v) { udpRetransmitBase = v; return this; }
        public Builder udpMaxRetransmits(int v) { udpMaxRetransmits = v; return this; }
        public Builder udpConnectionIdTtl(Duration v) { udpConnectionIdTtl = v; return this; }
        public Builder minAnnounceInterval(Duration v) { minAnnounceInterval = v; return this; }
        public Builder failureRetryBase(Duration v) { failureRetryBase = v; return this; }
        public Builder failureRetryMax(Duration v) { failureRetryMax = v; return this; }
        public Builder userAgent(String v) { userAgent = v; return this; }

        public TrackerSettings build() {
            return new TrackerSettings(httpTimeout, maxResponseSize, maxRedirects, numWant, udpRetransmitBase,
                    udpMaxRetransmits, udpConnectionIdTtl, minAnnounceInterval, failureRetryBase, failureRetryMax,
                    userAgent);
        }
    }
}
