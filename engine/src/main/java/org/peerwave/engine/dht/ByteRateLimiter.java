package org.peerwave.engine.dht;

/**
 * Outgoing bytes: a token bucket of {@code bytesPerSecond} with one second of burst. A packet goes
 * whole or not at all. Pure; owned by one thread.
 */
public final class ByteRateLimiter {

    private static final long NANOS = 1_000_000_000L;

    private final long rate;
    private double tokens;
    private long last;

    /** @param bytesPerSecond 0 means unlimited */
    public ByteRateLimiter(long bytesPerSecond, long now) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must be >= 0");
        }
        this.rate = bytesPerSecond;
        this.tokens = bytesPerSecond;
        this.last = now;
    }

    /** True when {@code bytes} may go now (and counts them). */
    public boolean tryAcquire(int bytes, long now) {
        if (rate == 0) {
            return true;
        }
        long elapsed = Math.max(0, now - last);
        last = now;
        tokens = Math.min(rate, tokens + (double) elapsed * rate / NANOS);
        if (tokens >= bytes) {
            tokens -= bytes;
            return true;
        }
        return false;
    }
}
