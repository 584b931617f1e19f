package org.peerwave.engine.session;

/**
 * A token bucket in bytes: it fills at {@code rate} bytes per second up to {@code burst} bytes, and
 * {@link #tryAcquire} takes what is there without ever waiting. A rate of 0 means unlimited.
 *
 * <p>Over any interval of length T the bytes granted never exceed {@code burst + rate × T}. Tokens
 * are counted in nano-bytes (bytes × 10⁹) so that no fraction is lost between refills. Thread-safe
 * (a global bucket is shared by several event loops): each call holds the monitor only for a few
 * arithmetic operations and never waits for tokens.
 */
public final class TokenBucket {

    /** The result of {@link #tryAcquire}: how many bytes may go now, and when to ask again for the rest. */
    public record Grant(long bytes, long retryAfterNanos) {

        /** True when every byte asked for was granted. */
        public boolean complete(long asked) {
            return bytes >= asked;
        }
    }

    private static final long NANOS = 1_000_000_000L;

    private long rate;
    private long burst;
    private long tokens;
    private long last;

    /** A full bucket; {@code rateBytesPerSecond} 0 means unlimited. */
    public TokenBucket(long rateBytesPerSecond, long burstBytes, long nowNanos) {
        check(rateBytesPerSecond, burstBytes);
        this.rate = rateBytesPerSecond;
        this.burst = burstBytes;
        this.tokens = burstBytes * NANOS;
        this.last = nowNanos;
    }

    private static void check(long rate, long burst) {
        if (rate < 0) {
            throw new IllegalArgumentException("rate must not be negative: " + rate);
        }
        if (burst <= 0 || burst > Long.MAX_VALUE / NANOS) {
            throw new IllegalArgumentException("burst must be in (0, " + Long.MAX_VALUE / NANOS + "]: " + burst);
        }
    }

    /** Changes the rate and burst; the tokens held are kept (capped at the new burst). */
    public synchronized void setRate(long rateBytesPerSecond, long burstBytes, long nowNanos) {
        check(rateBytesPerSecond, burstBytes);
        refill(nowNanos);
        this.rate = rateBytesPerSecond;
        this.burst = burstBytes;
        this.tokens = Math.min(tokens, burstBytes * NANOS);
    }

    public synchronized long rate() {
        return rate;
    }

    public synchronized long burst() {
        return burst;
    }

    public synchronized boolean isUnlimited() {
        return rate == 0;
    }

    /** The whole bytes available now. */
    public synchronized long available(long nowNanos) {
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        refill(nowNanos);
        return tokens / NANOS;
    }

    /**
     * Takes up to {@code bytes} now. When less is granted, {@link Grant#retryAfterNanos()} says how
     * long until the rest (at most one burst of it) is available.
     */
    public synchronized Grant tryAcquire(long bytes, long nowNanos) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        if (rate == 0) {
            return new Grant(bytes, 0);
        }
        refill(nowNanos);
        long granted = Math.min(bytes, tokens / NANOS);
        tokens -= granted * NANOS;
        if (granted == bytes) {
            return new Grant(granted, 0);
        }
        long missing = Math.min(bytes - granted, burst) * NANOS - tokens;
        return new Grant(granted, (missing + rate - 1) / rate);
    }

    /** Gives back bytes that were granted but not used (never above the burst). */
    public synchronized void refund(long bytes) {
        if (bytes > 0 && rate != 0) {
            tokens = Math.min(burst * NANOS, tokens + Math.min(bytes, burst) * NANOS);
        }
    }

    private void refill(long now) {
        long elapsed = now - last;
        last = Math.max(last, now);
        if (elapsed <= 0 || rate == 0) {
            return;
        }
        long room = burst * NANOS - tokens;
        if (elapsed >= room / rate + 1) {
            tokens = burst * NANOS;
        } else {
            tokens += elapsed * rate;
        }
    }
}
