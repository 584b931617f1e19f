package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Fuzz target for resume files. Without {@code JAZZER_FUZZ} it replays the seeds in
 * {@code src/test/resources/org/peerwave/engine/storage/ResumeDataFuzzTestInputs/fuzz/}.
 *
 * <p>Property: decoding either throws {@link ResumeDataException} with a one-line message, or gives
 * resume data whose encoding decodes to the same data.
 */
class ResumeDataFuzzTest {

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"d15:peerwave-resumei1e", "9:info-hash20:", "9:save-path", "11:piece-count", "6:pieces",
        "15:file-priorities", "8:uploaded", "10:downloaded", "10:added-time", "5:files", "li1ei2ee", "e"})
    void fuzz(byte @NotNull [] input) {
        ResumeData data;
        try {
            data = ResumeData.decode(input);
        } catch (ResumeDataException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        ResumeData again = ResumeData.decode(data.encode());
        assertThat(again.have()).isEqualTo(data.have());
        assertThat(again.files()).isEqualTo(data.files());
        assertThat(again.filePriorities()).isEqualTo(data.filePriorities());
        assertThat(again.infoHash()).isEqualTo(data.infoHash());
        assertThat(again.encode()).isEqualTo(data.encode());
    }
}
