package org.peerwave.engine.picker;

import java.util.List;

/**
 * What the picker made of a received block.
 *
 * @param outcome whether the data is new, a duplicate, or was never asked of this peer
 * @param pieceComplete true when this block completed its piece: hash it, then call
 *     {@link PiecePicker#pieceVerified} or {@link PiecePicker#pieceFailed}
 * @param cancels cancels to send to the other peers that were asked for the same block (end game)
 * @param <P> the session's key for a peer connection
 */
public record BlockResult<P>(Outcome outcome, boolean pieceComplete, List<PeerBlock<P>> cancels) {

    public BlockResult {
        cancels = List.copyOf(cancels);
    }

    /** How a received block relates to our requests. */
    public enum Outcome {
        /** New data: write it. */
        ACCEPTED,
        /** Requested, but another peer delivered it first (or we have the piece): drop the data. */
        DUPLICATE,
        /** Never requested from this peer (BEP 6: the connection must be closed); nothing changed. */
        UNREQUESTED
    }

    static <P> BlockResult<P> of(Outcome outcome) {
        return new BlockResult<>(outcome, false, List.of());
    }
}
