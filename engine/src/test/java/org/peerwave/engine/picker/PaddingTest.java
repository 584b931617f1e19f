package org.peerwave.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Padding blocks (pad files, v2 gaps): found, never requested, and counted as received. */
class PaddingTest {

    static final int B = PieceLayout.DEFAULT_BLOCK_SIZE;

    private static BitSet bits(int... i) {
        BitSet b = new BitSet();
        for (int x : i) {
            b.set(x);
        }
        return b;
    }

    @Test
    void blocksWhollyOutsideTheFilesArePadding() {
        // pieces of 4 blocks; file a [0, 70000), pad to 131072 (piece 2), file b [131072, 140000), end padded to 196608
        PieceLayout layout = new PieceLayout(3, 4 * B, 4 * B, B);
        Map<Integer, BitSet> pad = Padding.blocks(layout, List.of(new long[] {0, 70_000}, new long[] {131_072, 140_000}));
        // piece 1 = [65536, 131072): block 0 holds a's last bytes (to 70000), blocks 1..3 are pad
        assertThat(pad.get(1)).isEqualTo(bits(1, 2, 3));
        // piece 2 = [131072, 196608): block 0 holds b, blocks 1..3 are after the last file
        assertThat(pad.get(2)).isEqualTo(bits(1, 2, 3));
        assertThat(pad).doesNotContainKey(0);
        // nothing but content: no padding
        assertThat(Padding.blocks(layout, List.of(new long[] {0, 3L * 4 * B}))).isEmpty();
    }

    @Test
    void paddingIsNeverRequestedAndAPieceCompletesWithItsLastRealBlock() {
        PieceLayout layout = new PieceLayout(3, 4 * B, 4 * B, B);
        PiecePicker<String> p = PiecePicker.singleFile(layout, PickerSettings.builder().randomFirstPieces(0).build(),
                new SplittableRandom(1));
        p.setPadding(Padding.blocks(layout, List.of(new long[] {0, 70_000}, new long[] {131_072, 140_000})));
        p.peerConnected("a", true, 0);
        BitSet all = new BitSet();
        all.set(0, 3);
        p.peerBitfield("a", all);
        p.peerUnchoked("a");
        List<Block> asked = new ArrayList<>();
        for (List<Block> got = p.pick("a", 1, 0); !got.isEmpty(); got = p.pick("a", 1, 0)) {
            asked.addAll(got);
        }
        assertThat(asked).hasSize(4 + 1 + 1);
        assertThat(asked).allSatisfy(b -> assertThat(b.piece() == 0 || b.offset() == 0).isTrue());
        Block last1 = asked.stream().filter(b -> b.piece() == 1).findFirst().orElseThrow();
        assertThat(p.blockReceived("a", last1, 0).pieceComplete()).isTrue();
        p.checkInvariants();

        // a failed hash check asks for the real block again, still not the padding
        p.pieceFailed(1);
        List<Block> again = p.pick("a", 10, 0);
        assertThat(again).filteredOn(b -> b.piece() == 1).containsExactly(new Block(1, 0, B));
        assertThat(p.padding(1)).isEqualTo(bits(1, 2, 3));
        p.checkInvariants();
    }

    @Test
    void aPieceThatWouldBeAllPaddingIsLeftAlone() {
        PieceLayout layout = new PieceLayout(2, 4 * B, 4 * B, B);
        PiecePicker<String> p = PiecePicker.singleFile(layout, PickerSettings.DEFAULT, new SplittableRandom(1));
        BitSet allFour = new BitSet();
        allFour.set(0, 4);
        p.setPadding(Map.of(1, allFour));
        assertThat(p.padding(1).isEmpty()).isTrue();
    }
}
