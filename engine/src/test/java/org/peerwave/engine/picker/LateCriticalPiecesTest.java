package org.peerwave.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link PiecePicker#duplicateLate}: end game for time-critical pieces whose deadline passed. */
class LateCriticalPiecesTest {

    static final int B = PieceLayout.DEFAULT_BLOCK_SIZE;
    static final long SEC = 1_000_000_000L;
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    final List<PiecePicker<String>> made = new ArrayList<>();

    @AfterEach
    void invariantsHold() {
        made.forEach(PiecePicker::checkInvariants);
    }

    PiecePicker<String> picker(int pieces, int blocks, PickerSettings settings) {
        PiecePicker<String> p = PiecePicker.singleFile(new PieceLayout(pieces, blocks * B, blocks * B, B), settings,
                new SplittableRandom(1));
        made.add(p);
        return p;
    }

    static PickerSettings settings() {
        return PickerSettings.builder().randomFirstPieces(0).build();
    }

    static void seed(PiecePicker<String> p, String name, boolean unchoked) {
        p.peerConnected(name, true, 0);
        p.peerHaveAll(name);
        if (unchoked) {
            p.peerUnchoked(name);
        }
    }

    static ToDoubleFunction<String> rates(Map<String, Double> rates) {
        return peer -> rates.getOrDefault(peer, 0.0);
    }

    /** Peer "slow" holds requests for every block of piece 3, which is due at T0 + 1 s. */
    PiecePicker<String> slowHoldsPiece3(PickerSettings settings) {
        PiecePicker<String> p = picker(8, 4, settings);
        seed(p, "slow", true);
        p.setDeadline(3, T0.plusSeconds(1));
        assertThat(p.pick("slow", 4, 0)).extracting(Block::piece).containsOnly(3);
        return p;
    }

    @Test
    void nothingIsDuplicatedBeforeTheDeadline() {
        PiecePicker<String> p = slowHoldsPiece3(settings());
        seed(p, "fast", true);
        assertThat(p.duplicateLate(T0, rates(Map.of("fast", 1e6, "slow", 1e3)), SEC)).isEmpty();
        assertThat(p.duplicateLate(T0.plusMillis(999), rates(Map.of("fast", 1e6)), SEC)).isEmpty();
    }

    @Test
    void aLatePiecesBlocksGoToTheFastestOtherUnchokedPeersAndAreCancelledOnArrival() {
        PiecePicker<String> p = slowHoldsPiece3(settings());
        seed(p, "fast", true);
        seed(p, "medium", true);
        seed(p, "faster-but-choking", false);
        seed(p, "slowest", true);
        Map<String, Double> r = Map.of("slow", 1e3, "fast", 1e6, "medium", 1e5, "faster-but-choking", 1e7,
                "slowest", 10.0);
        List<PeerBlock<String>> dup = p.duplicateLate(T0.plusSeconds(1), rates(r), SEC);
        // default bound 3 per block: the slow peer plus the two fastest others that unchoke us
        assertThat(dup).hasSize(8);
        assertThat(dup.subList(0, 4)).allMatch(pb -> pb.peer().equals("fast"));
        assertThat(dup.subList(4, 8)).allMatch(pb -> pb.peer().equals("medium"));
        assertThat(dup).extracting(pb -> pb.block().piece()).containsOnly(3);
        assertThat(p.outstanding("fast")).hasSize(4);

        assertThat(p.duplicateLate(T0.plusSeconds(2), rates(r), 2 * SEC))
                .as("each block is at its bound already").isEmpty();

        Block first = dup.getFirst().block();
        BlockResult<String> got = p.blockReceived("fast", first, 2 * SEC);
        assertThat(got.outcome()).isEqualTo(BlockResult.Outcome.ACCEPTED);
        assertThat(got.cancels()).as("the other requesters are cancelled when the block arrives")
                .containsExactlyInAnyOrder(new PeerBlock<>("slow", first), new PeerBlock<>("medium", first));
        assertThat(p.outstanding("slow")).doesNotContain(first);
    }

    @Test
    void theBoundPerBlockIsASetting() {
        PiecePicker<String> p = slowHoldsPiece3(settings().toBuilder().maxLateRequestsPerBlock(2).build());
        seed(p, "fast", true);
        seed(p, "medium", true);
        List<PeerBlock<String>> dup = p.duplicateLate(T0.plusSeconds(5),
                rates(Map.of("fast", 1e6, "medium", 1e5)), SEC);
        assertThat(dup).hasSize(4).allMatch(pb -> pb.peer().equals("fast"));

        PiecePicker<String> off = slowHoldsPiece3(settings().toBuilder().maxLateRequestsPerBlock(1).build());
        seed(off, "fast", true);
        assertThat(off.duplicateLate(T0.plusSeconds(5), rates(Map.of("fast", 1e6)), SEC))
                .as("a bound of 1 turns duplication off").isEmpty();

        assertThat(PickerSettings.DEFAULT.maxLateRequestsPerBlock()).isEqualTo(3);
        assertThat(PickerSettings.DEFAULT.maxRequestersPerBlock()).isEqualTo(3);
        assertThatThrownBy(() -> PickerSettings.builder().maxLateRequestsPerBlock(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyPeersThatHaveThePieceAndHaveNotCancelledTheBlockAreAsked() {
        PiecePicker<String> p = slowHoldsPiece3(settings());
        p.peerConnected("without", true, 0);
        p.peerBitfield("without", bits(0, 1, 2));
        p.peerUnchoked("without");
        p.peerConnected("allowed-fast", true, 0);
        p.peerBitfield("allowed-fast", bits(3));
        p.allowedFast("allowed-fast", 3);
        Map<String, Double> r = Map.of("without", 1e9, "allowed-fast", 1e6);
        List<PeerBlock<String>> dup = p.duplicateLate(T0.plusSeconds(2), rates(r), SEC);
        assertThat(dup).hasSize(4).allMatch(pb -> pb.peer().equals("allowed-fast"));

        // a block given up at a peer (time-out: cancelled, no answer yet) is not asked of it again
        PiecePicker<String> q = picker(8, 1, settings());
        seed(q, "fast", true);
        q.setDeadline(4, T0);
        assertThat(q.pick("fast", 1, 0)).extracting(Block::piece).containsExactly(4);
        assertThat(q.timedOut(30 * SEC)).hasSize(1);
        seed(q, "slow", true);
        assertThat(q.pick("slow", 1, 30 * SEC)).extracting(Block::piece).containsExactly(4);
        assertThat(q.duplicateLate(T0.plusSeconds(1), rates(Map.of("fast", 1e6)), 31 * SEC)).isEmpty();
    }

    @Test
    void snubbedPeersAreNotAskedAndVerifiedPiecesAreNoLongerLate() {
        PiecePicker<String> p = slowHoldsPiece3(settings());
        seed(p, "snubbed", true);
        List<Block> stuck = p.pick("snubbed", 1, 0);
        assertThat(stuck).isNotEmpty();
        long later = 25 * SEC; // past the 20 s snub time-out with nothing delivered
        assertThat(p.duplicateLate(T0.plusSeconds(30), rates(Map.of("snubbed", 1e6)), later)).isEmpty();

        PiecePicker<String> q = slowHoldsPiece3(settings());
        seed(q, "fast", true);
        for (Block b : q.outstanding("slow")) {
            q.blockReceived("slow", b, SEC);
        }
        q.pieceVerified(3);
        assertThat(q.deadlines()).isEmpty();
        assertThat(q.duplicateLate(T0.plusSeconds(30), rates(Map.of("fast", 1e6)), SEC)).isEmpty();
    }

    @Test
    void theEarliestDeadlineIsDuplicatedFirst() {
        PiecePicker<String> p = picker(8, 1, settings());
        seed(p, "slow", true);
        p.setDeadline(5, T0.plusSeconds(2));
        p.setDeadline(2, T0.plusSeconds(1));
        assertThat(p.pick("slow", 2, 0)).extracting(Block::piece).containsExactly(2, 5);
        seed(p, "fast", true);
        assertThat(p.duplicateLate(T0.plusSeconds(3), rates(Map.of("fast", 1e6)), SEC))
                .extracting(pb -> pb.block().piece()).containsExactly(2, 5);
    }

    static BitSet bits(int... pieces) {
        BitSet b = new BitSet();
        for (int i : pieces) {
            b.set(i);
        }
        return b;
    }
}
