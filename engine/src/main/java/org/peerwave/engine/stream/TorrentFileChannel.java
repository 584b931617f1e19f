package org.peerwave.engine.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.peerwave.engine.session.TorrentHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only, blocking, seekable channel over one file of a torrent ({@link TorrentFile#openChannel()}).
 * A read waits (on the caller's thread, never on an event loop) until the piece at the position is
 * verified, then reads from storage, on through the following pieces as far as they are verified
 * (one disk read): straight into the caller's buffer when it has room for at least
 * {@link StreamSettings#readBufferSize()} bytes, otherwise into a buffer of that size in the
 * channel that serves the next small reads from memory. It never returns bytes that did not pass
 * their hash check. A read that waits longer than {@link StreamSettings#readTimeout()}
 * fails with a {@link PieceTimeoutException} naming the piece.
 *
 * <p>While open, the piece at the position and a read-ahead window after it (sized from the
 * observed read rate, see {@link StreamSettings#windowPieces}) are time-critical for the torrent: they
 * are requested before any other. The window moves on as the reader advances; a seek replaces it
 * at once and {@link #close()} drops it. {@code read} and {@code position} are synchronized;
 * {@code close} may come from another thread and ends a waiting read with an
 * {@link AsynchronousCloseException}. After a read fails, the bytes of its buffer past the buffer's
 * position are unspecified (the position itself is not moved).
 */
public final class TorrentFileChannel implements SeekableByteChannel {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentFileChannel.class);
    /** The observed rate counts the bytes read over at least this long before it is trusted. */
    private static final long RATE_MIN_NANOS = 500_000_000L;
    /** Deadline spacing while the read rate is unknown. */
    private static final Duration DEFAULT_PER_PIECE = Duration.ofMillis(500);

    private final TorrentHandle handle;
    private final FileSpan span;
    private final String name;
    private final StreamSettings settings;
    /** Identity of this reader for the session's critical ranges. */
    private final Object owner = new Object();

    private long position;
    private volatile boolean closed;
    private volatile CompletableFuture<?> waiting;
    /** The critical range last sent: first and last piece (-1 when none). */
    private int windowFirst = -1;
    private int windowLast = -1;
    private long rateSince = System.nanoTime();
    /** Verified bytes read ahead ({@link StreamSettings#readBufferSize()}): file bytes from bufferStart. */
    private ByteBuffer buffer;
    private long bufferStart;
    private int bufferLength;
    private long rateBytes;

    TorrentFileChannel(TorrentHandle handle, FileSpan span, String name, StreamSettings settings) {
        this.handle = handle;
        this.span = span;
        this.name = name;
        this.settings = settings;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= span.length()) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        int piece = span.pieceAt(position);
        moveWindow(piece);
        int n;
        if (position >= bufferStart && position < bufferStart + bufferLength) {
            n = copyFromBuffer(dst);
        } else if (dst.remaining() >= settings.readBufferSize()) {
            // the storage fills a view of the caller's buffer (no copy); dst moves only once the read is done
            n = readVerified(piece, dst.slice(dst.position(), (int) Math.min(dst.remaining(), span.length() - position)));
            dst.position(dst.position() + n);
        } else {
            n = fillBuffer(piece, dst);
        }
        position += n;
        rateBytes += n;
        if (position < span.length() && span.pieceAt(position) != piece) {
            moveWindow(span.pieceAt(position));
        }
        return n;
    }

    /** Reads from the position into {@code target} (not moved), waiting for {@code piece}; returns the count. */
    private int readVerified(int piece, ByteBuffer target) throws IOException {
        int offset = span.offsetInPiece(position);
        int n;
        try {
            // verified pieces are read on this thread, without hops: the common case of a playing reader
            n = handle.readVerifiedNow(piece, offset, target);
        } catch (RuntimeException e) {
            throw new IOException(name + ": reading piece " + piece + " failed: " + e.getMessage(), e);
        }
        if (n > 0) {
            return n;
        }
        long deadline = System.nanoTime() + settings.readTimeout().toNanos();
        n = await(handle.readVerified(piece, offset, target), piece, deadline);
        if (n == 0) {
            await(handle.whenPieceVerified(piece), piece, deadline);
            n = await(handle.readVerified(piece, offset, target), piece, deadline);
            if (n == 0) {
                throw new IOException(name + ": piece " + piece + " was verified but could not be read");
            }
        }
        return n;
    }

    /** Fills the channel's buffer from the position (one storage read), then copies into {@code dst}. */
    private int fillBuffer(int piece, ByteBuffer dst) throws IOException {
        if (buffer == null) {
            buffer = ByteBuffer.allocate(settings.readBufferSize());
        }
        bufferLength = 0;
        int length = (int) Math.min(buffer.capacity(), span.length() - position);
        try {
            bufferLength = readVerified(piece, buffer.slice(0, length));
        } catch (IOException | RuntimeException e) {
            buffer = null; // a storage thread may still write into it: never reuse it
            throw e;
        }
        bufferStart = position;
        return copyFromBuffer(dst);
    }

    private int copyFromBuffer(ByteBuffer dst) {
        int from = (int) (position - bufferStart);
        int n = Math.min(dst.remaining(), bufferLength - from);
        dst.put(dst.position(), buffer, from, n);
        dst.position(dst.position() + n);
        return n;
    }

    private <T> T await(CompletableFuture<T> future, int piece, long deadlineNanos) throws IOException {
        waiting = future;
        try {
            if (closed) {
                future.cancel(false);
            }
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new PieceTimeoutException(name + ": piece " + piece + " was not downloaded and verified within "
                    + settings.readTimeout().toMillis() + " ms (position " + position + " of " + span.length() + ")",
                    piece);
        } catch (CancellationException e) {
            throw closed ? new AsynchronousCloseException() : new IOException(name + ": read of piece " + piece
                    + " was cancelled", e);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            InterruptedIOException ie = new InterruptedIOException(name + ": interrupted waiting for piece " + piece);
            ie.initCause(e);
            throw ie;
        } catch (ExecutionException e) {
            throw new IOException(name + ": reading piece " + piece + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            waiting = null;
        }
    }

    /** Sends the critical range starting at {@code piece} when it differs from the last one sent. */
    private void moveWindow(int piece) {
        long now = System.nanoTime();
        long elapsed = now - rateSince;
        double rate = elapsed >= RATE_MIN_NANOS ? rateBytes * 1e9 / elapsed : 0;
        int pieces = settings.windowPieces(rate, span.pieceLength());
        int last = Math.min(span.lastPiece(), piece + pieces - 1);
        if (piece == windowFirst && last <= windowLast) {
            return;
        }
        windowFirst = piece;
        windowLast = last;
        Duration perPiece = rate > 0
                ? Duration.ofNanos(Math.max(1_000_000L, (long) (span.pieceLength() * 1e9 / rate)))
                : DEFAULT_PER_PIECE;
        handle.setCriticalRange(owner, piece, last, perPiece).whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("{}: could not set the critical range: {}", name, e.toString());
            }
        });
    }

    private void dropWindow() {
        if (windowFirst >= 0) {
            windowFirst = -1;
            windowLast = -1;
            handle.clearCriticalRange(owner);
        }
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    /**
     * Moves the read position; positions at or past the end are allowed (reads then return -1). The
     * old critical range is replaced at once by one starting at the new position.
     */
    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        if (newPosition == position) {
            return this;
        }
        position = newPosition;
        rateSince = System.nanoTime();
        rateBytes = 0;
        if (newPosition < span.length()) {
            moveWindow(span.pieceAt(newPosition));
        } else {
            dropWindow();
        }
        return this;
    }

    /** The file's length. */
    @Override
    public long size() throws IOException {
        ensureOpen();
        return span.length();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<?> w = waiting;
        if (w != null) {
            w.cancel(false);
        }
        synchronized (this) {
            windowFirst = -1;
            windowLast = -1;
            buffer = null;
            bufferLength = 0;
        }
        handle.clearCriticalRange(owner);
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "TorrentFileChannel[" + name + "]";
    }
}
