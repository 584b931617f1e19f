package org.peerwave.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PiecePickerTest {

    static final int B = PieceLayout.DEFAULT_BLOCK_SIZE;
    static final long SEC = 1_000_000_000L;

    /** Pickers built by a test; their invariants are checked after each test. */
    final List<PiecePicker<String>> made = new ArrayList<>();

    @AfterEach
    void invariantsHold() {
        made.forEach(PiecePicker::checkInvariants);
    }

    /** {@code pieces} pieces of {@code blocks} blocks each, one file. */
    PiecePicker<String> picker(int pieces, int blocks, PickerSettings settings, long seed) {
        PieceLayout layout = new PieceLayout(pieces, blocks * B, blocks * B, B);
        PiecePicker<String> p = PiecePicker.singleFile(layout, settings, new SplittableRandom(seed));
        made.add(p);
        return p;
    }

    static PickerSettings noRandomFirst() {
        return PickerSettings.builder().randomFirstPieces(0).build();
    }

    static BitSet bits(int... pieces) {
        BitSet b = new BitSet();
        for (int p : pieces) {
            b.set(p);
        }
        return b;
    }

    static BitSet range(int from, int to) {
        BitSet b = new BitSet();
        b.set(from, to);
        return b;
    }

    /** Connects an unchoking peer with {@code has}. */
    static void peer(PiecePicker<String> p, String name, BitSet has) {
        p.peerConnected(name, true, 0);
        p.peerBitfield(name, has);
        p.peerUnchoked(name);
    }

    static List<Integer> pieces(List<Block> blocks) {
        return blocks.stream().map(Block::piece).distinct().toList();
    }

    /** Picks one block at a time from {@code peer} until nothing is left; returns the piece order. */
    static List<Integer> drain(PiecePicker<String> p, String peer) {
        List<Integer> order = new ArrayList<>();
        for (List<Block> got = p.pick(peer, 1, 0); !got.isEmpty(); got = p.pick(peer, 1, 0)) {
            if (!order.contains(got.getFirst().piece())) {
                order.add(got.getFirst().piece());
            }
        }
        return order;
    }

    @Test
    void layoutCutsBlocksAndAShortLastPiece() {
        PieceLayout l = PieceLayout.of(3L * 65536 + 20000, 65536);
        assertThat(l.pieceCount()).isEqualTo(4);
        assertThat(l.lastPieceLength()).isEqualTo(20000);
        assertThat(l.blocksIn(0)).isEqualTo(4);
        assertThat(l.blocksIn(3)).isEqualTo(2);
        assertThat(l.block(3, 1)).isEqualTo(new Block(3, B, 20000 - B));
        assertThat(l.indexOf(new Block(3, B, 20000 - B))).isEqualTo(1);
        assertThat(l.indexOf(new Block(3, B, B))).isEqualTo(-1);
        assertThat(l.indexOf(new Block(0, 100, B))).isEqualTo(-1);
        assertThat(FilePieces.of(65536, 65536, 65536)).isEqualTo(new FilePieces(1, 1));
        assertThat(FilePieces.of(65535, 2, 65536)).isEqualTo(new FilePieces(0, 1));
        assertThat(FilePieces.of(10, 0, 65536).isEmpty()).isTrue();
    }

    @Test
    void rarestFirstChoosesTheLeastAvailablePieces() {
        PiecePicker<String> p = picker(10, 1, noRandomFirst(), 1);
        peer(p, "seed", range(0, 10));
        peer(p, "b", range(0, 5));
        peer(p, "c", range(0, 3));
        assertThat(p.availability(9)).isEqualTo(1);
        assertThat(p.availability(4)).isEqualTo(2);
        assertThat(p.availability(0)).isEqualTo(3);
        List<Integer> order = drain(p, "seed");
        assertThat(order.subList(0, 5)).containsExactlyInAnyOrder(5, 6, 7, 8, 9);
        assertThat(order.subList(5, 7)).containsExactlyInAnyOrder(3, 4);
        assertThat(order.subList(7, 10)).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void rarestFirstTiesAreBrokenByTheInjectedRandom() {
        Set<Integer> firsts = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            PiecePicker<String> p = picker(10, 1, noRandomFirst(), seed);
            peer(p, "seed", range(0, 10));
            firsts.add(p.pick("seed", 1, 0).getFirst().piece());
        }
        assertThat(firsts).hasSizeGreaterThan(3);
        PiecePicker<String> a = picker(10, 1, noRandomFirst(), 7);
        PiecePicker<String> b = picker(10, 1, noRandomFirst(), 7);
        peer(a, "s", range(0, 10));
        peer(b, "s", range(0, 10));
        assertThat(drain(a, "s")).isEqualTo(drain(b, "s"));
    }

    @Test
    void randomFirstIgnoresAvailabilityUntilEnoughPiecesAreVerified() {
        Set<Integer> firsts = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            PiecePicker<String> p = picker(10, 1, PickerSettings.builder().randomFirstPieces(4).build(), seed);
            peer(p, "seed", range(0, 10));
            peer(p, "b", range(0, 9));
            firsts.add(p.pick("seed", 1, 0).getFirst().piece());
        }
        assertThat(firsts).hasSizeGreaterThan(2);
        for (long seed = 0; seed < 20; seed++) {
            PiecePicker<String> p = picker(10, 1, PickerSettings.builder().randomFirstPieces(4).build(), seed);
            p.setHave(bits(0, 1, 2, 3));
            peer(p, "seed", range(0, 10));
            peer(p, "b", range(0, 9));
            assertThat(p.pick("seed", 1, 0)).containsExactly(new Block(9, 0, B));
        }
    }

    @Test
    void filePrioritiesOrderPiecesAndSkipIsNeverPicked() {
        PieceLayout layout = new PieceLayout(10, B, B, B);
        List<FilePieces> files = List.of(new FilePieces(0, 3), new FilePieces(3, 6), FilePieces.NONE,
                new FilePieces(7, 9));
        PiecePicker<String> p = new PiecePicker<>(layout, files, noRandomFirst(), new SplittableRandom(3));
        made.add(p);
        p.setFilePriorities(List.of(Priority.LOW, Priority.SKIP, Priority.SKIP, Priority.HIGH));
        assertThat(p.piecePriority(3)).isEqualTo(Priority.LOW);
        assertThat(p.piecePriority(5)).isEqualTo(Priority.SKIP);
        assertThat(p.piecePriority(8)).isEqualTo(Priority.HIGH);
        assertThat(p.wantedRemaining()).isEqualTo(7);
        peer(p, "seed", range(0, 10));
        List<Integer> order = drain(p, "seed");
        assertThat(order.subList(0, 3)).containsExactlyInAnyOrder(7, 8, 9);
        assertThat(order.subList(3, 7)).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(order).hasSize(7).doesNotContain(4, 5, 6);

        PiecePicker<String> q = new PiecePicker<>(layout, files, noRandomFirst(), new SplittableRandom(3));
        made.add(q);
        q.setFilePriorities(List.of(Priority.SKIP, Priority.SKIP, Priority.SKIP, Priority.SKIP));
        peer(q, "seed", range(0, 10));
        assertThat(q.isInterestedIn("seed")).isFalse();
        assertThat(q.pick("seed", 50, 0)).isEmpty();
        assertThat(q.wantedRemaining()).isZero();
    }

    @Test
    void sequentialModePicksInIndexOrder() {
        PiecePicker<String> p = picker(8, 2, noRandomFirst(), 5);
        p.setSequential(true);
        peer(p, "seed", range(0, 8));
        peer(p, "b", bits(7));
        assertThat(drain(p, "seed")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void firstAndLastPiecesOfAMediaFileComeFirst() {
        PieceLayout layout = new PieceLayout(20, B, B, B);
        PiecePicker<String> p = new PiecePicker<>(layout, List.of(new FilePieces(0, 4), new FilePieces(4, 19)),
                noRandomFirst(), new SplittableRandom(9));
        made.add(p);
        p.setFirstLastPriority(1, true);
        peer(p, "seed", range(0, 20));
        List<Integer> order = drain(p, "seed");
        assertThat(order.subList(0, 2)).containsExactlyInAnyOrder(4, 19);
        assertThat(order).hasSize(20);
    }

    @Test
    void partiallyDownloadedPiecesAreFinishedFirst() {
        PiecePicker<String> p = picker(6, 4, noRandomFirst(), 11);
        peer(p, "a", range(0, 6));
        peer(p, "b", range(0, 6));
        peer(p, "c", bits(0));
        List<Block> first = p.pick("a", 2, 0);
        int started = first.getFirst().piece();
        assertThat(pieces(first)).containsExactly(started);
        // b finishes a's piece before anything rarer
        List<Block> second = p.pick("b", 3, 0);
        assertThat(second.subList(0, 2)).allMatch(bl -> bl.piece() == started);
        assertThat(second.get(2).piece()).isNotEqualTo(started);
    }

    @Test
    void aStartedPieceWaitsBehindHigherPriorityAndDeadlines() {
        PieceLayout layout = new PieceLayout(6, 2 * B, 2 * B, B);
        PiecePicker<String> p = new PiecePicker<>(layout,
                List.of(new FilePieces(0, 1), new FilePieces(2, 3), new FilePieces(4, 5)),
                noRandomFirst(), new SplittableRandom(2));
        made.add(p);
        p.setFilePriorities(List.of(Priority.LOW, Priority.SKIP, Priority.LOW));
        peer(p, "a", range(0, 6));
        int started = p.pick("a", 1, 0).getFirst().piece();
        assertThat(started).isIn(0, 1, 4, 5);
        p.setFilePriority(1, Priority.HIGH);
        assertThat(pieces(p.pick("a", 4, 0))).containsExactlyInAnyOrder(2, 3);
        assertThat(pieces(p.pick("a", 1, 0))).as("then the started piece").containsExactly(started);
        int other = started == 0 ? 1 : 0;
        p.setDeadline(other, Instant.EPOCH);
        assertThat(pieces(p.pick("a", 2, 0))).containsExactly(other);
    }

    @Test
    void endGameDuplicatesRequestsThenCancelsThem() {
        PiecePicker<String> p = picker(1, 2, noRandomFirst(), 1);
        peer(p, "a", range(0, 1));
        peer(p, "b", range(0, 1));
        peer(p, "c", range(0, 1));
        List<Block> fromA = p.pick("a", 10, 0);
        assertThat(fromA).hasSize(2);
        assertThat(p.isEndGame()).isTrue();
        assertThat(p.pick("a", 10, 0)).as("never the same block twice from one peer").isEmpty();
        List<Block> fromB = p.pick("b", 10, 0);
        assertThat(fromB).containsExactlyElementsOf(fromA);
        assertThat(p.pick("c", 10, 0)).as("at most maxRequestsPerBlock peers per block").isEmpty();

        BlockResult<String> r = p.blockReceived("a", fromA.get(0), SEC);
        assertThat(r.outcome()).isEqualTo(BlockResult.Outcome.ACCEPTED);
        assertThat(r.cancels()).containsExactly(new PeerBlock<>("b", fromA.get(0)));
        assertThat(p.outstanding("b")).containsExactly(fromA.get(1));
        // b's answer to the cancelled request crosses the cancel: a harmless duplicate
        assertThat(p.blockReceived("b", fromA.get(0), SEC).outcome()).isEqualTo(BlockResult.Outcome.DUPLICATE);
        BlockResult<String> last = p.blockReceived("b", fromA.get(1), SEC);
        assertThat(last.pieceComplete()).isTrue();
        assertThat(last.cancels()).containsExactly(new PeerBlock<>("a", fromA.get(1)));
        p.pieceVerified(0);
        assertThat(p.wantedRemaining()).isZero();
        assertThat(p.isEndGame()).isFalse();
    }

    @Test
    void failedVerificationReturnsBlocksAndNamesContributors() {
        PiecePicker<String> p = picker(1, 3, noRandomFirst(), 1);
        peer(p, "a", range(0, 1));
        peer(p, "b", range(0, 1));
        List<Block> a = p.pick("a", 2, 0);
        List<Block> b = p.pick("b", 1, 0);
        assertThat(b).doesNotContainAnyElementsOf(a);
        p.blockReceived("a", a.get(0), 0);
        p.blockReceived("a", a.get(1), 0);
        BlockResult<String> r = p.blockReceived("b", b.get(0), 0);
        assertThat(r.pieceComplete()).isTrue();
        assertThat(p.isAwaitingHash(0)).isTrue();
        assertThat(p.pick("a", 5, 0)).as("nothing to pick while the hash is checked").isEmpty();
        assertThat(p.pieceFailed(0)).containsExactlyInAnyOrder("a", "b");
        assertThat(p.hasPiece(0)).isFalse();
        assertThat(p.pick("b", 5, 0)).hasSize(3);
    }

    @Test
    void allowedFastPiecesMayBeRequestedWhileChoked() {
        PiecePicker<String> p = picker(10, 2, noRandomFirst(), 1);
        p.peerConnected("a", true, 0);
        p.peerHaveAll("a");
        assertThat(p.isChokingUs("a")).isTrue();
        assertThat(p.pick("a", 10, 0)).isEmpty();
        p.allowedFast("a", 6);
        assertThat(p.pick("a", 10, 0)).containsExactly(new Block(6, 0, B), new Block(6, B, B));
        // a fast peer's choke keeps the requests (it rejects or serves each one)
        assertThat(p.peerChoked("a")).isEmpty();
        assertThat(p.outstanding("a")).hasSize(2);
    }

    @Test
    void chokeWithoutFastExtensionDropsRequests() {
        PiecePicker<String> p = picker(4, 2, noRandomFirst(), 1);
        p.peerConnected("old", false, 0);
        p.peerBitfield("old", range(0, 4));
        p.peerUnchoked("old");
        List<Block> got = p.pick("old", 3, 0);
        assertThat(p.peerChoked("old")).containsExactlyElementsOf(got);
        assertThat(p.outstanding("old")).isEmpty();
        p.peerUnchoked("old");
        assertThat(p.pick("old", 3, 0)).hasSize(3);
    }

    @Test
    void timedOutBlocksArePickedAgainAndLateDataIsStillAccepted() {
        PickerSettings s = PickerSettings.builder().randomFirstPieces(0).requestTimeout(Duration.ofSeconds(30)).build();
        PiecePicker<String> p = picker(1, 2, s, 1);
        peer(p, "slow", range(0, 1));
        peer(p, "fast", range(0, 1));
        List<Block> got = p.pick("slow", 2, 0);
        assertThat(p.timedOut(29 * SEC)).isEmpty();
        List<PeerBlock<String>> out = p.timedOut(30 * SEC);
        assertThat(out).containsExactly(new PeerBlock<>("slow", got.get(0)), new PeerBlock<>("slow", got.get(1)));
        assertThat(p.outstanding("slow")).isEmpty();
        assertThat(p.pick("fast", 5, 30 * SEC)).containsExactlyElementsOf(got);
        BlockResult<String> late = p.blockReceived("slow", got.get(0), 31 * SEC);
        assertThat(late.outcome()).isEqualTo(BlockResult.Outcome.ACCEPTED);
        assertThat(late.cancels()).containsExactly(new PeerBlock<>("fast", got.get(0)));
    }

    @Test
    void aPeerStillDeliveringDoesNotTimeOut() {
        PiecePicker<String> p = picker(4, 4, noRandomFirst(), 1);
        peer(p, "a", range(0, 4));
        List<Block> got = p.pick("a", 16, 0);
        for (int i = 0; i < 15; i++) {
            p.blockReceived("a", got.get(i), (i + 1) * 10 * SEC);
            assertThat(p.timedOut((i + 1) * 10 * SEC)).isEmpty();
        }
        assertThat(p.timedOut(190 * SEC)).hasSize(1);
    }

    @Test
    void rejectsMakeBlocksNeededAgain() {
        PiecePicker<String> p = picker(1, 2, noRandomFirst(), 1);
        peer(p, "a", range(0, 1));
        peer(p, "b", range(0, 1));
        List<Block> got = p.pick("a", 1, 0);
        assertThat(p.blockRejected("a", got.getFirst())).isTrue();
        assertThat(p.blockRejected("a", got.getFirst())).as("a reject for nothing we asked").isFalse();
        assertThat(p.pick("b", 5, 0)).hasSize(2).contains(got.getFirst());
    }

    @Test
    void unrequestedBlocksAreReportedAndChangeNothing() {
        PiecePicker<String> p = picker(2, 2, noRandomFirst(), 1);
        peer(p, "a", range(0, 2));
        assertThat(p.blockReceived("a", new Block(0, 0, B), 0).outcome())
                .isEqualTo(BlockResult.Outcome.UNREQUESTED);
        assertThat(p.blockReceived("a", new Block(0, 5, 9), 0).outcome())
                .isEqualTo(BlockResult.Outcome.UNREQUESTED);
        assertThat(p.pick("a", 4, 0)).hasSize(4);
    }

    @Test
    void blocksAreOnlyRequestedFromPeersThatHaveThePiece() {
        PiecePicker<String> p = picker(10, 2, noRandomFirst(), 1);
        peer(p, "a", bits(2));
        assertThat(pieces(p.pick("a", 50, 0))).containsExactly(2);
        assertThat(p.peerHave("a", 5)).isTrue();
        assertThat(pieces(p.pick("a", 50, 0))).containsExactly(5);
    }

    @Test
    void disconnectReleasesRequestsAndAvailability() {
        PiecePicker<String> p = picker(3, 2, noRandomFirst(), 1);
        peer(p, "a", range(0, 3));
        peer(p, "b", bits(1));
        p.peerConnected("s", true, 0);
        p.peerHaveAll("s");
        assertThat(p.availability(1)).isEqualTo(3);
        List<Block> got = p.pick("a", 6, 0);
        p.peerDisconnected("a");
        assertThat(p.availability(1)).isEqualTo(2);
        assertThat(p.availability(0)).isEqualTo(1);
        p.peerUnchoked("s");
        assertThat(p.pick("s", 6, 0)).containsExactlyInAnyOrderElementsOf(got);
    }

    @Test
    void haveMessagesCanMakeAPeerASeed() {
        PiecePicker<String> p = picker(3, 1, noRandomFirst(), 1);
        peer(p, "a", bits(0, 1));
        assertThat(p.availability(0)).isEqualTo(1);
        p.peerHave("a", 2);
        assertThat(p.availability(2)).isEqualTo(1);
        p.peerHaveNone("a");
        assertThat(p.availability(2)).isZero();
        assertThat(p.isInterestedIn("a")).isFalse();
    }

    @Test
    void aPeerThatTakesPiecesBackLosesOurRequestsForThem() {
        PiecePicker<String> p = picker(4, 1, noRandomFirst(), 1);
        peer(p, "a", bits(0, 1, 2));
        List<Block> got = p.pick("a", 3, 0);
        assertThat(got).hasSize(3);
        p.peerHave("a", 3);
        assertThat(p.outstanding("a")).as("becoming a seed keeps requests").hasSize(3);
        p.peerBitfield("a", bits(1));
        assertThat(p.outstanding("a")).containsExactly(new Block(1, 0, B));
        p.peerHaveNone("a");
        assertThat(p.outstanding("a")).isEmpty();
        assertThat(p.availability(1)).isZero();
    }

    @Test
    void interestFollowsWantedPieces() {
        PiecePicker<String> p = picker(4, 1, noRandomFirst(), 1);
        peer(p, "a", bits(1));
        assertThat(p.isInterestedIn("a")).isTrue();
        p.pieceVerified(1);
        assertThat(p.isInterestedIn("a")).isFalse();
        assertThat(p.peerHave("a", 1)).isFalse();
    }

    @Test
    void deadlinesComeFirstEarliestFirst() {
        PiecePicker<String> p = picker(10, 1, noRandomFirst(), 1);
        peer(p, "a", range(0, 10));
        peer(p, "b", range(0, 3));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        p.setDeadline(2, t.plusSeconds(2));
        p.setDeadline(1, t.plusSeconds(1));
        assertThat(drain(p, "a").subList(0, 2)).containsExactly(1, 2);
        PiecePicker<String> q = picker(10, 1, noRandomFirst(), 1);
        peer(q, "a", range(0, 10));
        peer(q, "b", range(0, 3));
        q.setDeadline(1, t);
        q.clearDeadlines();
        assertThat(q.deadlines()).isEmpty();
        assertThat(q.pick("a", 1, 0).getFirst().piece()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void requestsForPiecesWithoutADeadlineAreWithdrawnForTheCriticalOnes() {
        PiecePicker<String> p = picker(10, 1, noRandomFirst(), 1);
        peer(p, "a", range(0, 10));
        p.peerConnected("slow", false, 0);
        p.peerBitfield("slow", range(0, 10));
        p.peerUnchoked("slow");
        List<Block> queued = p.pick("a", 3, 0);
        List<Block> queuedSlow = p.pick("slow", 2, 0);
        assertThat(p.withdrawNonCritical("a", 0)).as("no deadlines: nothing withdrawn").isEmpty();

        int critical = java.util.stream.IntStream.range(0, 10)
                .filter(i -> queued.stream().noneMatch(b -> b.piece() == i)
                        && queuedSlow.stream().noneMatch(b -> b.piece() == i))
                .findFirst().orElseThrow();
        p.setDeadline(critical, Instant.EPOCH);
        assertThat(p.withdrawNonCritical("a", SEC)).containsExactlyInAnyOrderElementsOf(queued);
        assertThat(p.outstanding("a")).isEmpty();
        assertThat(p.withdrawNonCritical("slow", SEC)).as("a peer without the fast extension keeps its queue")
                .isEmpty();
        p.checkInvariants();
        assertThat(p.pick("a", 1, SEC)).containsExactly(new Block(critical, 0, B));
        assertThat(p.pick("a", 10, SEC)).as("withdrawn blocks wait for the peer's reject")
                .doesNotContainAnyElementsOf(queued);
        assertThat(p.blockRejected("a", queued.getFirst())).isTrue();
        assertThat(p.pick("a", 10, SEC)).contains(queued.getFirst());
        // data that crossed the cancel is still taken
        assertThat(p.blockReceived("a", queued.get(1), SEC).outcome()).isEqualTo(BlockResult.Outcome.ACCEPTED);
        p.checkInvariants();
    }

    @Test
    void suggestedPiecesArePreferredAtEqualPriority() {
        PiecePicker<String> p = picker(10, 1, noRandomFirst(), 1);
        peer(p, "a", range(0, 10));
        p.suggest("a", 4);
        assertThat(p.pick("a", 1, 0)).containsExactly(new Block(4, 0, B));
    }

    @Test
    void pipelineBudgetFollowsTheSizerAndSnubbing() {
        PickerSettings s = PickerSettings.builder().randomFirstPieces(0).snubTimeout(Duration.ofSeconds(20)).build();
        PiecePicker<String> p = picker(50, 16, s, 1);
        peer(p, "a", range(0, 50));
        assertThat(p.requestBudget("a", 0)).isEqualTo(s.initialPipelineDepth());
        List<Block> got = p.pick("a", 0);
        assertThat(got).hasSize(4);
        assertThat(p.requestBudget("a", SEC)).isZero();
        assertThat(p.isSnubbed("a", 19 * SEC)).isFalse();
        assertThat(p.isSnubbed("a", 20 * SEC)).isTrue();
        assertThat(p.sizer("a").depth()).isEqualTo(1);
        p.blockReceived("a", got.getFirst(), 21 * SEC);
        assertThat(p.isSnubbed("a", 21 * SEC)).isFalse();
    }

    @Test
    void misuseIsRejected() {
        PiecePicker<String> p = picker(4, 1, noRandomFirst(), 1);
        assertThatThrownBy(() -> p.pick("nobody", 1, 0)).isInstanceOf(IllegalStateException.class);
        p.peerConnected("a", true, 0);
        assertThatThrownBy(() -> p.peerConnected("a", true, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.peerBitfield("a", range(0, 5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.peerHave("a", 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new PieceLayout(1, 10, 11, B)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PickerSettings.builder().pipelineDepth(3, 2, 10).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PickerSettings.builder().maxRequestsPerBlock(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PickerSettings.builder().requestTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PickerSettings.DEFAULT.toBuilder().build()).isEqualTo(PickerSettings.DEFAULT);
    }
}
