package org.peerwave.app.settings;

import java.time.LocalDateTime;

/**
 * Which global limits apply at a moment: the alternative ones while the schedule runs (its days,
 * from its start hour up to its end hour, past midnight when the end is before the start), else
 * the normal ones. Pure; the composition root asks it on every refresh and hands a change to the
 * engine.
 *
 * @param downloadKiB KiB/s, 0 for none
 * @param uploadKiB   KiB/s, 0 for none
 * @param alternative the alternative limits are the ones in force
 */
public record SpeedSchedule(long downloadKiB, long uploadKiB, boolean alternative) {

    /** The limits of {@code settings} in force at {@code now}. */
    public static SpeedSchedule at(AppSettings settings, LocalDateTime now) {
        if (settings.altSpeedEnabled() && inSchedule(settings, now)) {
            return new SpeedSchedule(settings.altDownloadLimitKiB(), settings.altUploadLimitKiB(), true);
        }
        return new SpeedSchedule(settings.downloadLimitKiB(), settings.uploadLimitKiB(), false);
    }

    static boolean inSchedule(AppSettings s, LocalDateTime now) {
        int from = s.altFromHour();
        int to = s.altToHour();
        int hour = now.getHour();
        if (from == to) {
            return s.altDays().contains(now.getDayOfWeek()); // the whole day
        }
        if (from < to) {
            return s.altDays().contains(now.getDayOfWeek()) && hour >= from && hour < to;
        }
        // past midnight: the evening belongs to today's day, the small hours to yesterday's
        if (hour >= from) {
            return s.altDays().contains(now.getDayOfWeek());
        }
        return hour < to && s.altDays().contains(now.getDayOfWeek().minus(1));
    }

    /** Bytes per second of the download limit. */
    public long downloadBytes() {
        return downloadKiB * 1024;
    }

    public long uploadBytes() {
        return uploadKiB * 1024;
    }
}
