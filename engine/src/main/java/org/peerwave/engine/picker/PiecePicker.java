package org.peerwave.engine.picker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Decides which blocks to request from which peer. Pure: no sockets, threads or files; it is fed
 * bitfields, haves, requests, received blocks and hash results, and answers with blocks to request
 * and cancels to send. Not thread-safe: one torrent's event loop owns it. Invariants: STATE.md.
 *
 * <p>Order in which pieces are chosen for a peer (only pieces the peer has, that we lack, whose
 * priority is not {@link Priority#SKIP}, not awaiting their hash check, and, while the peer chokes
 * us, only its allowed-fast pieces):
 * <ol>
 *   <li>pieces with a deadline (the streaming "critical range"), earliest first;</li>
 *   <li>higher priority; the first and last piece of a file marked with
 *       {@link #setFirstLastPriority} rank above {@link Priority#HIGH};</li>
 *   <li>pieces already started (finish what we began);</li>
 *   <li>pieces the peer suggested (BEP 6);</li>
 *   <li>then: lowest index in sequential mode; otherwise random while fewer than
 *       {@link PickerSettings#randomFirstPieces()} pieces are verified; otherwise rarest first
 *       (fewest peers have it), ties broken by a random permutation.</li>
 * </ol>
 * When no block is left that nobody was asked for (end game), blocks already requested from other
 * peers are requested again, up to {@link PickerSettings#maxRequestsPerBlock()} peers per block, and
 * {@link #blockReceived} returns the cancels to send to the others. Time-critical pieces whose
 * deadline passed get the same treatment at any time ({@link #duplicateLate}), from the fastest peers.
 *
 * @param <P> the session's key for a peer connection (compared with {@code equals})
 */
public final class PiecePicker<P> {

    final PieceLayout layout;
    final PickerSettings settings;
    private final int pieceCount;
    private final long timeoutNanos;

    final BitSet have = new BitSet();
    int haveCount;
    /** Wanted pieces per rank (index 0, SKIP, stays 0). */
    final int[] wantedPerRank = new int[RANK_FIRST_LAST + 1];
    final int[] availability;
    private int seeds;
    private final int[] tieBreak;

    private final List<FilePieces> files;
    private final Priority[] filePriority;
    private final boolean[] fileFirstLast;
    private final byte[] pieceRank;

    final List<PieceDownload<P>> downloads;
    final Set<Integer> active = new LinkedHashSet<>();
    private final Map<Integer, Instant> deadlines = new HashMap<>();
    private final Map<Integer, BitSet> padding = new HashMap<>();
    /** Streaming: pieces a reader is blocked on now (a subset of the pieces with deadlines). */
    private final BitSet waited = new BitSet();
    final Map<P, PeerState<P>> peers = new LinkedHashMap<>();
    private boolean sequential;
    /** The latest time passed in, for records made by calls that take no time. */
    private long clock;

    private static final byte RANK_SKIP = 0;
    private static final byte RANK_FIRST_LAST = 4;

    /**
     * A picker for a torrent of {@code layout} whose files cover {@code files} (in torrent order),
     * all at {@link Priority#NORMAL}. A torrent described as one file may pass one range covering all
     * pieces.
     */
    public PiecePicker(PieceLayout layout, List<FilePieces> files, PickerSettings settings, RandomGenerator random) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pieceCount = layout.pieceCount();
        this.timeoutNanos = settings.requestTimeout().toNanos();
        this.files = List.copyOf(files);
        for (FilePieces f : this.files) {
            if (!f.isEmpty() && f.lastPiece() >= pieceCount) {
                throw new IllegalArgumentException("file range " + f + " beyond " + pieceCount + " pieces");
            }
        }
        this.availability = new int[pieceCount];
        this.filePriority = new Priority[this.files.size()];
        Arrays.fill(filePriority, Priority.NORMAL);
        this.fileFirstLast = new boolean[this.files.size()];
        this.pieceRank = new byte[pieceCount];
        this.downloads = new ArrayList<>(Collections.nCopies(pieceCount, null));
        this.tieBreak = new int[pieceCount];
        for (int i = 0; i < pieceCount; i++) {
            tieBreak[i] = i;
        }
        for (int i = pieceCount - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = tieBreak[i];
            tieBreak[i] = tieBreak[j];
            tieBreak[j] = t;
        }
        recomputeRanks();
    }

    /** A picker for a torrent that is one file covering every piece. */
    public static <P> PiecePicker<P> singleFile(PieceLayout layout, PickerSettings settings, RandomGenerator random) {
        return new PiecePicker<>(layout, List.of(new FilePieces(0, layout.pieceCount() - 1)), settings, random);
    }

    public PieceLayout layout() {
        return layout;
    }

    // ---------------------------------------------------------------- priorities and modes

    /** Sets one file's priority. */
    public void setFilePriority(int file, Priority priority) {
        filePriority[file] = Objects.requireNonNull(priority, "priority");
        recomputeRanks();
    }

    /** Sets every file's priority at once (one per file, in torrent order). */
    public void setFilePriorities(List<Priority> priorities) {
        if (priorities.size() != filePriority.length) {
            throw new IllegalArgumentException(priorities.size() + " priorities for " + filePriority.length + " files");
        }
        for (int i = 0; i < filePriority.length; i++) {
            filePriority[i] = Objects.requireNonNull(priorities.get(i), "priority");
        }
        recomputeRanks();
    }

    public Priority filePriority(int file) {
        return filePriority[file];
    }

    /** Media files: their first and last pieces are picked before any other wanted piece. */
    public void setFirstLastPriority(int file, boolean on) {
        fileFirstLast[file] = on;
        recomputeRanks();
    }

    /** The priority of {@code piece}: the highest of the files it overlaps. */
    public Priority piecePriority(int piece) {
        layout.checkPiece(piece);
        int r = pieceRank[piece];
        return Priority.values()[Math.min(r, Priority.HIGH.ordinal())];
    }

    /** Sequential mode (streaming, {@code --sequential}): lowest index first within a priority. */
    public void setSequential(boolean on) {
        this.sequential = on;
    }

    public boolean isSequential() {
        return sequential;
    }

    /** Streaming: {@code piece} should be complete by {@code deadline}; such pieces are picked first. */
    public void setDeadline(int piece, Instant deadline) {
        layout.checkPiece(piece);
        deadlines.put(piece, Objects.requireNonNull(deadline, "deadline"));
    }

    /** Forgets every deadline (the player seeked). */
    public void clearDeadlines() {
        deadlines.clear();
    }

    /**
     * Streaming: the pieces readers are blocked on. While a peer has one of them, it is asked only
     * for pieces with deadlines: blocks of other pieces queued in front would hold the reader up
     * (a peer serves requests in order, and what it has already queued cannot be cancelled). Peers
     * without any of them are filled as usual. Verified pieces drop out by themselves.
     */
    public void setWaited(BitSet pieces) {
        waited.clear();
        waited.or(pieces);
        waited.andNot(have);
    }

    /** True when {@code ps} has a piece a reader is blocked on. */
    private boolean hasWaited(PeerState<P> ps) {
        for (int p = waited.nextSetBit(0); p >= 0; p = waited.nextSetBit(p + 1)) {
            if (peerHas(ps, p)) {
                return true;
            }
        }
        return false;
    }

    /** True when some piece has a deadline. */
    public boolean hasDeadlines() {
        return !deadlines.isEmpty();
    }

    /** The pieces with deadlines that are not yet verified. */
    public Map<Integer, Instant> deadlines() {
        return Map.copyOf(deadlines);
    }

    private void recomputeRanks() {
        Arrays.fill(pieceRank, RANK_SKIP);
        for (int f = 0; f < files.size(); f++) {
            FilePieces fp = files.get(f);
            if (fp.isEmpty()) {
                continue;
            }
            byte r = (byte) filePriority[f].ordinal();
            for (int p = fp.firstPiece(); p <= fp.lastPiece(); p++) {
                if (pieceRank[p] < r) {
                    pieceRank[p] = r;
                }
            }
        }
        for (int f = 0; f < files.size(); f++) {
            FilePieces fp = files.get(f);
            if (fileFirstLast[f] && !fp.isEmpty() && filePriority[f] != Priority.SKIP) {
                pieceRank[fp.firstPiece()] = RANK_FIRST_LAST;
                pieceRank[fp.lastPiece()] = RANK_FIRST_LAST;
            }
        }
        recountWanted();
    }

    private void recountWanted() {
        Arrays.fill(wantedPerRank, 0);
        for (int p = 0; p < pieceCount; p++) {
            if (!have.get(p)) {
                wantedPerRank[pieceRank[p]]++;
            }
        }
        wantedPerRank[RANK_SKIP] = 0;
    }

    /** The highest rank of a wanted piece, or SKIP when nothing is wanted. */
    private int topRank() {
        for (int r = RANK_FIRST_LAST; r > RANK_SKIP; r--) {
            if (wantedPerRank[r] > 0) {
                return r;
            }
        }
        return RANK_SKIP;
    }

    // ---------------------------------------------------------------- our pieces

    /** Our verified pieces (from resume data or a check), replacing what we had. */
    public void setHave(BitSet pieces) {
        if (pieces.length() > pieceCount) {
            throw new IllegalArgumentException("bitfield longer than " + pieceCount + " pieces");
        }
        have.clear();
        have.or(pieces);
        haveCount = have.cardinality();
        recountWanted();
        for (int p = have.nextSetBit(0); p >= 0; p = have.nextSetBit(p + 1)) {
            dropDownload(p);
            deadlines.remove(p);
            waited.clear(p);
        }
    }

    /** A copy of our verified pieces. */
    public BitSet have() {
        return (BitSet) have.clone();
    }

    public boolean hasPiece(int piece) {
        return have.get(piece);
    }

    /** True when the piece is wanted: not verified yet and its priority is not SKIP. */
    public boolean isWanted(int piece) {
        return !have.get(piece) && pieceRank[piece] != RANK_SKIP;
    }

    /** How many wanted pieces are not verified yet; zero means every selected file is complete. */
    public int wantedRemaining() {
        int n = 0;
        for (int r = RANK_SKIP + 1; r <= RANK_FIRST_LAST; r++) {
            n += wantedPerRank[r];
        }
        return n;
    }

    /** The piece's blocks were all received and it waits for its hash check. */
    public boolean isAwaitingHash(int piece) {
        PieceDownload<P> d = downloads.get(piece);
        return d != null && d.awaitingHash;
    }

    /** The hash check passed: the piece is ours. */
    public void pieceVerified(int piece) {
        layout.checkPiece(piece);
        if (!have.get(piece)) {
            have.set(piece);
            haveCount++;
            if (pieceRank[piece] != RANK_SKIP) {
                wantedPerRank[pieceRank[piece]]--;
            }
        }
        dropDownload(piece);
        deadlines.remove(piece);
        waited.clear(piece);
    }

    /**
     * The hash check failed: every block of the piece is needed again.
     *
     * @return the peers that contributed blocks to the bad piece (some may have disconnected since);
     *     the session counts these to ban repeat offenders
     */
    public Set<P> pieceFailed(int piece) {
        layout.checkPiece(piece);
        PieceDownload<P> d = downloads.get(piece);
        if (d == null) {
            return Set.of();
        }
        Set<P> contributors = d.distinctContributors();
        dropDownload(piece);
        return contributors;
    }

    /**
     * Padding: blocks wholly inside pad files (BEP 47) or the alignment gaps of v2-only torrents.
     * They are zeros, never requested and count as received, so a piece that ends a file completes
     * with its last real block (the session fills the zeros in). {@code padBlocks} maps a piece to its
     * padding blocks' indexes; a piece whose blocks would all be padding is left out.
     */
    public void setPadding(Map<Integer, BitSet> padBlocks) {
        padding.clear();
        padBlocks.forEach((piece, blocks) -> {
            layout.checkPiece(piece);
            if (!blocks.isEmpty() && blocks.cardinality() < layout.blocksIn(piece)
                    && blocks.length() <= layout.blocksIn(piece)) {
                padding.put(piece, (BitSet) blocks.clone());
            }
        });
    }

    /** The padding blocks of {@code piece} (a copy; empty for most pieces). */
    public BitSet padding(int piece) {
        BitSet b = padding.get(piece);
        return b == null ? new BitSet() : (BitSet) b.clone();
    }

    private PieceDownload<P> newDownload(int piece) {
        PieceDownload<P> d = new PieceDownload<>(layout.blocksIn(piece));
        BitSet pad = padding.get(piece);
        if (pad != null) {
            for (int i = pad.nextSetBit(0); i >= 0; i = pad.nextSetBit(i + 1)) {
                d.markPadding(i);
            }
        }
        downloads.set(piece, d);
        active.add(piece);
        return d;
    }

    private void dropDownload(int piece) {
        PieceDownload<P> d = downloads.get(piece);
        if (d == null) {
            return;
        }
        for (int i = 0; i < d.state.length; i++) {
            Block b = layout.block(piece, i);
            for (P p : List.copyOf(d.requesters.get(i))) {
                PeerState<P> ps = peers.get(p);
                if (ps != null && ps.outstanding.remove(b) != null) {
                    ps.cancelled.put(b, clock);
                }
            }
        }
        downloads.set(piece, null);
        active.remove(piece);
    }

    // ---------------------------------------------------------------- peers

    /**
     * A peer connected (it starts choking us, with no pieces).
     *
     * @param fastExtension both sides support BEP 6: a choke does not drop our requests (rejects do)
     */
    public void peerConnected(P peer, boolean fastExtension, long nowNanos) {
        Objects.requireNonNull(peer, "peer");
        if (peers.containsKey(peer)) {
            throw new IllegalStateException("peer already connected: " + peer);
        }
        peers.put(peer, new PeerState<>(fastExtension, new PipelineSizer(settings, layout.blockSize(), nowNanos)));
    }

    /** The peer disconnected: its pieces no longer count and its requests are needed again. */
    public void peerDisconnected(P peer) {
        PeerState<P> ps = peers.remove(peer);
        if (ps == null) {
            return;
        }
        releaseAll(peer, ps);
        if (ps.seed) {
            seeds--;
        } else {
            for (int p = ps.has.nextSetBit(0); p >= 0; p = ps.has.nextSetBit(p + 1)) {
                availability[p]--;
            }
        }
    }

    public boolean isConnected(P peer) {
        return peers.containsKey(peer);
    }

    /** The peer's bitfield (replaces what it had). */
    public void peerBitfield(P peer, BitSet pieces) {
        PeerState<P> ps = state(peer);
        if (pieces.length() > pieceCount) {
            throw new IllegalArgumentException("bitfield longer than " + pieceCount + " pieces");
        }
        if (pieces.cardinality() == pieceCount) {
            peerHaveAll(peer);
            return;
        }
        clearHas(ps);
        ps.has.or(pieces);
        for (int p = pieces.nextSetBit(0); p >= 0; p = pieces.nextSetBit(p + 1)) {
            availability[p]++;
        }
        releaseMissing(peer, ps);
    }

    /** BEP 6 have-all (or a complete bitfield): the peer is a seed. */
    public void peerHaveAll(P peer) {
        PeerState<P> ps = state(peer);
        if (ps.seed) {
            return;
        }
        clearHas(ps);
        ps.seed = true;
        seeds++;
    }

    /** BEP 6 have-none: the peer has nothing (replaces what it had). */
    public void peerHaveNone(P peer) {
        PeerState<P> ps = state(peer);
        clearHas(ps);
        releaseMissing(peer, ps);
    }

    private void clearHas(PeerState<P> ps) {
        if (ps.seed) {
            ps.seed = false;
            seeds--;
        }
        for (int p = ps.has.nextSetBit(0); p >= 0; p = ps.has.nextSetBit(p + 1)) {
            availability[p]--;
        }
        ps.has.clear();
    }

    /** A peer that takes pieces back (a second bitfield, have-none) loses our requests for them. */
    private void releaseMissing(P peer, PeerState<P> ps) {
        if (ps.seed || ps.outstanding.isEmpty()) {
            return;
        }
        for (Block b : List.copyOf(ps.outstanding.keySet())) {
            if (!ps.has.get(b.piece())) {
                ps.outstanding.remove(b);
                unlink(peer, b);
            }
        }
    }

    /**
     * The peer announced a piece.
     *
     * @return true when we want that piece (the session may become interested)
     */
    public boolean peerHave(P peer, int piece) {
        PeerState<P> ps = state(peer);
        layout.checkPiece(piece);
        if (!ps.seed && !ps.has.get(piece)) {
            ps.has.set(piece);
            availability[piece]++;
            if (ps.has.cardinality() == pieceCount) {
                peerHaveAll(peer);
            }
        }
        return isWanted(piece);
    }

    /** How many connected peers have {@code piece}. */
    public int availability(int piece) {
        return availability[piece] + seeds;
    }

    /** True when the peer has a piece we want: we should be interested in it. */
    public boolean isInterestedIn(P peer) {
        PeerState<P> ps = state(peer);
        for (int p = 0; p < pieceCount; p++) {
            if (isWanted(p) && peerHas(ps, p)) {
                return true;
            }
        }
        return false;
    }

    /** The peer choked us. Without the fast extension this drops all our requests to it (returned). */
    public List<Block> peerChoked(P peer) {
        PeerState<P> ps = state(peer);
        ps.choking = true;
        if (ps.fast) {
            return List.of();
        }
        List<Block> dropped = new ArrayList<>(ps.outstanding.keySet());
        releaseAll(peer, ps);
        return dropped;
    }

    /** The peer unchoked us. */
    public void peerUnchoked(P peer) {
        state(peer).choking = false;
    }

    public boolean isChokingUs(P peer) {
        return state(peer).choking;
    }

    /** BEP 6 allowed fast: we may request {@code piece} from this peer even while it chokes us. */
    public void allowedFast(P peer, int piece) {
        layout.checkPiece(piece);
        state(peer).allowedFast.set(piece);
    }

    /** BEP 6 suggest piece: a hint, preferred among pieces of the same priority. */
    public void suggest(P peer, int piece) {
        layout.checkPiece(piece);
        state(peer).suggested.set(piece);
    }

    /** The pipeline sizer of this peer (its rate, depth and snub state). */
    public PipelineSizer sizer(P peer) {
        return state(peer).sizer;
    }

    /** True when the peer has outstanding requests and delivered nothing for the snub time-out. */
    public boolean isSnubbed(P peer, long nowNanos) {
        PeerState<P> ps = state(peer);
        return ps.sizer.updateSnubbed(nowNanos, !ps.outstanding.isEmpty());
    }

    /** Our requests to this peer that are still unanswered, oldest first. */
    public List<Block> outstanding(P peer) {
        return List.copyOf(state(peer).outstanding.keySet());
    }

    /** How many more requests the peer's pipeline takes now (depth minus outstanding, at least 0). */
    public int requestBudget(P peer, long nowNanos) {
        PeerState<P> ps = state(peer);
        ps.sizer.updateSnubbed(nowNanos, !ps.outstanding.isEmpty());
        return Math.max(0, ps.sizer.depth() - ps.outstanding.size());
    }

    // ---------------------------------------------------------------- picking

    /** {@link #pick(Object, int, long)} with {@link #requestBudget} as the maximum. */
    public List<Block> pick(P peer, long nowNanos) {
        return pick(peer, requestBudget(peer, nowNanos), nowNanos);
    }

    /**
     * Chooses up to {@code maxRequests} blocks to request from {@code peer} and records them as
     * requested (send a request for each one, in order).
     */
    public List<Block> pick(P peer, int maxRequests, long nowNanos) {
        PeerState<P> ps = state(peer);
        clock = nowNanos;
        List<Block> out = new ArrayList<>();
        if (maxRequests <= 0) {
            return out;
        }
        boolean criticalOnly = !waited.isEmpty() && !deadlines.isEmpty() && hasWaited(ps);
        List<Integer> started = activeFor(ps, true);
        BitSet consumed = new BitSet(pieceCount);
        int si = 0;
        int fresh = -2;
        int top = topRank();
        while (out.size() < maxRequests) {
            int s = si < started.size() ? started.get(si) : -1;
            if (s >= 0 && deadlines.isEmpty() && pieceRank[s] == top) {
                // no fresh piece can beat a started one of the top rank
                si++;
                takeNeeded(peer, ps, s, out, maxRequests, nowNanos);
                continue;
            }
            if (fresh == -2) {
                fresh = bestFresh(ps, consumed);
            }
            if (s < 0 && fresh < 0) {
                break;
            }
            int chosen;
            if (fresh < 0 || (s >= 0 && compare(ps, s, fresh) <= 0)) {
                chosen = s;
                si++;
            } else {
                chosen = fresh;
                consumed.set(fresh);
                fresh = -2;
            }
            if (criticalOnly && !deadlines.containsKey(chosen)) {
                break;
            }
            takeNeeded(peer, ps, chosen, out, maxRequests, nowNanos);
        }
        if (out.size() < maxRequests && !criticalOnly && isEndGame()) {
            endGame(peer, ps, out, maxRequests, nowNanos);
        }
        return out;
    }

    /**
     * Started pieces (with blocks nobody was asked for, if {@code withNeededBlocks}) that this peer
     * can serve, best first. Without deadlines the
     * order is rank, then the order in which the pieces were started (oldest first), in one pass;
     * with deadlines it is the full {@link #compare} order.
     */
    private List<Integer> activeFor(PeerState<P> ps, boolean withNeededBlocks) {
        List<Integer> started = new ArrayList<>();
        if (!deadlines.isEmpty()) {
            for (int p : active) {
                if ((!withNeededBlocks || downloads.get(p).needed > 0) && eligible(ps, p)) {
                    started.add(p);
                }
            }
            started.sort((a, b) -> compare(ps, a, b));
            return started;
        }
        List<Integer> lower = null;
        int top = topRank();
        for (int p : active) {
            if ((!withNeededBlocks || downloads.get(p).needed > 0) && eligible(ps, p)) {
                if (pieceRank[p] == top) {
                    started.add(p);
                } else {
                    if (lower == null) {
                        lower = new ArrayList<>();
                    }
                    lower.add(p);
                }
            }
        }
        if (lower != null) {
            lower.sort((a, b) -> Integer.compare(pieceRank[b], pieceRank[a]));
            started.addAll(lower);
        }
        return started;
    }

    /** True when every block of every wanted piece is requested or received (end-game mode). */
    public boolean isEndGame() {
        boolean any = false;
        for (int p = 0; p < pieceCount; p++) {
            if (isWanted(p)) {
                PieceDownload<P> d = downloads.get(p);
                if (d == null || d.needed > 0) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private void endGame(P peer, PeerState<P> ps, List<Block> out, int max, long now) {
        List<Integer> pieces = activeFor(ps, false);
        for (int round = 1; round < settings.maxRequestsPerBlock() && out.size() < max; round++) {
            for (int p : pieces) {
                PieceDownload<P> d = downloads.get(p);
                for (int i = 0; i < d.state.length && out.size() < max; i++) {
                    List<P> req = d.requesters.get(i);
                    if (d.state[i] == PieceDownload.REQUESTED && req.size() == round && !req.contains(peer)
                            && !ps.cancelled.containsKey(layout.block(p, i))) {
                        request(peer, ps, d, p, i, out, now);
                    }
                }
            }
        }
    }

    private void takeNeeded(P peer, PeerState<P> ps, int piece, List<Block> out, int max, long now) {
        PieceDownload<P> d = downloads.get(piece);
        if (d == null) {
            d = newDownload(piece);
        }
        for (int i = 0; i < d.state.length && out.size() < max; i++) {
            if (d.state[i] == PieceDownload.NEEDED && !ps.cancelled.containsKey(layout.block(piece, i))) {
                request(peer, ps, d, piece, i, out, now);
            }
        }
        if (!d.started()) {
            downloads.set(piece, null);
            active.remove(piece);
        }
    }

    private void request(P peer, PeerState<P> ps, PieceDownload<P> d, int piece, int index, List<Block> out, long now) {
        Block b = layout.block(piece, index);
        ps.sizer.requestSent(now, ps.outstanding.isEmpty());
        d.addRequester(index, peer);
        ps.outstanding.put(b, now);
        out.add(b);
    }

    private int bestFresh(PeerState<P> ps, BitSet consumed) {
        int wantedActive = 0;
        for (int p : active) {
            if (isWanted(p)) {
                wantedActive++;
            }
        }
        for (int p = consumed.nextSetBit(0); p >= 0; p = consumed.nextSetBit(p + 1)) {
            if (downloads.get(p) == null && isWanted(p)) {
                wantedActive++; // looked at in this pick but left untouched
            }
        }
        if (wantedActive >= wantedRemaining()) {
            return -1; // every wanted piece is started: no scan
        }
        if (deadlines.isEmpty()) {
            return bestFreshByKey(ps, consumed);
        }
        int best = -1;
        for (int p = 0; p < pieceCount; p++) {
            if (downloads.get(p) == null && !consumed.get(p) && eligible(ps, p)
                    && (best < 0 || compare(ps, p, best) < 0)) {
                best = p;
            }
        }
        return best;
    }

    /**
     * {@link #bestFresh} without deadlines: the order of {@link #compare} for pieces not started,
     * folded into one long per piece (rank, suggested, then index, random or availability+random).
     */
    private int bestFreshByKey(PeerState<P> ps, BitSet consumed) {
        boolean rarest = !sequential && haveCount >= settings.randomFirstPieces();
        int best = -1;
        long bestKey = Long.MAX_VALUE;
        for (int p = 0; p < pieceCount; p++) {
            if (downloads.get(p) != null || consumed.get(p) || !eligible(ps, p)) {
                continue;
            }
            long key = (long) (RANK_FIRST_LAST - pieceRank[p]) << 60;
            if (!ps.suggested.get(p)) {
                key |= 1L << 59;
            }
            if (sequential) {
                key |= p;
            } else if (rarest) {
                key |= (long) Math.min(availability[p], (1 << 27) - 1) << 32 | tieBreak[p];
            } else {
                key |= tieBreak[p];
            }
            if (key < bestKey) {
                bestKey = key;
                best = p;
            }
        }
        return best;
    }

    private boolean eligible(PeerState<P> ps, int p) {
        if (!isWanted(p) || !peerHas(ps, p)) {
            return false;
        }
        if (ps.choking && !ps.allowedFast.get(p)) {
            return false;
        }
        PieceDownload<P> d = downloads.get(p);
        return d == null || !d.awaitingHash;
    }

    /** How many pieces {@code peer} has (every piece for a seed); 0 for a peer not connected. */
    public int peerPieceCount(P peer) {
        PeerState<P> ps = peers.get(peer);
        if (ps == null) {
            return 0;
        }
        return ps.seed ? layout.pieceCount() : ps.has.cardinality();
    }

    private static <P> boolean peerHas(PeerState<P> ps, int p) {
        return ps.seed || ps.has.get(p);
    }

    /** Negative when piece {@code a} should be picked before {@code b}. */
    private int compare(PeerState<P> ps, int a, int b) {
        Instant da = deadlines.isEmpty() ? null : deadlines.get(a);
        Instant db = deadlines.isEmpty() ? null : deadlines.get(b);
        if (da != null || db != null) {
            if (da == null) {
                return 1;
            }
            if (db == null) {
                return -1;
            }
            int c = da.compareTo(db);
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(pieceRank[b], pieceRank[a]);
        if (c != 0) {
            return c;
        }
        PieceDownload<P> pa = downloads.get(a);
        PieceDownload<P> pb = downloads.get(b);
        c = Boolean.compare(pb != null && pb.started(), pa != null && pa.started());
        if (c != 0) {
            return c;
        }
        c = Boolean.compare(ps.suggested.get(b), ps.suggested.get(a));
        if (c != 0) {
            return c;
        }
        if (sequential) {
            return Integer.compare(a, b);
        }
        if (haveCount >= settings.randomFirstPieces()) {
            c = Integer.compare(availability[a], availability[b]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(tieBreak[a], tieBreak[b]);
    }

    // ---------------------------------------------------------------- answers

    /** A block arrived from {@code peer}. */
    public BlockResult<P> blockReceived(P peer, Block block, long nowNanos) {
        PeerState<P> ps = state(peer);
        clock = nowNanos;
        int index = layout.indexOf(block);
        boolean wasOutstanding = ps.outstanding.remove(block) != null;
        boolean wasCancelled = !wasOutstanding && ps.cancelled.remove(block) != null;
        if (index < 0 || (!wasOutstanding && !wasCancelled)) {
            return BlockResult.of(BlockResult.Outcome.UNREQUESTED);
        }
        ps.sizer.blockReceived(block.length(), nowNanos);
        int piece = block.piece();
        PieceDownload<P> d = downloads.get(piece);
        if (wasOutstanding && d != null) {
            d.requesters.get(index).remove(peer);
        }
        if (have.get(piece) || !isWanted(piece) && d == null) {
            return BlockResult.of(BlockResult.Outcome.DUPLICATE);
        }
        if (d == null) {
            d = newDownload(piece);
        }
        if (d.state[index] == PieceDownload.RECEIVED) {
            return BlockResult.of(BlockResult.Outcome.DUPLICATE);
        }
        List<PeerBlock<P>> cancels = new ArrayList<>();
        for (P other : d.requesters.get(index)) {
            PeerState<P> os = peers.get(other);
            if (os != null && os.outstanding.remove(block) != null) {
                os.cancelled.put(block, nowNanos);
                cancels.add(new PeerBlock<>(other, block));
            }
        }
        d.markReceived(index, peer);
        boolean complete = d.received == d.state.length;
        if (complete) {
            d.awaitingHash = true;
        }
        return new BlockResult<>(BlockResult.Outcome.ACCEPTED, complete, cancels);
    }

    /**
     * BEP 6 reject: the block is needed again (unless another peer was asked too).
     *
     * @return false when we never asked this peer for that block (BEP 6: the session may disconnect)
     */
    public boolean blockRejected(P peer, Block block) {
        PeerState<P> ps = state(peer);
        if (ps.outstanding.remove(block) != null) {
            unlink(peer, block);
            return true;
        }
        return ps.cancelled.remove(block) != null;
    }

    /**
     * Gives up requests whose peer delivered nothing for {@link PickerSettings#requestTimeout()}
     * since they were sent: their blocks may be picked again from other peers. The session sends a
     * cancel for each; if the data arrives later anyway it is still accepted. A cancelled block is
     * not asked of the same peer again until that peer answers it (piece or reject), or for one
     * more time-out, after which the picker forgets it (a later answer is then UNREQUESTED).
     * Call about once a second.
     */
    public List<PeerBlock<P>> timedOut(long nowNanos) {
        clock = nowNanos;
        List<PeerBlock<P>> out = new ArrayList<>();
        for (Map.Entry<P, PeerState<P>> e : peers.entrySet()) {
            PeerState<P> ps = e.getValue();
            ps.cancelled.values().removeIf(t -> nowNanos - t >= timeoutNanos);
            long lastBlock = ps.sizer.lastActivityNanos();
            Iterator<Map.Entry<Block, Long>> it = ps.outstanding.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Block, Long> r = it.next();
                if (nowNanos - Math.max(r.getValue(), lastBlock) >= timeoutNanos) {
                    it.remove();
                    ps.cancelled.put(r.getKey(), nowNanos);
                    unlink(e.getKey(), r.getKey());
                    out.add(new PeerBlock<>(e.getKey(), r.getKey()));
                }
            }
        }
        return out;
    }

    /**
     * Streaming: withdraws {@code peer}'s outstanding requests for pieces without a deadline, so the
     * time-critical pieces are asked next instead of waiting behind a full pipeline. They are handled
     * as {@link #timedOut} handles its blocks (the session sends a cancel for each; data that
     * arrives anyway is accepted; the block is asked of this peer again once it answered with a piece
     * or reject). Nothing is withdrawn while there are no deadlines, nor from a peer without the
     * fast extension (BEP 6): it would not reject what it drops, leaving those blocks unaskable of
     * it until the request time-out.
     *
     * @return the withdrawn blocks
     */
    public List<Block> withdrawNonCritical(P peer, long nowNanos) {
        PeerState<P> ps = state(peer);
        clock = nowNanos;
        List<Block> out = new ArrayList<>();
        if (deadlines.isEmpty() || !ps.fast) {
            return out;
        }
        Iterator<Map.Entry<Block, Long>> it = ps.outstanding.entrySet().iterator();
        while (it.hasNext()) {
            Block b = it.next().getKey();
            if (!deadlines.containsKey(b.piece())) {
                it.remove();
                ps.cancelled.put(b, nowNanos);
                unlink(peer, b);
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Streaming end game for late pieces: every piece whose deadline is at or before {@code now}
     * (earliest deadline first) has each block that is requested but not received also requested
     * from the fastest other peers that have the piece and do not choke us (or allow it fast),
     * fastest first by {@code rateOf} (bytes per second), until
     * {@link PickerSettings#maxLateRequestsPerBlock()} peers ask for it. A peer is never asked for a
     * block it has outstanding or that was cancelled at it, and snubbed peers are left out. The
     * requests are recorded like any other: when the block arrives, {@link #blockReceived} returns
     * the cancels for the other peers. Blocks nobody was asked for yet are left to {@link #pick}
     * (late pieces have the earliest deadlines, so they come first there).
     *
     * @return the requests to send, grouped by peer in the order chosen
     */
    public List<PeerBlock<P>> duplicateLate(Instant now, ToDoubleFunction<P> rateOf, long nowNanos) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(rateOf, "rateOf");
        clock = nowNanos;
        List<PeerBlock<P>> out = new ArrayList<>();
        int limit = settings.maxLateRequestsPerBlock();
        if (deadlines.isEmpty() || limit < 2) {
            return out;
        }
        List<Map.Entry<Integer, Instant>> late = new ArrayList<>();
        for (Map.Entry<Integer, Instant> e : deadlines.entrySet()) {
            if (!e.getValue().isAfter(now) && isWanted(e.getKey())) {
                late.add(e);
            }
        }
        if (late.isEmpty()) {
            return out;
        }
        late.sort(Map.Entry.comparingByValue());
        List<P> ranked = new ArrayList<>();
        Map<P, Double> rates = new HashMap<>();
        for (Map.Entry<P, PeerState<P>> e : peers.entrySet()) {
            if (!e.getValue().sizer.updateSnubbed(nowNanos, !e.getValue().outstanding.isEmpty())) {
                ranked.add(e.getKey());
                rates.put(e.getKey(), rateOf.applyAsDouble(e.getKey()));
            }
        }
        ranked.sort((a, b) -> Double.compare(rates.get(b), rates.get(a)));
        for (Map.Entry<Integer, Instant> e : late) {
            int piece = e.getKey();
            PieceDownload<P> d = downloads.get(piece);
            if (d == null || d.awaitingHash) {
                continue;
            }
            for (int i = 0; i < d.state.length; i++) {
                if (d.state[i] != PieceDownload.REQUESTED) {
                    continue;
                }
                List<P> requesters = d.requesters.get(i);
                Block b = layout.block(piece, i);
                for (P candidate : ranked) {
                    if (requesters.size() >= limit) {
                        break;
                    }
                    PeerState<P> ps = peers.get(candidate);
                    if (requesters.contains(candidate) || !peerHas(ps, piece)
                            || (ps.choking && !ps.allowedFast.get(piece)) || ps.cancelled.containsKey(b)) {
                        continue;
                    }
                    ps.sizer.requestSent(nowNanos, ps.outstanding.isEmpty());
                    d.addRequester(i, candidate);
                    ps.outstanding.put(b, nowNanos);
                    out.add(new PeerBlock<>(candidate, b));
                }
            }
        }
        out.sort(Comparator.comparingInt(pb -> ranked.indexOf(pb.peer())));
        return out;
    }

    private void releaseAll(P peer, PeerState<P> ps) {
        for (Block b : List.copyOf(ps.outstanding.keySet())) {
            ps.outstanding.remove(b);
            unlink(peer, b);
        }
        ps.cancelled.clear();
    }

    private void unlink(P peer, Block b) {
        PieceDownload<P> d = downloads.get(b.piece());
        if (d == null) {
            return;
        }
        d.removeRequester(layout.indexOf(b), peer);
        if (!d.started()) {
            downloads.set(b.piece(), null);
            active.remove(b.piece());
        }
    }

    private PeerState<P> state(P peer) {
        PeerState<P> ps = peers.get(peer);
        if (ps == null) {
            throw new IllegalStateException("unknown peer: " + peer);
        }
        return ps;
    }

    /** Checks the invariants of STATE.md (tests call it after every step); throws when one is broken. */
    public void checkInvariants() {
        PickerInvariants.check(this);
    }
}
