package org.peerwave.engine.picker;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The checks behind {@link PiecePicker#checkInvariants()}: the invariants of STATE.md. */
final class PickerInvariants {

    private PickerInvariants() {
    }

    static <P> void check(PiecePicker<P> picker) {
        PieceLayout layout = picker.layout;
        int pieceCount = layout.pieceCount();
        var downloads = picker.downloads;
        var peers = picker.peers;
        var have = picker.have;
        var availability = picker.availability;
        var settings = picker.settings;
        var active = picker.active;
        int haveCount = picker.haveCount;
        Set<Integer> seen = new TreeSet<>();
        for (int p = 0; p < pieceCount; p++) {
            PieceDownload<P> d = downloads.get(p);
            int avail = 0;
            for (PeerState<P> ps : peers.values()) {
                if (!ps.seed && ps.has.get(p)) {
                    avail++;
                }
            }
            check(avail == availability[p], "availability of " + p);
            if (d == null) {
                continue;
            }
            seen.add(p);
            check(!have.get(p), "piece " + p + " both verified and downloading");
            int needed = 0;
            int received = 0;
            for (int i = 0; i < d.state.length; i++) {
                Block b = layout.block(p, i);
                List<P> req = d.requesters.get(i);
                switch (d.state[i]) {
                    case PieceDownload.NEEDED -> {
                        needed++;
                        check(req.isEmpty(), "needed block " + b + " has requesters");
                    }
                    case PieceDownload.REQUESTED -> check(!req.isEmpty(), "requested block " + b + " without requester");
                    default -> {
                        received++;
                        check(req.isEmpty(), "received block " + b + " still requested");
                    }
                }
                check(req.size() <= settings.maxRequestersPerBlock(), "too many requesters of " + b);
                check(new HashSet<>(req).size() == req.size(), "a peer asked twice for " + b);
                for (P peer : req) {
                    PeerState<P> ps = peers.get(peer);
                    check(ps != null && ps.outstanding.containsKey(b), "requester of " + b + " lacks it outstanding");
                }
            }
            check(needed == d.needed && received == d.received, "counters of " + p);
            check(d.awaitingHash == (received == d.state.length), "awaitingHash of " + p);
        }
        check(seen.equals(new TreeSet<>(active)), "active set");
        check(haveCount == have.cardinality(), "have count");
        int wanted = 0;
        for (int p = 0; p < pieceCount; p++) {
            if (picker.isWanted(p)) {
                wanted++;
            }
        }
        check(wanted == picker.wantedRemaining(), "wanted count");
        for (Map.Entry<P, PeerState<P>> e : peers.entrySet()) {
            for (Block b : e.getValue().outstanding.keySet()) {
                PieceDownload<P> d = downloads.get(b.piece());
                check(d != null && d.requesters.get(layout.indexOf(b)).contains(e.getKey()),
                        "outstanding " + b + " of " + e.getKey() + " not recorded");
                check((e.getValue().seed || e.getValue().has.get(b.piece())), "requested " + b + " from a peer without it");
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("picker invariant broken: " + what);
        }
    }
}
