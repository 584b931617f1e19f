package org.peerwave.engine.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Fuzz target for the bencode decoder. Without {@code JAZZER_FUZZ} it replays the seeds in
 * {@code src/test/resources/org/peerwave/engine/bencode/BencodeFuzzTestInputs/fuzz/}; the build's
 * {@code fuzz-bencode} execution fuzzes it for a short while.
 *
 * <p>Property: decoding either throws {@link BencodeException} with a one-line message, or returns a
 * value whose canonical encoding decodes to an equal value and is a fixed point. Tight limits never
 * cause anything but a {@link BencodeException}.
 */
class BencodeFuzzTest {

    private static final BencodeDecoder TIGHT = new BencodeDecoder(new BencodeLimits(64, 4, 16));

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"d", "l", "e", "i", "i-", "0:", "1:", "4:info", "6:pieces", "12:piece length", "ie", "i0e",
        "i-0e", "i9223372036854775807e", "i-9223372036854775808e"})
    void fuzz(byte @NotNull [] input) {
        BValue value;
        try {
            value = new BencodeDecoder().decode(input);
        } catch (BencodeException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        byte[] canonical = Bencode.encode(value);
        BValue again = Bencode.decode(canonical);
        assertThat(again).isEqualTo(value);
        assertThat(Bencode.encode(again)).isEqualTo(canonical);
        try {
            assertThat(TIGHT.decode(input)).isEqualTo(value);
        } catch (BencodeException overLimit) {
            assertThat(overLimit.getMessage()).isNotBlank();
        }
    }
}
