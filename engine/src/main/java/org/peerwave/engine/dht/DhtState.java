package org.peerwave.engine.dht;

/** Where a DHT node stands, worst to best. */
public enum DhtState {
    /** DHT is turned off (or the node closed). */
    OFF,
    /** Running, but no node answered yet; bootstrap is retried periodically. */
    NO_NODES,
    /** Joining: the first lookup of our own id is under way. */
    BOOTSTRAPPING,
    /** The routing table has nodes that answered. */
    READY
}
