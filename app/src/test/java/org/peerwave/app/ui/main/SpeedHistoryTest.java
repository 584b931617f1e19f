package org.peerwave.app.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The speed ring buffer: ten minutes at one point per second, read over 1, 5 or 10 minute windows. */
class SpeedHistoryTest {

    @Test
    void holdsSixHundredPointsAndDropsTheOldest() {
        SpeedHistory h = new SpeedHistory();
        assertThat(h.capacity()).isEqualTo(600);
        for (int i = 1; i <= 700; i++) {
            h.add(i, 10_000 + i);
        }
        assertThat(h.size()).isEqualTo(600);
        SpeedHistory.Points all = h.window(600);
        assertThat(all.size()).isEqualTo(600);
        assertThat(all.down()[0]).isEqualTo(101);
        assertThat(all.down()[599]).isEqualTo(700);
        assertThat(all.up()[599]).isEqualTo(10_700);
        assertThat(all.max()).isEqualTo(10_700);
        for (int i = 1; i < 600; i++) {
            assertThat(all.down()[i]).isEqualTo(all.down()[i - 1] + 1);
        }
    }

    @Test
    void windowsTakeTheNewestPoints() {
        SpeedHistory h = new SpeedHistory();
        for (int i = 1; i <= 1234; i++) {
            h.add(i, 0);
        }
        SpeedHistory.Points oneMinute = h.window(60);
        assertThat(oneMinute.size()).isEqualTo(60);
        assertThat(oneMinute.down()[0]).isEqualTo(1175);
        assertThat(oneMinute.down()[59]).isEqualTo(1234);
        SpeedHistory.Points five = h.window(300);
        assertThat(five.size()).isEqualTo(300);
        assertThat(five.down()[0]).isEqualTo(935);
        assertThat(h.window(10_000).size()).as("never more than held").isEqualTo(600);
    }

    @Test
    void fewerPointsThanTheWindow() {
        SpeedHistory h = new SpeedHistory();
        assertThat(h.window(60).size()).isZero();
        h.add(5, 6);
        h.add(7, 8);
        SpeedHistory.Points p = h.window(300);
        assertThat(p.down()).containsExactly(5, 7);
        assertThat(p.up()).containsExactly(6, 8);
        assertThatThrownBy(() -> h.window(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
