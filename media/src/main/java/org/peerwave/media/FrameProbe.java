package org.peerwave.media;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

import uk.co.caprica.vlcj.player.base.MediaPlayer;
import uk.co.caprica.vlcj.player.embedded.videosurface.CallbackVideoSurface;
import uk.co.caprica.vlcj.player.embedded.videosurface.VideoSurfaceAdapters;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.BufferFormat;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.BufferFormatCallback;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.RenderCallback;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.format.RV32BufferFormat;

/**
 * A video surface with no window that records every decoded frame: when it arrived and the play
 * time libvlc was at. Headless tests and the benchmarks use it to see that video really decodes, and
 * where. Thread-safe.
 *
 * <p>The render callback runs on libvlc's video output thread, which libvlc's stop waits for: it must
 * never call the player (a {@code status().time()} there deadlocks against a stop). The play time of
 * a frame comes from {@link #clock(LongSupplier)}, usually {@link TorrentPlayer#lastKnownTime()}.
 */
public final class FrameProbe {

    /** One frame: {@link System#nanoTime()} when drawn and libvlc's play time then (ms). */
    public record Frame(long nanos, long time, int width, int height) {
    }

    /** Frames recorded in detail at most (then only counted). */
    static final int MAX_FRAMES = 100_000;

    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final AtomicLong count = new AtomicLong();
    private final CallbackVideoSurface surface;
    private volatile LongSupplier clock = () -> -1;

    public FrameProbe() {
        BufferFormatCallback format = new BufferFormatCallback() {
            @Override
            public BufferFormat getBufferFormat(int sourceWidth, int sourceHeight) {
                return new RV32BufferFormat(sourceWidth, sourceHeight);
            }

            @Override
            public void allocatedBuffers(ByteBuffer[] buffers) {
                // nothing kept: the frames are counted, not shown
            }
        };
        RenderCallback render = (MediaPlayer mp, ByteBuffer[] planes, BufferFormat f) -> {
            if (frames.size() < MAX_FRAMES) {
                frames.add(new Frame(System.nanoTime(), clock.getAsLong(), f.getWidth(), f.getHeight()));
            }
            count.incrementAndGet(); // after the frame is recorded: count() > 0 means frames() has one
        };
        surface = new CallbackVideoSurface(format, render, true, VideoSurfaceAdapters.getVideoSurfaceAdapter());
    }

    /** Where a frame's play time comes from (not the player itself: see the class comment). */
    public FrameProbe clock(LongSupplier playTime) {
        this.clock = playTime;
        return this;
    }

    /** The surface to give {@link TorrentPlayer#create}. */
    public CallbackVideoSurface surface() {
        return surface;
    }

    public long count() {
        return count.get();
    }

    /** A copy of the frames so far. */
    public List<Frame> frames() {
        return new ArrayList<>(frames);
    }

    /** The frames drawn after {@code sinceNanos} whose play time matches {@code time}. */
    public List<Frame> framesSince(long sinceNanos, LongPredicate time) {
        List<Frame> out = new ArrayList<>();
        for (Frame f : frames) {
            if (f.nanos() > sinceNanos && time.test(f.time())) {
                out.add(f);
            }
        }
        return out;
    }
}
