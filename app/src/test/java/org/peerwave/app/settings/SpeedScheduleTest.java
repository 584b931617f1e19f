package org.peerwave.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which limits are in force: the normal ones, or the alternative ones on their days and hours. */
class SpeedScheduleTest {

    /** 2026-11-23 is a Monday. */
    static LocalDateTime monday(int hour) {
        return LocalDateTime.of(2026, 11, 23, hour, 30);
    }

    static AppSettings settings() {
        return new AppSettings(Path.of("/dl")).downloadLimitKiB(1000).uploadLimitKiB(100)
                .altDownloadLimitKiB(50).altUploadLimitKiB(5);
    }

    @Test
    void normalLimitsWhenTheScheduleIsOff() {
        AppSettings s = settings().altHours(0, 24);
        assertThat(SpeedSchedule.at(s, monday(12))).isEqualTo(new SpeedSchedule(1000, 100, false));
        assertThat(SpeedSchedule.at(s, monday(12)).downloadBytes()).isEqualTo(1000 * 1024);
    }

    @Test
    void alternativeLimitsInsideTheHours() {
        AppSettings s = settings().altSpeedEnabled(true).altHours(8, 18);
        assertThat(SpeedSchedule.at(s, monday(7))).isEqualTo(new SpeedSchedule(1000, 100, false));
        assertThat(SpeedSchedule.at(s, monday(8))).isEqualTo(new SpeedSchedule(50, 5, true));
        assertThat(SpeedSchedule.at(s, monday(17)).alternative()).isTrue();
        assertThat(SpeedSchedule.at(s, monday(18)).alternative()).isFalse();
    }

    @Test
    void onlyOnItsDays() {
        AppSettings s = settings().altSpeedEnabled(true).altHours(8, 18);
        s.altDays().retainAll(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        assertThat(SpeedSchedule.at(s, monday(12)).alternative()).isFalse();
        assertThat(SpeedSchedule.at(s, monday(12).minusDays(1)).alternative()).as("Sunday").isTrue();
    }

    @Test
    void hoursPastMidnightBelongToTheDayTheyStarted() {
        AppSettings s = settings().altSpeedEnabled(true).altHours(22, 6);
        s.altDays().retainAll(Set.of(DayOfWeek.MONDAY));
        assertThat(SpeedSchedule.at(s, monday(23)).alternative()).isTrue();
        assertThat(SpeedSchedule.at(s, monday(3)).alternative()).as("Monday 3:30 belongs to Sunday night").isFalse();
        assertThat(SpeedSchedule.at(s, monday(3).plusDays(1)).alternative()).as("Tuesday 3:30").isTrue();
        assertThat(SpeedSchedule.at(s, monday(6).plusDays(1)).alternative()).isFalse();
        assertThat(SpeedSchedule.at(s, monday(12)).alternative()).isFalse();
    }

    @Test
    void equalHoursMeanTheWholeDay() {
        AppSettings s = settings().altSpeedEnabled(true).altHours(0, 0);
        assertThat(SpeedSchedule.at(s, monday(0)).alternative()).isTrue();
        assertThat(SpeedSchedule.at(s, monday(23)).alternative()).isTrue();
    }
}
