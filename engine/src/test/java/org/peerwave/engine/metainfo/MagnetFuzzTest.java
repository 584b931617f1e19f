package org.peerwave.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Fuzz target for {@link MagnetLink#parse(String)}. Without {@code JAZZER_FUZZ} it replays the seeds
 * in {@code src/test/resources/.../MagnetFuzzTestInputs/fuzz/} (each file is the raw UTF-8 link);
 * with {@code JAZZER_FUZZ=1} it fuzzes for 15 seconds.
 *
 * <p>Property: parsing either throws {@link MagnetException} or returns a link whose
 * {@link MagnetLink#toUri()} parses back to an equal link and is a fixed point of
 * parse-then-format; tighter limits either reject the input or give the same link.
 */
class MagnetFuzzTest {

    private static final MagnetLimits SMALL = new MagnetLimits(120, 6);

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"magnet:?", "xt=urn:btih:", "xt=urn:btmh:1220", "&dn=", "&tr=", "&ws=", "&xs=", "&as=",
        "&x.pe=", "&so=", ".1=", "%", "%20", "%C3%A9", "+", "-", ",", "[::1]:", ":6881",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709", "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"})
    void fuzz(@NotNull String input) {
        MagnetLink link;
        try {
            link = MagnetLink.parse(input);
        } catch (MagnetException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        String uri = link.toUri();
        // toUri() may be longer than the input (percent-encoding grows it), so re-parse without limits.
        MagnetLink again = MagnetLink.parse(uri, MagnetLimits.UNLIMITED);
        assertThat(again).isEqualTo(link);
        assertThat(again.toUri()).isEqualTo(uri);

        try {
            assertThat(MagnetLink.parse(input, SMALL)).isEqualTo(link);
        } catch (MagnetException tooBig) {
            assertThat(tooBig.getMessage()).containsAnyOf("the limit is", "parameters");
        }
    }
}
