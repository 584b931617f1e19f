package org.peerwave.app.service;

import java.time.Clock;
import java.time.LocalDateTime;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.settings.SpeedSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's global limits in step with the settings and the alternative-speed schedule:
 * {@link #update} is called on every refresh (and when the preferences change) and hands the
 * service the limits in force whenever they differ from the last ones applied.
 */
public final class SpeedLimits {

    private static final Logger log = LoggerFactory.getLogger(SpeedLimits.class);

    private final AppSettings settings;
    private final TorrentService service;
    private final Clock clock;
    private SpeedSchedule applied;

    public SpeedLimits(AppSettings settings, TorrentService service, Clock clock) {
        this.settings = settings;
        this.service = service;
        this.clock = clock;
    }

    /** Applies the limits in force now when they changed (or always when {@code force}); returns them. */
    public synchronized SpeedSchedule update(boolean force) {
        SpeedSchedule now = SpeedSchedule.at(settings, LocalDateTime.now(clock));
        if (force || !now.equals(applied)) {
            applied = now;
            log.info("global limits: down {} KiB/s, up {} KiB/s (0 = none){}", now.downloadKiB(), now.uploadKiB(),
                    now.alternative() ? ", alternative schedule" : "");
            service.setGlobalLimits(now.uploadBytes(), now.downloadBytes()).exceptionally(e -> {
                log.warn("cannot apply the limits: {}", e.toString());
                return null;
            });
        }
        return now;
    }

    /** The limits applied last, or null. */
    public synchronized SpeedSchedule applied() {
        return applied;
    }
}
