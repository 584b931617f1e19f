package org.peerwave.engine.dht;

/**
 * A snapshot of a DHT node (or of both nodes of a {@link Dht}, summed).
 *
 * @param state            the node's state (the better of the two for a {@link Dht})
 * @param nodes            nodes in the routing table(s)
 * @param goodNodes        of which good (answered within 15 minutes)
 * @param buckets          buckets of the routing table(s)
 * @param storedInfoHashes info hashes others announced to us
 * @param storedPeers      peers others announced to us
 * @param pendingQueries   our queries awaiting an answer
 * @param trackedTorrents  info hashes we look up (and announce) periodically
 * @param packetsIn        packets received
 * @param packetsOut       packets sent
 * @param bytesIn          bytes received
 * @param bytesOut         bytes sent
 * @param malformedDropped inbound packets dropped as malformed or oversized
 * @param rateLimited      inbound queries dropped by the per-address limit
 * @param outgoingDropped  outgoing packets dropped by the outgoing byte limit
 */
public record DhtStats(DhtState state, int nodes, int goodNodes, int buckets, int storedInfoHashes, int storedPeers,
                       int pendingQueries, int trackedTorrents, long packetsIn, long packetsOut, long bytesIn,
                       long bytesOut, long malformedDropped, long rateLimited, long outgoingDropped) {

    /** The stats of an engine without DHT. */
    public static final DhtStats OFF = new DhtStats(DhtState.OFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Sums two nodes' stats (IPv4 and IPv6). */
    public DhtStats plus(DhtStats o) {
        DhtState s = state.ordinal() >= o.state.ordinal() ? state : o.state;
        return new DhtStats(s, nodes + o.nodes, goodNodes + o.goodNodes, buckets + o.buckets,
                storedInfoHashes + o.storedInfoHashes, storedPeers + o.storedPeers, pendingQueries + o.pendingQueries,
                Math.max(trackedTorrents, o.trackedTorrents), packetsIn + o.packetsIn, packetsOut + o.packetsOut,
                bytesIn + o.bytesIn, bytesOut + o.bytesOut, malformedDropped + o.malformedDropped,
                rateLimited + o.rateLimited, outgoingDropped + o.outgoingDropped);
    }
}
