package org.peerwave.engine.picker;

import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@link PiecePicker} knows of one peer (package-private state). */
final class PeerState<P> {
    final boolean fast;
    final PipelineSizer sizer;
    final BitSet has = new BitSet();
    final BitSet allowedFast = new BitSet();
    final BitSet suggested = new BitSet();
    final LinkedHashMap<Block, Long> outstanding = new LinkedHashMap<>();
    final Map<Block, Long> cancelled = new HashMap<>();
    boolean seed;
    boolean choking = true;

    PeerState(boolean fast, PipelineSizer sizer) {
        this.fast = fast;
        this.sizer = sizer;
    }
}
