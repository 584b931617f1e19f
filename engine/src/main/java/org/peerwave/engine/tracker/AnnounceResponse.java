package org.peerwave.engine.tracker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful announce.
 *
 * @param interval       how long to wait before the next regular announce
 * @param minInterval    the earliest a client may announce again, when the tracker said so
 * @param complete       seeders, or -1 when the tracker did not say
 * @param incomplete     leechers, or -1 when the tracker did not say
 * @param peers          IPv4 and IPv6 peers (from {@code peers} and {@code peers6}); literal
 *                       addresses are resolved, host names from non-compact lists are left unresolved
 * @param warningMessage the tracker's {@code warning message}, if any
 * @param trackerId      the tracker's {@code tracker id}, to send back on the next announce
 */
public record AnnounceResponse(Duration interval, Optional<Duration> minInterval, int complete, int incomplete,
        List<InetSocketAddress> peers, Optional<String> warningMessage, Optional<String> trackerId) {

    public AnnounceResponse {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(minInterval, "minInterval");
        peers = List.copyOf(peers);
        Objects.requireNonNull(warningMessage, "warningMessage");
        Objects.requireNonNull(trackerId, "trackerId");
    }
}
