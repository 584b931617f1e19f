package org.peerwave.app.instance;

import java.time.Duration;

/**
 * Limits of the single-instance socket: a second launch is a local process of the same user, but
 * the server still refuses oversized or endless requests and keeps running.
 *
 * @param maxLineChars   the longest line accepted (a magnet link with many trackers fits)
 * @param maxTargets     the most targets one launch may open
 * @param readTimeout    a client that sends nothing for this long is dropped
 */
public record InstanceSettings(int maxLineChars, int maxTargets, Duration readTimeout) {

    public static final InstanceSettings DEFAULT = new InstanceSettings(64 * 1024, 256, Duration.ofSeconds(5));

    public InstanceSettings {
        if (maxLineChars < 256 || maxTargets < 1 || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("bad instance settings: " + maxLineChars + ", " + maxTargets + ", "
                    + readTimeout);
        }
    }
}
