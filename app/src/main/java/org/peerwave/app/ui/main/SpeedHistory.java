package org.peerwave.app.ui.main;

/**
 * The last {@link #CAPACITY} seconds of a download and an upload rate: a ring buffer fed once a
 * second by the refresh, read by the Speed tab and the global speed graph over a window of 1, 5 or
 * 10 minutes. Not thread-safe (the UI thread owns it).
 */
public final class SpeedHistory {

    /** Ten minutes at one point per second. */
    public static final int CAPACITY = 600;

    /** A window of points, oldest first; {@code down[i]} and {@code up[i]} are bytes per second. */
    public record Points(long[] down, long[] up) {
        public int size() {
            return down.length;
        }

        /** The highest rate of both, for the graph's scale. */
        public long max() {
            long m = 0;
            for (int i = 0; i < down.length; i++) {
                m = Math.max(m, Math.max(down[i], up[i]));
            }
            return m;
        }
    }

    private final long[] down;
    private final long[] up;
    private int next;
    private int size;

    public SpeedHistory() {
        this(CAPACITY);
    }

    SpeedHistory(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        down = new long[capacity];
        up = new long[capacity];
    }

    public int capacity() {
        return down.length;
    }

    /** Points held, at most {@link #capacity()}. */
    public int size() {
        return size;
    }

    /** Appends one second; the oldest point goes when full. */
    public void add(long downRate, long upRate) {
        down[next] = downRate;
        up[next] = upRate;
        next = (next + 1) % down.length;
        size = Math.min(size + 1, down.length);
    }

    /** The newest {@code seconds} points (fewer when fewer are held), oldest first. */
    public Points window(int seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("window must be positive");
        }
        int n = Math.min(seconds, size);
        long[] d = new long[n];
        long[] u = new long[n];
        int start = Math.floorMod(next - n, down.length);
        for (int i = 0; i < n; i++) {
            int j = (start + i) % down.length;
            d[i] = down[j];
            u[i] = up[j];
        }
        return new Points(d, u);
    }
}
