package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    static final long SEC = 1_000_000_000L;

    @Test
    void aFullBucketGrantsItsBurstThenTheRate() {
        TokenBucket b = new TokenBucket(1000, 500, 0);
        assertThat(b.tryAcquire(800, 0)).isEqualTo(new TokenBucket.Grant(500, 300_000_000L));
        assertThat(b.tryAcquire(100, 0).bytes()).isZero();
        assertThat(b.tryAcquire(100, SEC / 10).bytes()).isEqualTo(100);
        assertThat(b.available(10 * SEC)).as("never more than the burst").isEqualTo(500);
    }

    @Test
    void retryAfterSaysWhenTheRestIsThere() {
        TokenBucket b = new TokenBucket(1000, 1000, 0);
        b.tryAcquire(1000, 0);
        TokenBucket.Grant g = b.tryAcquire(250, 0);
        assertThat(g.bytes()).isZero();
        assertThat(g.retryAfterNanos()).isEqualTo(250_000_000L);
        assertThat(b.tryAcquire(250, g.retryAfterNanos()).complete(250)).isTrue();
        // more than a burst: wait for one burst, then ask again
        assertThat(b.tryAcquire(5000, g.retryAfterNanos()).retryAfterNanos()).isEqualTo(SEC);
    }

    @Test
    void fractionsOfBytesAreNotLost() {
        TokenBucket b = new TokenBucket(3, 10, 0);
        b.tryAcquire(10, 0);
        long total = 0;
        for (long t = 1; t <= 1000; t++) {
            total += b.tryAcquire(10, t * SEC / 100).bytes();
        }
        assertThat(total).isEqualTo(30);
    }

    @Test
    void neverExceedsRateTimesWindowPlusBurst() {
        long rate = 100_000;
        long burst = 20_000;
        TokenBucket b = new TokenBucket(rate, burst, 0);
        SplittableRandom rnd = new SplittableRandom(4);
        List<long[]> grants = new ArrayList<>();
        long t = 0;
        while (t < 20 * SEC) {
            t += rnd.nextLong(SEC / 50);
            TokenBucket.Grant g = b.tryAcquire(1 + rnd.nextLong(30_000), t);
            if (g.bytes() > 0) {
                grants.add(new long[] {t, g.bytes()});
            }
        }
        long sum = 0;
        for (long[] g : grants) {
            sum += g[1];
        }
        assertThat(sum).isBetween(rate * 20 - burst, rate * 20 + burst);
        for (int i = 0; i < grants.size(); i++) {
            long windowSum = 0;
            for (int j = i; j < grants.size(); j++) {
                windowSum += grants.get(j)[1];
                long window = grants.get(j)[0] - grants.get(i)[0];
                assertThat(windowSum).isLessThanOrEqualTo(burst + rate * window / SEC);
            }
        }
    }

    @Test
    void zeroRateIsUnlimited() {
        TokenBucket b = new TokenBucket(0, 1, 0);
        assertThat(b.isUnlimited()).isTrue();
        assertThat(b.tryAcquire(Long.MAX_VALUE / 2, 0)).isEqualTo(new TokenBucket.Grant(Long.MAX_VALUE / 2, 0));
    }

    @Test
    void rateChangesKeepTokensWithinTheNewBurst() {
        TokenBucket b = new TokenBucket(1000, 1000, 0);
        b.setRate(10, 100, 0);
        assertThat(b.available(0)).isEqualTo(100);
        b.tryAcquire(100, 0);
        assertThat(b.available(SEC)).isEqualTo(10);
        b.refund(5000);
        assertThat(b.available(SEC)).isEqualTo(100);
    }

    @Test
    void aLongPauseDoesNotOverflow() {
        TokenBucket b = new TokenBucket(Long.MAX_VALUE / 1_000_000_000L / 2, 1_000_000, 0);
        b.tryAcquire(1_000_000, 0);
        assertThat(b.available(Long.MAX_VALUE / 2)).isEqualTo(1_000_000);
        assertThat(b.available(0)).as("time going backwards adds nothing").isEqualTo(1_000_000);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThatThrownBy(() -> new TokenBucket(-1, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 10, 0).tryAcquire(-1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
