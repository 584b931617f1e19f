package org.peerwave.engine.session;

import org.peerwave.engine.picker.Block;

/**
 * Where blocks come from, as the picker sees it (its key for a peer): a peer-wire connection or a
 * web seed, a "virtual peer" that has every piece and never chokes. The picker, the request
 * time-outs, the end game and the rate accounting treat both alike. Methods run on the session's loop.
 */
sealed interface DownloadSource permits PeerConnection, WebSeedPeer {

    /** Asks this source for {@code block}, which the picker recorded as requested from it. */
    void sendRequest(Block block);

    /** The picker gave up {@code block} at this source (time-out, end game, withdrawal). */
    void cancelRequest(Block block);

    /** Fills this source's requests from the picker. */
    void requestMore();

    /** Payload bytes per second received from this source. */
    long downloadRate(long now);
}
