package org.peerwave.engine.session;

import org.peerwave.engine.dht.DhtStats;

/**
 * A snapshot of the whole engine, from {@link Engine#stats()}.
 *
 * @param torrents    torrents in the engine (magnets still fetching their metadata included)
 * @param connections peer connections open or being opened
 * @param dht         the DHT's node count, state and traffic ({@link DhtStats#OFF} when it is off)
 */
public record EngineStats(int torrents, int connections, DhtStats dht) {
}
