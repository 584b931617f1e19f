package org.peerwave.engine.picker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Block states of one piece being downloaded (package-private state of {@link PiecePicker}). */
final class PieceDownload<P> {

    static final byte NEEDED = 0;
    static final byte REQUESTED = 1;
    static final byte RECEIVED = 2;

    final byte[] state;
    final List<List<P>> requesters;
    final List<P> contributors;
    int needed;
    int received;
    /** Blocks that lie wholly in pad files or alignment gaps: zeros, never requested, counted as received. */
    int padding;
    boolean awaitingHash;

    PieceDownload(int blocks) {
        state = new byte[blocks];
        requesters = new ArrayList<>(blocks);
        contributors = new ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            requesters.add(new ArrayList<>(1));
            contributors.add(null);
        }
        needed = blocks;
    }

    void addRequester(int index, P peer) {
        if (state[index] == NEEDED) {
            state[index] = REQUESTED;
            needed--;
        }
        requesters.get(index).add(peer);
    }

    /** Removes {@code peer} from the block's requesters; the block is needed again if nobody is left. */
    void removeRequester(int index, P peer) {
        List<P> list = requesters.get(index);
        if (list.remove(peer) && list.isEmpty() && state[index] == REQUESTED) {
            state[index] = NEEDED;
            needed++;
        }
    }

    void markReceived(int index, P peer) {
        if (state[index] == NEEDED) {
            needed--;
        }
        state[index] = RECEIVED;
        requesters.get(index).clear();
        contributors.set(index, peer);
        received++;
    }

    /** Marks block {@code index} as padding (at creation, before anything else happens to it). */
    void markPadding(int index) {
        state[index] = RECEIVED;
        needed--;
        received++;
        padding++;
    }

    /** True when a block beyond the padding was requested or received. */
    boolean started() {
        return needed + padding < state.length;
    }

    Set<P> distinctContributors() {
        Set<P> set = new LinkedHashSet<>();
        for (P p : contributors) {
            if (p != null) {
                set.add(p);
            }
        }
        return set;
    }
}
