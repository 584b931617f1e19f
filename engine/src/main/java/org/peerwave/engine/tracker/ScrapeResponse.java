package org.peerwave.engine.tracker;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A scrape (BEP 48, BEP 15): swarm counters per info hash.
 *
 * @param files counters keyed by the lower-case hex of the 20-byte info hash
 */
public record ScrapeResponse(Map<String, Stats> files) {

    /** Counters of one swarm. */
    public record Stats(int complete, int downloaded, int incomplete) {
    }

    public ScrapeResponse {
        files = Map.copyOf(files);
    }

    /** The counters of the given 20-byte info hash, if the tracker reported it. */
    public Optional<Stats> get(byte[] infoHash) {
        return Optional.ofNullable(files.get(HexFormat.of().formatHex(infoHash)));
    }
}
