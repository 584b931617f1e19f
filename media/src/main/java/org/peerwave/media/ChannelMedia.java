package org.peerwave.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.caprica.vlcj.media.callback.AbstractCallbackMedia;

/**
 * vlcj callback media over a {@link MediaSource}: libvlc's open, read, seek and close callbacks go
 * straight to a seekable channel, so a torrent file plays with no HTTP hop. A read blocks (on
 * libvlc's input thread) until the pieces it needs are verified; a seek moves the channel, whose
 * time-critical window follows.
 *
 * <p>libvlc holds only native pointers to the callbacks: whoever plays this media keeps a strong
 * reference to it until the media is released, or the garbage collector frees the callbacks while
 * libvlc still calls them ({@link TorrentPlayer} does).
 *
 * <p>{@link #abort()} closes the channel from any thread, which ends a blocked read at once; the
 * player calls it before stopping, as libvlc's stop waits for the input thread.
 */
public final class ChannelMedia extends AbstractCallbackMedia {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelMedia.class);

    private final MediaSource source;
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile SeekableByteChannel channel;
    private volatile boolean aborted;
    /** {@link System#nanoTime()} when the read in progress started; 0 when no read is in progress. */
    private volatile long readSince;
    private volatile String lastError;

    public ChannelMedia(MediaSource source) {
        super(true);
        this.source = Objects.requireNonNull(source, "source");
    }

    public MediaSource source() {
        return source;
    }

    @Override
    protected long onGetSize() {
        return source.size();
    }

    @Override
    protected boolean onOpen() {
        if (aborted) {
            return false;
        }
        try {
            closeChannel();
            channel = source.openChannel();
            return true;
        } catch (IOException | RuntimeException e) {
            fail("cannot open " + source.name() + ": " + e.getMessage(), e);
            return false;
        }
    }

    @Override
    protected int onRead(Pointer buffer, int bufferSize) throws IOException {
        SeekableByteChannel ch = channel;
        if (aborted || ch == null) {
            throw new ClosedChannelException();
        }
        if (bufferSize <= 0) {
            return 0;
        }
        ByteBuffer dst = buffer.getByteBuffer(0, bufferSize);
        readSince = System.nanoTime();
        try {
            long pos = LOG.isTraceEnabled() ? ch.position() : -1;
            int n = ch.read(dst);
            if (n > 0) {
                bytesRead.addAndGet(n);
            }
            if (pos >= 0) {
                LOG.trace("read {} bytes at {} (asked {}) in {} ms", n, pos, bufferSize,
                        (System.nanoTime() - readSince) / 1_000_000);
            }
            return Math.max(n, 0); // 0: end of stream for libvlc
        } catch (IOException e) {
            if (!aborted) {
                fail(source.name() + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            // an unchecked exception must not unwind into native code
            fail(source.name() + ": " + e, e);
            throw new IOException(e);
        } finally {
            readSince = 0;
        }
    }

    @Override
    protected boolean onSeek(long offset) {
        SeekableByteChannel ch = channel;
        if (aborted || ch == null) {
            return false;
        }
        try {
            LOG.trace("seek to {}", offset);
            ch.position(offset);
            return true;
        } catch (IOException | RuntimeException e) {
            fail(source.name() + ": seek to " + offset + " failed: " + e.getMessage(), e);
            return false;
        }
    }

    @Override
    protected void onClose() {
        closeChannel();
    }

    /** Ends any blocked read and refuses further reads; libvlc then sees an error and stops. */
    public void abort() {
        aborted = true;
        closeChannel();
    }

    /** How long the read in progress has been waiting for data, in nanoseconds; 0 when none is. */
    public long waitingNanos() {
        long since = readSince;
        return since == 0 ? 0 : Math.max(1, System.nanoTime() - since);
    }

    /** Bytes handed to libvlc so far. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** The last read, seek or open failure in plain words, or null. */
    public String lastError() {
        return lastError;
    }

    private void fail(String message, Throwable e) {
        lastError = message;
        LOG.warn("{}", message);
        LOG.debug("{}", message, e);
    }

    private void closeChannel() {
        SeekableByteChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing the channel of {} failed", source.name(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "ChannelMedia[" + source + "]";
    }
}
