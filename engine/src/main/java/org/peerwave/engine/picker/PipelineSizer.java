package org.peerwave.engine.picker;

/**
 * How many requests to keep outstanding to one peer. The depth follows the peer's observed download
 * rate: {@code ceil(rate × targetLatency / blockSize)}, clamped to the settings' bounds. Before a
 * rate is known it starts at the initial depth and grows by one with every block received (as TCP's
 * slow start: it doubles every round trip), so a fast peer is not held at a few requests for the
 * whole first sample; a snubbed peer gets depth 1.
 *
 * <p>The rate is sampled over {@link PickerSettings#rateSampleInterval()} and smoothed (each new
 * sample weighs one half). A peer becomes snubbed when it has outstanding requests and delivered no
 * block for {@link PickerSettings#snubTimeout()}; it stops being snubbed on its next block. Pure and
 * single-threaded; time is {@link System#nanoTime()}-style nanoseconds passed in.
 */
public final class PipelineSizer {

    private final PickerSettings settings;
    private final int blockSize;
    private final long sampleNanos;
    private final long snubNanos;
    private final double latencySeconds;

    private double rate = -1;
    private int slowStartDepth;
    private long windowStart;
    private long windowBytes;
    private long lastActivity;
    private boolean snubbed;

    /** A sizer for a peer connected at {@code nowNanos}. */
    public PipelineSizer(PickerSettings settings, int blockSize, long nowNanos) {
        this.settings = settings;
        this.blockSize = blockSize;
        this.sampleNanos = settings.rateSampleInterval().toNanos();
        this.snubNanos = settings.snubTimeout().toNanos();
        this.latencySeconds = settings.targetLatency().toNanos() / 1e9;
        this.windowStart = nowNanos;
        this.lastActivity = nowNanos;
        this.slowStartDepth = settings.initialPipelineDepth();
    }

    /** A request is sent; {@code wasIdle} when nothing was outstanding before it (restarts the snub clock). */
    public void requestSent(long nowNanos, boolean wasIdle) {
        if (wasIdle) {
            lastActivity = nowNanos;
            if (rate < 0 || windowBytes == 0) {
                windowStart = nowNanos;
            }
        }
    }

    /** A block of {@code bytes} arrived. */
    public void blockReceived(int bytes, long nowNanos) {
        snubbed = false;
        lastActivity = nowNanos;
        windowBytes += bytes;
        if (rate < 0 && slowStartDepth < settings.maxPipelineDepth()) {
            slowStartDepth++;
        }
        long elapsed = nowNanos - windowStart;
        if (elapsed >= sampleNanos) {
            double sample = windowBytes * 1e9 / elapsed;
            rate = rate < 0 ? sample : (rate + sample) / 2;
            windowStart = nowNanos;
            windowBytes = 0;
        }
    }

    /**
     * Re-evaluates snubbing: snubbed when {@code hasOutstanding} and nothing arrived for the snub
     * time-out since the later of the last block and the start of waiting.
     */
    public boolean updateSnubbed(long nowNanos, boolean hasOutstanding) {
        if (hasOutstanding && nowNanos - lastActivity >= snubNanos) {
            snubbed = true;
        }
        return snubbed;
    }

    /** True while snubbed (see {@link #updateSnubbed}). */
    public boolean isSnubbed() {
        return snubbed;
    }

    /** The smoothed rate in bytes per second, or -1 before the first sample. */
    public double rate() {
        return rate;
    }

    /** When this peer last delivered a block or started being waited on. */
    public long lastActivityNanos() {
        return lastActivity;
    }

    /** The number of requests to keep outstanding. */
    public int depth() {
        if (snubbed) {
            return 1;
        }
        if (rate < 0) {
            return Math.max(settings.minPipelineDepth(), slowStartDepth);
        }
        double wanted = Math.ceil(rate * latencySeconds / blockSize);
        return (int) Math.max(settings.minPipelineDepth(), Math.min(settings.maxPipelineDepth(), wanted));
    }
}
