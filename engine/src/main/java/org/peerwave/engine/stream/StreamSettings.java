package org.peerwave.engine.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a streaming reader ({@link TorrentFileChannel}).
 *
 * @param readTimeout        how long one read waits for the piece it needs before it fails with a
 *                           {@link PieceTimeoutException} (default 60 s)
 * @param readAheadTime      the read-ahead window covers what the reader consumes in this time at
 *                           its observed read rate (default 10 s)
 * @param minReadAheadPieces the window is never smaller than this many pieces, the piece at the
 *                           read position included (default 4)
 * @param maxReadAheadPieces nor larger than this many (default 64)
 * @param readBufferSize     a read asking for fewer bytes than this fills a buffer of this size
 *                           in the channel (one storage read, as far as the pieces are
 *                           verified) and later small reads are served from it; larger reads
 *                           go straight into the caller's buffer; 0 turns the buffer off
 *                           (default 1 MiB per open channel, at most 64 MiB)
 */
public record StreamSettings(Duration readTimeout, Duration readAheadTime, int minReadAheadPieces,
                             int maxReadAheadPieces, int readBufferSize) {

    /** The largest {@link #readBufferSize()} accepted. */
    public static final int MAX_READ_BUFFER_SIZE = 64 << 20;

    public static final StreamSettings DEFAULT = builder().build();

    public StreamSettings {
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(readAheadTime, "readAheadTime");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
        }
        if (readAheadTime.isNegative()) {
            throw new IllegalArgumentException("readAheadTime must not be negative: " + readAheadTime);
        }
        if (minReadAheadPieces < 1) {
            throw new IllegalArgumentException("minReadAheadPieces must be at least 1: " + minReadAheadPieces);
        }
        if (maxReadAheadPieces < minReadAheadPieces) {
            throw new IllegalArgumentException("maxReadAheadPieces (" + maxReadAheadPieces
                    + ") must be at least minReadAheadPieces (" + minReadAheadPieces + ")");
        }
        if (readBufferSize < 0 || readBufferSize > MAX_READ_BUFFER_SIZE) {
            throw new IllegalArgumentException("readBufferSize must be within [0, " + MAX_READ_BUFFER_SIZE + "]: "
                    + readBufferSize);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().readTimeout(readTimeout).readAheadTime(readAheadTime)
                .minReadAheadPieces(minReadAheadPieces).maxReadAheadPieces(maxReadAheadPieces)
                .readBufferSize(readBufferSize);
    }

    /**
     * The window in pieces for a reader consuming {@code bytesPerSecond} (0 when not known yet) of
     * a torrent with pieces of {@code pieceLength}: between the minimum and the maximum.
     */
    public int windowPieces(double bytesPerSecond, int pieceLength) {
        double pieces = bytesPerSecond * readAheadTime.toNanos() / 1e9 / pieceLength;
        long n = (long) Math.ceil(pieces);
        return (int) Math.max(minReadAheadPieces, Math.min(maxReadAheadPieces, n));
    }

    public static final class Builder {
        private Duration readTimeout = Duration.ofSeconds(60);
        private Duration readAheadTime = Duration.ofSeconds(10);
        private int minReadAheadPieces = 4;
        private int maxReadAheadPieces = 64;
        private int readBufferSize = 1 << 20;

        private Builder() {
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        public Builder readAheadTime(Duration d) {
            this.readAheadTime = d;
            return this;
        }

        public Builder minReadAheadPieces(int n) {
            this.minReadAheadPieces = n;
            return this;
        }

        public Builder maxReadAheadPieces(int n) {
            this.maxReadAheadPieces = n;
            return this;
        }

        public Builder readBufferSize(int bytes) {
            this.readBufferSize = bytes;
            return this;
        }

        public StreamSettings build() {
            return new StreamSettings(readTimeout, readAheadTime, minReadAheadPieces, maxReadAheadPieces,
                    readBufferSize);
        }
    }
}
