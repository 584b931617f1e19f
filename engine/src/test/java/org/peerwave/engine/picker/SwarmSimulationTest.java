package org.peerwave.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A property-style check: a small swarm in memory (fake peers with random bitfields that gain pieces,
 * choke and unchoke, deliver at different rates, go silent, reject, and one that sends corrupt
 * data), driven by a loop without threads. Whatever happens, the picker must complete every wanted
 * piece exactly once, never request a skipped piece, never ask a peer for a piece it lacks (or, while
 * it chokes us, one outside its allowed-fast set), and keep its invariants after every step.
 */
class SwarmSimulationTest {

    static final int B = PieceLayout.DEFAULT_BLOCK_SIZE;
    static final long SEC = 1_000_000_000L;
    static final int PIECES = 37;

    /** What the runs went through, summed: each situation must have happened at least once. */
    static final Map<String, Integer> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterAll
    static void everySituationWasExercised() {
        assertThat(SEEN.keySet()).contains("failed piece", "time-out", "duplicate", "cancel", "reject",
                "choke drop", "end game", "ban");
    }

    static void seen(String what, int n) {
        if (n > 0) {
            SEEN.merge(what, n, Integer::sum);
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 25);
    }

    static final class SimPeer {
        final String name;
        final BitSet has = new BitSet();
        final BitSet allowedFast = new BitSet();
        /** Requests the picker timed out (and cancelled): they may be asked for again later. */
        final java.util.Set<Block> timedOut = new java.util.HashSet<>();
        final ArrayDeque<Block> queue = new ArrayDeque<>();
        boolean fast;
        boolean choking = true;
        boolean liar;
        int rate;
        int silentFrom = -1;
        int silentTo = -1;

        SimPeer(String name) {
            this.name = name;
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void rarestFirstSwarmCompletesEveryWantedPieceOnce(long seed) {
        run(seed, false);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sequentialSwarmCompletesEveryWantedPieceOnce(long seed) {
        run(seed, true);
    }

    void run(long seed, boolean sequential) {
        SplittableRandom rnd = new SplittableRandom(seed);
        PieceLayout layout = new PieceLayout(PIECES, 4 * B, 20000, B);
        List<FilePieces> files = List.of(new FilePieces(0, 9), new FilePieces(10, 19), new FilePieces(19, 36));
        PiecePicker<String> picker = new PiecePicker<>(layout, files, PickerSettings.DEFAULT, rnd.split());
        picker.setFilePriority(1, Priority.SKIP);
        picker.setFilePriority(2, rnd.nextBoolean() ? Priority.HIGH : Priority.LOW);
        picker.setFirstLastPriority(2, rnd.nextBoolean());
        picker.setSequential(sequential);
        BitSet skipped = new BitSet();
        skipped.set(10, 19);
        int wanted = PIECES - skipped.cardinality();
        assertThat(picker.wantedRemaining()).isEqualTo(wanted);

        Map<String, SimPeer> peers = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            SimPeer p = new SimPeer("p" + i);
            p.fast = rnd.nextBoolean();
            p.rate = 1 + rnd.nextInt(6);
            for (int piece = 0; piece < PIECES; piece++) {
                if (rnd.nextInt(100) < 40) {
                    p.has.set(piece);
                }
            }
            if (p.fast) {
                p.allowedFast.set(rnd.nextInt(PIECES));
                p.allowedFast.set(rnd.nextInt(PIECES));
            }
            peers.put(p.name, p);
        }
        peers.get("p1").liar = true;
        peers.get("p2").silentFrom = 10;
        peers.get("p2").silentTo = 120;
        for (SimPeer p : peers.values()) {
            connect(picker, p);
        }

        Map<Block, Boolean> corrupt = new HashMap<>();
        Map<Block, String> deliveredBy = new HashMap<>();
        int[] verified = new int[PIECES];
        Map<String, Integer> failures = new HashMap<>();
        int tick = 0;
        for (; tick < 3000 && picker.wantedRemaining() > 0; tick++) {
            long now = tick * SEC;
            if (tick == 40) {
                SimPeer seedPeer = new SimPeer("seed");
                seedPeer.has.set(0, PIECES);
                seedPeer.rate = 2;
                seedPeer.fast = true;
                peers.put(seedPeer.name, seedPeer);
                connect(picker, seedPeer);
            }
            // 1. chokes, unchokes and haves
            for (SimPeer p : peers.values()) {
                if (rnd.nextInt(100) < 6) {
                    if (p.choking) {
                        p.choking = false;
                        picker.peerUnchoked(p.name);
                    } else {
                        p.choking = true;
                        List<Block> dropped = picker.peerChoked(p.name);
                        if (p.fast) {
                            assertThat(dropped).isEmpty();
                            for (Block b : List.copyOf(p.queue)) {
                                if (!p.allowedFast.get(b.piece())) {
                                    p.queue.remove(b);
                                    picker.blockRejected(p.name, b);
                                    seen("reject", 1);
                                }
                            }
                        } else {
                            // the queue may also hold requests that timed out (the picker forgot those)
                            assertThat(p.queue).containsAll(dropped);
                            seen("choke drop", dropped.size());
                            p.queue.clear();
                        }
                    }
                }
                if (rnd.nextInt(100) < 5) {
                    int piece = rnd.nextInt(PIECES);
                    p.has.set(piece);
                    picker.peerHave(p.name, piece);
                }
            }
            // 2. time-outs: the peer keeps them queued (late data must still be understood)
            var expired = picker.timedOut(now);
            for (var pb : expired) {
                peers.get(pb.peer()).timedOut.add(pb.block());
            }
            seen("time-out", expired.size());
            seen("end game", picker.isEndGame() ? 1 : 0);
            // 3. requests
            for (SimPeer p : peers.values()) {
                for (Block b : picker.pick(p.name, now)) {
                    assertThat(p.has.get(b.piece())).as("requested %s from %s that lacks it", b, p.name).isTrue();
                    assertThat(skipped.get(b.piece())).as("requested skipped piece %s", b).isFalse();
                    assertThat(!p.choking || p.allowedFast.get(b.piece()))
                            .as("requested %s from choking %s", b, p.name).isTrue();
                    if (p.timedOut.remove(b) && p.queue.contains(b)) {
                        continue; // asked again after its time-out: the peer still holds the first request
                    }
                    assertThat(p.queue).doesNotContain(b);
                    p.queue.add(b);
                }
            }
            // 4. deliveries
            for (SimPeer p : List.copyOf(peers.values())) {
                if (!peers.containsKey(p.name) || (tick >= p.silentFrom && tick < p.silentTo)) {
                    continue;
                }
                for (int i = 0; i < p.rate && !p.queue.isEmpty() && peers.containsKey(p.name); i++) {
                    Block b = p.queue.poll();
                    BlockResult<String> r = picker.blockReceived(p.name, b, now + i);
                    assertThat(r.outcome()).isNotEqualTo(BlockResult.Outcome.UNREQUESTED);
                    seen("duplicate", r.outcome() == BlockResult.Outcome.DUPLICATE ? 1 : 0);
                    seen("cancel", r.cancels().size());
                    if (r.outcome() == BlockResult.Outcome.ACCEPTED) {
                        corrupt.put(b, p.liar && rnd.nextInt(100) < 30);
                        deliveredBy.put(b, p.name);
                    }
                    for (PeerBlock<String> c : r.cancels()) {
                        SimPeer other = peers.get(c.peer());
                        if (other != null && rnd.nextBoolean()) {
                            other.queue.remove(c.block());
                        }
                    }
                    if (r.pieceComplete()) {
                        int piece = b.piece();
                        boolean bad = false;
                        Set<String> contributors = new java.util.HashSet<>();
                        for (int k = 0; k < layout.blocksIn(piece); k++) {
                            Block kb = layout.block(piece, k);
                            bad |= corrupt.get(kb);
                            contributors.add(deliveredBy.get(kb));
                        }
                        if (bad) {
                            Set<String> named = picker.pieceFailed(piece);
                            assertThat(named).isEqualTo(contributors).contains("p1");
                            seen("failed piece", 1);
                            if (failures.merge("p1", 1, Integer::sum) == 2 && peers.containsKey("p1")) {
                                peers.remove("p1");
                                seen("ban", 1);
                                picker.peerDisconnected("p1");
                            }
                        } else {
                            assertThat(picker.hasPiece(piece)).isFalse();
                            picker.pieceVerified(piece);
                            verified[piece]++;
                        }
                    }
                }
            }
            picker.checkInvariants();
        }
        assertThat(picker.wantedRemaining()).as("completed within %d ticks", tick).isZero();
        SEEN.merge("ticks", tick, Integer::sum);
        for (int piece = 0; piece < PIECES; piece++) {
            assertThat(verified[piece]).as("piece %d verified", piece).isEqualTo(skipped.get(piece) ? 0 : 1);
        }
        for (String name : List.copyOf(peers.keySet())) {
            picker.peerDisconnected(name);
        }
        picker.checkInvariants();
        for (int piece = 0; piece < PIECES; piece++) {
            assertThat(picker.availability(piece)).isZero();
        }
    }

    static void connect(PiecePicker<String> picker, SimPeer p) {
        picker.peerConnected(p.name, p.fast, 0);
        if (p.has.cardinality() == PIECES && p.fast) {
            picker.peerHaveAll(p.name);
        } else {
            picker.peerBitfield(p.name, p.has);
        }
        for (int piece = p.allowedFast.nextSetBit(0); piece >= 0; piece = p.allowedFast.nextSetBit(piece + 1)) {
            picker.allowedFast(p.name, piece);
        }
        if (p.name.endsWith("3")) {
            picker.suggest(p.name, p.has.nextSetBit(0) < 0 ? 0 : p.has.nextSetBit(0));
        }
    }
}
