package org.peerwave.engine.session;

import java.util.Objects;

/**
 * Global and per-torrent limits together: a transfer may go only as far as both the engine's bucket
 * and its torrent's bucket allow. Never blocks: a caller that is granted less than it asked for
 * re-arms a timer for {@link TokenBucket.Grant#retryAfterNanos()} (on its own event loop) and stops
 * reading or writing until then.
 */
public final class RateLimiter {

    /** Which way the bytes go. */
    public enum Direction { UPLOAD, DOWNLOAD }

    /** The buckets of one torrent (create with {@link RateLimiter#forTorrent}). */
    public static final class Limits {
        private final TokenBucket upload;
        private final TokenBucket download;

        private Limits(RateLimitSettings s, long now) {
            upload = new TokenBucket(s.uploadBytesPerSecond(), s.burstBytes(s.uploadBytesPerSecond()), now);
            download = new TokenBucket(s.downloadBytesPerSecond(), s.burstBytes(s.downloadBytesPerSecond()), now);
        }

        /** Swaps the limits in place (tokens held are kept, capped at the new bursts). */
        public void apply(RateLimitSettings s, long nowNanos) {
            upload.setRate(s.uploadBytesPerSecond(), s.burstBytes(s.uploadBytesPerSecond()), nowNanos);
            download.setRate(s.downloadBytesPerSecond(), s.burstBytes(s.downloadBytesPerSecond()), nowNanos);
        }

        public TokenBucket bucket(Direction d) {
            return d == Direction.UPLOAD ? upload : download;
        }
    }

    private final Limits global;

    /** A limiter with the engine-wide limits of {@code settings}. */
    public RateLimiter(RateLimitSettings settings, long nowNanos) {
        this.global = new Limits(Objects.requireNonNull(settings, "settings"), nowNanos);
    }

    /** New buckets for one torrent. */
    public Limits forTorrent(RateLimitSettings settings, long nowNanos) {
        return new Limits(Objects.requireNonNull(settings, "settings"), nowNanos);
    }

    /** Swaps the engine-wide limits. */
    public void apply(RateLimitSettings settings, long nowNanos) {
        global.apply(settings, nowNanos);
    }

    public Limits global() {
        return global;
    }

    /**
     * Takes up to {@code bytes} from both the torrent's and the global bucket: the grant is the
     * smaller of the two, and what the torrent bucket gave beyond it is refunded.
     *
     * @param torrent the torrent's limits, or null for a transfer that only the global limit governs
     */
    public TokenBucket.Grant tryAcquire(Limits torrent, Direction direction, long bytes, long nowNanos) {
        TokenBucket.Grant first = torrent == null
                ? new TokenBucket.Grant(bytes, 0)
                : torrent.bucket(direction).tryAcquire(bytes, nowNanos);
        TokenBucket.Grant second = global.bucket(direction).tryAcquire(first.bytes(), nowNanos);
        if (torrent != null && second.bytes() < first.bytes()) {
            torrent.bucket(direction).refund(first.bytes() - second.bytes());
        }
        long retry = second.bytes() < bytes ? Math.max(first.retryAfterNanos(), second.retryAfterNanos()) : 0;
        if (second.bytes() < bytes && retry == 0) {
            retry = 1;
        }
        return new TokenBucket.Grant(second.bytes(), retry);
    }

    /** The whole bytes both buckets would grant now (the smaller of the two). */
    public long available(Limits torrent, Direction direction, long nowNanos) {
        long g = global.bucket(direction).available(nowNanos);
        return torrent == null ? g : Math.min(g, torrent.bucket(direction).available(nowNanos));
    }

    /** True when neither bucket limits {@code direction}. */
    public boolean isUnlimited(Limits torrent, Direction direction) {
        return global.bucket(direction).isUnlimited() && (torrent == null || torrent.bucket(direction).isUnlimited());
    }

    /** Gives back bytes that {@link #tryAcquire} granted but were not used, to both buckets. */
    public void refund(Limits torrent, Direction direction, long bytes) {
        global.bucket(direction).refund(bytes);
        if (torrent != null) {
            torrent.bucket(direction).refund(bytes);
        }
    }
}
