package org.peerwave.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.peerwave.engine.bencode.Bencode;

/**
 * Fuzz target for the torrent file parser. Seeds (real torrents of each kind made by libtorrent,
 * and hostile ones) are in {@code src/test/resources/org/peerwave/engine/metainfo/MetainfoFuzzTestInputs/fuzz/}.
 *
 * <p>Property: parsing either throws {@link MetainfoException} with a one-line message, or gives a
 * torrent whose files all resolve inside a save directory under both path policies, whose
 * counts are consistent, and whose info hash is stable when the info bytes are parsed again.
 */
class MetainfoFuzzTest {

    private static final Path SAVE = Path.of("/save");

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"d4:info", "4:name", "12:piece length", "i16384e", "6:pieces", "5:files", "6:length",
        "4:path", "4:attr", "1:p", "12:meta version", "i2e", "9:file tree", "0:", "11:pieces root",
        "12:piece layers", "7:private", "8:announce", "13:announce-list", "8:url-list", "2:..", "1:/"})
    void fuzz(byte @NotNull [] input) {
        for (PathSanitizer policy : List.of(PathSanitizer.posix(), PathSanitizer.windows())) {
            TorrentMetainfo t;
            try {
                t = new MetainfoParser(MetainfoLimits.DEFAULT, policy).parse(input);
            } catch (MetainfoException expected) {
                assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
                return;
            }
            assertThat(t.pieceCount()).isPositive();
            assertThat(t.totalLength()).isPositive();
            for (FileEntry f : t.files()) {
                List<String> full = new ArrayList<>();
                full.add(t.name());
                full.addAll(f.path());
                assertThat(PathSanitizer.resolveUnder(SAVE, full)).startsWithRaw(SAVE);
                for (String c : f.path()) {
                    assertThat(c).isNotEmpty().isNotEqualTo("..").doesNotContain("/", "\\", "\0");
                }
            }
            byte[] again = Bencode.encode(Bencode.decode(input));
            // canonical re-encoding parses too (it may change the info hash when keys were unsorted)
            assertThat(new MetainfoParser(MetainfoLimits.DEFAULT, policy).parse(again).files()).hasSameSizeAs(t.files());
        }
    }
}
