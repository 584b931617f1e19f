package org.peerwave.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link PiecePicker#setWaited}: while a reader is blocked on a piece, the peers that have it are
 * asked for time-critical pieces only, so nothing queues in front of it; other peers fill as usual.
 */
class WaitedPiecesTest {

    static final int B = PieceLayout.DEFAULT_BLOCK_SIZE;
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static PiecePicker<String> picker() {
        return PiecePicker.singleFile(new PieceLayout(20, 4 * B, 4 * B, B),
                PickerSettings.builder().randomFirstPieces(0).build(), new SplittableRandom(1));
    }

    private static void peer(PiecePicker<String> p, String name, BitSet has) {
        p.peerConnected(name, true, 0);
        p.peerBitfield(name, has);
        p.peerUnchoked(name);
    }

    private static BitSet range(int from, int to) {
        BitSet b = new BitSet();
        b.set(from, to);
        return b;
    }

    @Test
    void aPeerWithTheWaitedPieceIsAskedForCriticalPiecesOnly() {
        PiecePicker<String> p = picker();
        peer(p, "has", range(0, 20));
        peer(p, "lacks", range(0, 10));
        p.setDeadline(12, T0.plusSeconds(1));
        p.setDeadline(13, T0.plusSeconds(2));
        BitSet waited = new BitSet();
        waited.set(12);
        p.setWaited(waited);

        List<Block> fromHas = p.pick("has", 100, 0);
        assertThat(fromHas).extracting(Block::piece).containsOnly(12, 13).hasSize(8);
        // a peer without the waited piece keeps the swarm download going
        List<Block> fromLacks = p.pick("lacks", 100, 0);
        assertThat(fromLacks).isNotEmpty().extracting(Block::piece).allMatch(x -> x < 10);
        p.checkInvariants();

        // the piece came: the restriction ends by itself
        for (Block b : fromHas) {
            if (b.piece() == 12) {
                p.blockReceived("has", b, 0);
            }
        }
        p.pieceVerified(12);
        assertThat(p.pick("has", 100, 0)).extracting(Block::piece).anyMatch(x -> x != 12 && x != 13);
        p.checkInvariants();
    }

    @Test
    void withoutWaitedPiecesCriticalOnesComeFirstAndTheRestFillsIn() {
        PiecePicker<String> p = picker();
        peer(p, "has", range(0, 20));
        p.setDeadline(12, T0.plusSeconds(1));
        List<Block> got = p.pick("has", 100, 0);
        assertThat(got.getFirst().piece()).isEqualTo(12);
        assertThat(got).extracting(Block::piece).anyMatch(x -> x != 12);
        p.checkInvariants();
    }
}
