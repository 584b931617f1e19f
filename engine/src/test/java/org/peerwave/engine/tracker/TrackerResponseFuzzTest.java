package org.peerwave.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.util.List;

/**
 * Fuzz target for every tracker response parser (HTTP announce and scrape bodies, UDP connect,
 * announce and scrape packets). Without {@code JAZZER_FUZZ} it replays the seeds in
 * {@code src/test/resources/org/peerwave/engine/tracker/TrackerResponseFuzzTestInputs/fuzz/}; the
 * build's {@code fuzz-tracker} execution fuzzes it for a short while.
 *
 * <p>Property: each parser returns a value or throws {@link TrackerException} with a one-line
 * message; nothing else escapes, whatever the bytes.
 */
class TrackerResponseFuzzTest {

    private static final byte[] HASH = new byte[20];

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"d", "l", "e", "i", "8:interval", "12:min interval", "5:peers", "6:peers6",
        "14:failure reason", "15:warning message", "8:complete", "10:incomplete", "5:files", "2:ip", "4:port",
        "10:tracker id", "6:", "18:"})
    void fuzz(byte @NotNull [] input) {
        check(() -> HttpTrackerResponses.parseAnnounce(input, 4096));
        check(() -> HttpTrackerResponses.parseScrape(input, 4096));
        check(() -> UdpTrackerPackets.parseConnect(input));
        check(() -> UdpTrackerPackets.parseAnnounce(input, false));
        check(() -> UdpTrackerPackets.parseAnnounce(input, true));
        check(() -> UdpTrackerPackets.parseScrape(input, List.of(HASH, HASH)));
        if (input.length >= 8) {
            assertThat(UdpTrackerPackets.parseError(input)).doesNotContain("\0");
        }
    }

    private interface Parse {
        Object run() throws TrackerException;
    }

    private static void check(Parse parse) {
        try {
            assertThat(parse.run()).isNotNull();
        } catch (TrackerException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }
}
