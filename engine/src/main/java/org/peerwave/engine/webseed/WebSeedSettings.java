package org.peerwave.engine.webseed;

import java.time.Duration;
import java.util.Objects;

/**
 * Web seed settings (BEP 19 {@code url-list}, BEP 17 {@code httpseeds}), immutable; build with
 * {@link #builder()} or start from {@link #DEFAULTS}.
 *
 * @param enabled            use the web seeds of torrents and magnet links at all (default on)
 * @param maxWebSeeds        most web seeds used per torrent; further URLs are ignored (default 8)
 * @param maxConnections     most HTTP requests in flight to one web seed at a time (default 2)
 * @param requestSize        bytes asked per request of a web seed, a multiple of 16 KiB
 *                           (16 KiB .. 64 MiB, default 4 MiB): a whole piece or several when pieces
 *                           are smaller; a run that spans files becomes one range request per file
 * @param connectTimeout     TCP (and TLS) connect time-out (default 10 s)
 * @param responseTimeout    time from sending a request to its response headers (default 30 s)
 * @param stallTimeout       a body that delivers no byte for this long is aborted (default 30 s)
 * @param retryBase          the wait after the first failed request; it doubles with each further
 *                           failure in a row (default 5 s)
 * @param retryMax           the longest wait after failures, and the longest {@code Retry-After}
 *                           honoured (default 5 minutes)
 * @param failureLimit       a web seed is dropped for good once this many of the pieces it sent
 *                           failed their hash check or it answered with a wrong size (default 3)
 * @param userAgent          HTTP User-Agent
 */
public record WebSeedSettings(boolean enabled, int maxWebSeeds, int maxConnections, int requestSize,
        Duration connectTimeout, Duration responseTimeout, Duration stallTimeout, Duration retryBase,
        Duration retryMax, int failureLimit, String userAgent) {

    /** Block size of the peer wire: requests are whole blocks. */
    public static final int BLOCK = 16 * 1024;

    public static final WebSeedSettings DEFAULTS = new WebSeedSettings(true, 8, 2, 4 * 1024 * 1024,
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofMinutes(5), 3, "Peerwave/0.1");

    public WebSeedSettings {
        positive(connectTimeout, "connectTimeout");
        positive(responseTimeout, "responseTimeout");
        positive(stallTimeout, "stallTimeout");
        positive(retryBase, "retryBase");
        positive(retryMax, "retryMax");
        if (retryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("retryMax must be at least retryBase");
        }
        if (maxWebSeeds < 0 || maxWebSeeds > 256) {
            throw new IllegalArgumentException("maxWebSeeds must be 0..256, was " + maxWebSeeds);
        }
        if (maxConnections < 1 || maxConnections > 32) {
            throw new IllegalArgumentException("maxConnections must be 1..32, was " + maxConnections);
        }
        if (requestSize < BLOCK || requestSize > 64 * 1024 * 1024 || requestSize % BLOCK != 0) {
            throw new IllegalArgumentException("requestSize must be a multiple of 16 KiB in 16 KiB .. 64 MiB, was "
                    + requestSize);
        }
        if (failureLimit < 1 || failureLimit > 1000) {
            throw new IllegalArgumentException("failureLimit must be 1..1000, was " + failureLimit);
        }
        Objects.requireNonNull(userAgent, "userAgent");
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("userAgent must be printable ASCII");
        }
    }

    /**
     * The wait before the next request after {@code failures} failures in a row (1 or more):
     * {@code retryBase × 2^(failures-1)}, at most {@link #retryMax}.
     */
    public Duration retryDelay(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        int shift = Math.min(failures - 1, 30);
        long nanos = retryBase.toNanos();
        long max = retryMax.toNanos();
        long d = nanos > (max >> shift) ? max : nanos << shift;
        return Duration.ofNanos(Math.min(d, max));
    }

    /** A server's {@code Retry-After}, kept within 0 .. {@link #retryMax}. */
    public Duration clampRetryAfter(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(retryMax) > 0 ? retryMax : d;
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** Builder for {@link WebSeedSettings}; {@link #build()} validates. */
    public static final class Builder {
        private boolean enabled;
        private int maxWebSeeds;
        private int maxConnections;
        private int requestSize;
        private Duration connectTimeout;
        private Duration responseTimeout;
        private Duration stallTimeout;
        private Duration retryBase;
        private Duration retryMax;
        private int failureLimit;
        private String userAgent;

        private Builder(WebSeedSettings s) {
            enabled = s.enabled;
            maxWebSeeds = s.maxWebSeeds;
            maxConnections = s.maxConnections;
            requestSize = s.requestSize;
            connectTimeout = s.connectTimeout;
            responseTimeout = s.responseTimeout;
            stallTimeout = s.stallTimeout;
            retryBase = s.retryBase;
            retryMax = s.retryMax;
            failureLimit = s.failureLimit;
            userAgent = s.userAgent;
        }

        public Builder enabled(boolean v) { enabled = v; return this; }
        public Builder maxWebSeeds(int v) { maxWebSeeds = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder requestSize(int v) { requestSize = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder responseTimeout(Duration v) { responseTimeout = v; return this; }
        public Builder stallTimeout(Duration v) { stallTimeout = v; return this; }
        public Builder retryBase(Duration v) { retryBase = v; return this; }
        public Builder retryMax(Duration v) { retryMax = v; return this; }
        public Builder failureLimit(int v) { failureLimit = v; return this; }
        public Builder userAgent(String v) { userAgent = v; return this; }

        public WebSeedSettings build() {
            return new WebSeedSettings(enabled, maxWebSeeds, maxConnections, requestSize, connectTimeout,
                    responseTimeout, stallTimeout, retryBase, retryMax, failureLimit, userAgent);
        }
    }
}
