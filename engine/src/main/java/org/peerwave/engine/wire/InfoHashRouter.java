package org.peerwave.engine.wire;

import java.util.Optional;

/**
 * Hook for the TCP listener: called by an inbound {@link HandshakeHandler} as soon as the first 48
 * bytes (protocol, reserved bits, info hash) have arrived, before the peer id, so the listener can
 * look up the torrent and answer at once (BEP 3 lets the receiver wait for the info hash).
 * Runs on the channel's event loop: it must not block.
 */
@FunctionalInterface
public interface InfoHashRouter {

    /**
     * @param infoHash  the 20 bytes the remote peer asked for (v1, or truncated v2)
     * @param reserved  the remote peer's 8 reserved bytes
     * @return our handshake to send back, or empty to close the connection (unknown torrent)
     */
    Optional<Handshake> route(byte[] infoHash, byte[] reserved);
}
