package org.peerwave.engine.session;

/**
 * A sliding-window rate with one-second resolution: bytes are added into per-second slots and
 * {@link #rate} is the sum over the last {@code windowSeconds} seconds (the current, partial second
 * included) divided by the window. Used by the choker and the stats snapshots. Not thread-safe:
 * each meter belongs to one event loop.
 */
public final class RateMeter {

    private static final long SECOND = 1_000_000_000L;

    private final long[] slots;
    private final long origin;
    private long currentSecond;
    private long total;

    /** A meter over {@code windowSeconds} (at least 1) seconds, starting at {@code nowNanos}. */
    public RateMeter(int windowSeconds, long nowNanos) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("windowSeconds must be at least 1: " + windowSeconds);
        }
        this.slots = new long[windowSeconds];
        this.origin = nowNanos;
        this.currentSecond = 0;
    }

    /** Counts {@code bytes} at {@code nowNanos}. */
    public void add(long bytes, long nowNanos) {
        advance(nowNanos);
        slots[(int) (currentSecond % slots.length)] += bytes;
        total += bytes;
    }

    /** Bytes per second over the window ending now. */
    public long rate(long nowNanos) {
        advance(nowNanos);
        long sum = 0;
        for (long s : slots) {
            sum += s;
        }
        return sum / slots.length;
    }

    /** All bytes ever counted. */
    public long total() {
        return total;
    }

    private void advance(long now) {
        long second = Math.max(0, (now - origin) / SECOND);
        if (second <= currentSecond) {
            return;
        }
        long steps = Math.min(second - currentSecond, slots.length);
        for (long i = 1; i <= steps; i++) {
            slots[(int) ((currentSecond + i) % slots.length)] = 0;
        }
        currentSecond = second;
    }
}
