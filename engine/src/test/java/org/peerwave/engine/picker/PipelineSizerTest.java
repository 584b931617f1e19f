package org.peerwave.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PipelineSizerTest {

    static final int B = PieceLayout.DEFAULT_BLOCK_SIZE;
    static final long SEC = 1_000_000_000L;
    final PickerSettings settings = PickerSettings.builder()
            .pipelineDepth(2, 4, 250).targetLatency(Duration.ofSeconds(3)).snubTimeout(Duration.ofSeconds(20)).build();

    /** Delivers {@code bytesPerSecond} in blocks for {@code seconds}, starting at {@code start}. */
    static long feed(PipelineSizer s, long bytesPerSecond, int seconds, long start) {
        long blocksPerSecond = bytesPerSecond / B;
        long t = start;
        for (int sec = 0; sec < seconds; sec++) {
            for (int i = 1; i <= blocksPerSecond; i++) {
                t = start + sec * SEC + i * SEC / blocksPerSecond;
                s.blockReceived(B, t);
            }
        }
        return t;
    }

    @Test
    void depthStartsAtTheInitialValue() {
        assertThat(new PipelineSizer(settings, B, 0).depth()).isEqualTo(4);
    }

    @Test
    void beforeTheFirstRateSampleDepthGrowsByOnePerBlockUpToTheMaximum() {
        PipelineSizer s = new PipelineSizer(settings, B, 0);
        for (int i = 0; i < 10; i++) {
            s.blockReceived(B, 1000 + i);
        }
        assertThat(s.depth()).as("4 + 10 blocks").isEqualTo(14);
        for (int i = 0; i < 1000; i++) {
            s.blockReceived(B, 2000 + i);
        }
        assertThat(s.depth()).as("clamped to the maximum").isEqualTo(250);
        assertThat(s.rate()).as("still within the first sample").isNegative();
    }

    @Test
    void depthFollowsRateTimesLatency() {
        PipelineSizer s = new PipelineSizer(settings, B, 0);
        feed(s, 1024 * 1024, 5, 0);
        assertThat(s.rate()).isBetween(1024 * 1024 * 0.95, 1024 * 1024 * 1.05);
        // 1 MiB/s × 3 s / 16 KiB = 192
        assertThat(s.depth()).isBetween(185, 200);
    }

    @Test
    void depthIsClampedAndAdaptsDownwards() {
        PipelineSizer s = new PipelineSizer(settings, B, 0);
        long t = feed(s, 8L * 1024 * 1024, 3, 0);
        assertThat(s.depth()).isEqualTo(250);
        t = feed(s, 32 * 1024, 10, t);
        assertThat(s.depth()).isBetween(2, 8);
        PipelineSizer slow = new PipelineSizer(settings, B, 0);
        feed(slow, B, 5, 0);
        assertThat(slow.depth()).as("16 KiB/s × 3 s").isEqualTo(3);
        PickerSettings highMin = settings.toBuilder().pipelineDepth(5, 5, 250).build();
        PipelineSizer clamped = new PipelineSizer(highMin, B, 0);
        feed(clamped, B, 5, 0);
        assertThat(clamped.depth()).isEqualTo(5);
    }

    @Test
    void aSilentPeerIsSnubbedUntilItDeliversAgain() {
        PipelineSizer s = new PipelineSizer(settings, B, 0);
        long t = feed(s, 1024 * 1024, 2, 0);
        assertThat(s.updateSnubbed(t + 19 * SEC, true)).isFalse();
        assertThat(s.updateSnubbed(t + 30 * SEC, false)).as("nothing asked, nothing owed").isFalse();
        assertThat(s.updateSnubbed(t + 20 * SEC, true)).isTrue();
        assertThat(s.depth()).isEqualTo(1);
        s.blockReceived(B, t + 21 * SEC);
        assertThat(s.isSnubbed()).isFalse();
        assertThat(s.depth()).isGreaterThan(1);
    }

    @Test
    void waitingStartsWhenTheFirstRequestIsSent() {
        PipelineSizer s = new PipelineSizer(settings, B, 0);
        s.requestSent(100 * SEC, true);
        assertThat(s.updateSnubbed(110 * SEC, true)).isFalse();
        assertThat(s.updateSnubbed(120 * SEC, true)).isTrue();
    }
}
