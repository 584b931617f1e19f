package org.peerwave.engine.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Upload and download limits for the whole engine or one torrent, in bytes per second; 0 means
 * unlimited. Immutable; build with {@link #builder()}.
 *
 * @param uploadBytesPerSecond upload limit, 0 for none
 * @param downloadBytesPerSecond download limit, 0 for none
 * @param burst how much may be sent at once after a quiet period, as time at the limit; the burst in
 *     bytes is never less than {@link #MIN_BURST_BYTES} so that a whole block can always pass
 */
public record RateLimitSettings(long uploadBytesPerSecond, long downloadBytesPerSecond, Duration burst) {

    /** One 16 KiB block. */
    public static final long MIN_BURST_BYTES = 16 * 1024;

    /** No limit either way, 1 s of burst. */
    public static final RateLimitSettings UNLIMITED = builder().build();

    public RateLimitSettings {
        Objects.requireNonNull(burst, "burst");
        if (uploadBytesPerSecond < 0 || downloadBytesPerSecond < 0) {
            throw new IllegalArgumentException("rates must not be negative: "
                    + uploadBytesPerSecond + ", " + downloadBytesPerSecond);
        }
        if (burst.isNegative() || burst.isZero() || burst.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("burst must be in (0, 1 min]: " + burst);
        }
    }

    /** The bucket burst in bytes for a rate. */
    public long burstBytes(long rate) {
        if (rate == 0) {
            return MIN_BURST_BYTES;
        }
        double bytes = rate * (burst.toNanos() / 1e9);
        return Math.max(MIN_BURST_BYTES, (long) Math.min(bytes, 1L << 40));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().upload(uploadBytesPerSecond).download(downloadBytesPerSecond).burst(burst);
    }

    /** Builder: unlimited both ways, 1 s burst. */
    public static final class Builder {
        private long upload;
        private long download;
        private Duration burst = Duration.ofSeconds(1);

        private Builder() {
        }

        /** Bytes per second, 0 for unlimited (the default). */
        public Builder upload(long bytesPerSecond) {
            this.upload = bytesPerSecond;
            return this;
        }

        /** Bytes per second, 0 for unlimited (the default). */
        public Builder download(long bytesPerSecond) {
            this.download = bytesPerSecond;
            return this;
        }

        /** Default 1 s. */
        public Builder burst(Duration burst) {
            this.burst = burst;
            return this;
        }

        public RateLimitSettings build() {
            return new RateLimitSettings(upload, download, burst);
        }
    }
}
