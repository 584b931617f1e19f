package org.peerwave.engine.session;

import java.util.Objects;

/**
 * What the {@link Choker} needs to know of one peer connection at one moment.
 *
 * @param peer the session's key for the connection
 * @param interested the peer is interested in our pieces (only interested peers use a slot)
 * @param chokingUs the peer chokes us
 * @param downloadRate bytes per second we receive from it (reciprocation while leeching)
 * @param uploadRate bytes per second we send to it (tie-breaker while seeding)
 * @param connectedAtNanos when the connection was established ({@code System.nanoTime()} scale)
 * @param snubbed the peer left our requests unanswered for the snub time-out
 * @param <P> the session's key for a peer connection
 */
public record PeerSnapshot<P>(P peer, boolean interested, boolean chokingUs, long downloadRate, long uploadRate,
        long connectedAtNanos, boolean snubbed) {

    public PeerSnapshot {
        Objects.requireNonNull(peer, "peer");
        if (downloadRate < 0 || uploadRate < 0) {
            throw new IllegalArgumentException("rates must not be negative");
        }
    }
}
