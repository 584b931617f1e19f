package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.peerwave.engine.session.RateLimiter.Direction;

class RateLimiterTest {

    static final long SEC = 1_000_000_000L;

    /** Asks for 16 KiB every millisecond for {@code seconds}; returns the bytes granted. */
    static long greedy(RateLimiter l, RateLimiter.Limits t, Direction d, int seconds) {
        long total = 0;
        for (long ms = 0; ms < seconds * 1000L; ms++) {
            total += l.tryAcquire(t, d, 16 * 1024, ms * 1_000_000L).bytes();
        }
        return total;
    }

    @Test
    void theTorrentLimitAppliesUnderALooserGlobalLimit() {
        RateLimiter l = new RateLimiter(RateLimitSettings.builder().download(1_000_000).build(), 0);
        RateLimiter.Limits t = l.forTorrent(RateLimitSettings.builder().download(100_000).build(), 0);
        long got = greedy(l, t, Direction.DOWNLOAD, 10);
        assertThat(got).isBetween(1_000_000L, 1_000_000L + 100_000);
        assertThat(greedy(l, t, Direction.UPLOAD, 1)).as("upload unlimited").isEqualTo(1000L * 16 * 1024);
    }

    @Test
    void theGlobalLimitIsSharedByAllTorrents() {
        RateLimiter l = new RateLimiter(RateLimitSettings.builder().upload(200_000).build(), 0);
        RateLimiter.Limits a = l.forTorrent(RateLimitSettings.builder().upload(150_000).build(), 0);
        RateLimiter.Limits b = l.forTorrent(RateLimitSettings.UNLIMITED, 0);
        long ga = 0;
        long gb = 0;
        for (long ms = 0; ms < 10_000; ms++) {
            ga += l.tryAcquire(a, Direction.UPLOAD, 4096, ms * 1_000_000L).bytes();
            gb += l.tryAcquire(b, Direction.UPLOAD, 4096, ms * 1_000_000L).bytes();
        }
        assertThat(ga + gb).isBetween(2_000_000L, 2_000_000L + 200_000);
        assertThat(ga).isLessThanOrEqualTo(1_500_000L + 150_000);
        assertThat(gb).isPositive();
    }

    @Test
    void tokensRefusedByTheGlobalBucketGoBackToTheTorrent() {
        RateLimiter l = new RateLimiter(RateLimitSettings.builder().download(16 * 1024).build(), 0);
        RateLimiter.Limits t = l.forTorrent(RateLimitSettings.builder().download(1_000_000).build(), 0);
        l.global().bucket(Direction.DOWNLOAD).tryAcquire(16 * 1024, 0);
        TokenBucket.Grant g = l.tryAcquire(t, Direction.DOWNLOAD, 16 * 1024, 0);
        assertThat(g.bytes()).isZero();
        assertThat(g.retryAfterNanos()).isEqualTo(SEC);
        assertThat(t.bucket(Direction.DOWNLOAD).available(0)).isEqualTo(1_000_000);
    }

    @Test
    void unlimitedEverywhereGrantsEverything() {
        RateLimiter l = new RateLimiter(RateLimitSettings.UNLIMITED, 0);
        assertThat(l.tryAcquire(null, Direction.UPLOAD, 1 << 30, 0)).isEqualTo(new TokenBucket.Grant(1 << 30, 0));
        l.apply(RateLimitSettings.builder().upload(1000).build(), 0);
        assertThat(l.tryAcquire(null, Direction.UPLOAD, 1 << 30, 0).bytes())
                .isEqualTo(RateLimitSettings.MIN_BURST_BYTES);
    }

    @Test
    void settingsValidateAndDeriveBursts() {
        RateLimitSettings s = RateLimitSettings.builder().upload(1_000_000).burst(Duration.ofMillis(500)).build();
        assertThat(s.burstBytes(1_000_000)).isEqualTo(500_000);
        assertThat(s.burstBytes(1000)).isEqualTo(RateLimitSettings.MIN_BURST_BYTES);
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThatThrownBy(() -> RateLimitSettings.builder().download(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimitSettings.builder().burst(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void availableIsTheSmallerOfBothBucketsAndARefundGoesBackToBoth() {
        RateLimiter l = new RateLimiter(RateLimitSettings.builder().download(100_000).build(), 0);
        RateLimiter.Limits t = l.forTorrent(RateLimitSettings.builder().download(50_000).build(), 0);
        assertThat(l.available(t, Direction.DOWNLOAD, 0)).isEqualTo(50_000);
        assertThat(l.available(null, Direction.DOWNLOAD, 0)).isEqualTo(100_000);
        assertThat(l.isUnlimited(t, Direction.DOWNLOAD)).isFalse();
        assertThat(l.isUnlimited(t, Direction.UPLOAD)).isTrue();
        assertThat(l.isUnlimited(null, Direction.UPLOAD)).isTrue();
        assertThat(l.tryAcquire(t, Direction.DOWNLOAD, 40_000, 0).bytes()).isEqualTo(40_000);
        assertThat(l.available(t, Direction.DOWNLOAD, 0)).isEqualTo(10_000);
        l.refund(t, Direction.DOWNLOAD, 30_000);
        assertThat(t.bucket(Direction.DOWNLOAD).available(0)).isEqualTo(40_000);
        assertThat(l.global().bucket(Direction.DOWNLOAD).available(0)).isEqualTo(90_000);
    }
}
