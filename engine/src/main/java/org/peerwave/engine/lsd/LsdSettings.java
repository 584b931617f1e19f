package org.peerwave.engine.lsd;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link LocalServiceDiscovery}.
 *
 * @param interval          how often each torrent is announced (BEP 14: every 5 minutes)
 * @param minGap            least time between two announce packets (BEP 14: at most one a minute);
 *                          torrents due together share a packet of up to {@link LsdAnnounce#MAX_PACKET} bytes
 * @param maxPeersPerMinute most peers passed on from announces per minute; the rest are dropped and counted
 * @param port              the multicast port (6771)
 * @param ipv6              also use the IPv6 group where the interface has IPv6
 */
public record LsdSettings(Duration interval, Duration minGap, int maxPeersPerMinute, int port, boolean ipv6) {

    public LsdSettings {
        Objects.requireNonNull(interval);
        Objects.requireNonNull(minGap);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (minGap.isNegative()) {
            throw new IllegalArgumentException("minGap must not be negative");
        }
        if (maxPeersPerMinute < 1) {
            throw new IllegalArgumentException("maxPeersPerMinute must be positive");
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
