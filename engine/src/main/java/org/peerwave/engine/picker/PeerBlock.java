package org.peerwave.engine.picker;

import java.util.Objects;

/**
 * A block paired with a peer: a cancel to send, or a request that timed out.
 *
 * @param <P> the session's key for a peer connection
 */
public record PeerBlock<P>(P peer, Block block) {

    public PeerBlock {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(block, "block");
    }
}
