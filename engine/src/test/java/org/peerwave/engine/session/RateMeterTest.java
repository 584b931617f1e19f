package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    static final long SEC = 1_000_000_000L;

    @Test
    void aSteadyFlowReadsAsItsRate() {
        RateMeter m = new RateMeter(5, 0);
        for (long ms = 0; ms < 10_000; ms += 10) {
            m.add(100, ms * 1_000_000L);
        }
        assertThat(m.rate(10 * SEC - 1)).isBetween(9_000L, 10_000L);
        assertThat(m.total()).isEqualTo(100_000);
    }

    @Test
    void oldTrafficLeavesTheWindow() {
        RateMeter m = new RateMeter(3, 0);
        m.add(3000, 0);
        assertThat(m.rate(0)).isEqualTo(1000);
        assertThat(m.rate(2 * SEC)).isEqualTo(1000);
        assertThat(m.rate(3 * SEC)).isZero();
        m.add(600, 100 * SEC);
        assertThat(m.rate(100 * SEC)).isEqualTo(200);
    }

    @Test
    void windowMustBePositive() {
        assertThatThrownBy(() -> new RateMeter(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
