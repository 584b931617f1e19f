package org.peerwave.app.ui.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.service.SpeedLimits;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.settings.SettingsStore;
import org.peerwave.app.ui.FakeTorrentService;

/** The preferences window's model: validation, storing, applying limits, queue and theme. */
class PreferencesViewModelTest {

    @TempDir
    Path dir;

    /** Monday 2026-11-23 12:00 UTC. */
    static final Clock NOON = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    final FakeTorrentService service = new FakeTorrentService();
    final List<AppSettings.Theme> themes = new ArrayList<>();

    PreferencesViewModel vm(AppSettings settings, SettingsStore store) {
        return new PreferencesViewModel(settings, store, service, new SpeedLimits(settings, service, NOON),
                themes::add);
    }

    @Test
    void startsFromTheSettings() {
        AppSettings s = new AppSettings(dir.resolve("dl")).listenPort(51413).theme(AppSettings.Theme.DARK)
                .maxActiveDownloads(3).closeToTray(true).confirmExternalAdds(false);
        PreferencesViewModel vm = vm(s, new SettingsStore(dir.resolve("settings.properties")));
        assertThat(vm.defaultSaveDirProperty().get()).isEqualTo(dir.resolve("dl").toString());
        assertThat(vm.listenPortProperty().get()).isEqualTo(51413);
        assertThat(vm.themeProperty().get()).isEqualTo(AppSettings.Theme.DARK);
        assertThat(vm.maxDownloadsProperty().get()).isEqualTo(3);
        assertThat(vm.closeToTrayProperty().get()).isTrue();
        assertThat(vm.confirmExternalAddsProperty().get()).isFalse();
        assertThat(vm.altDayProperty(DayOfWeek.MONDAY).get()).isTrue();
    }

    @Test
    void applyStoresAndAppliesEverything() {
        SettingsStore store = new SettingsStore(dir.resolve("settings.properties"));
        AppSettings s = new AppSettings(dir.resolve("dl")).listenPort(6881);
        PreferencesViewModel vm = vm(s, store);
        vm.defaultSaveDirProperty().set(dir.resolve("elsewhere").toString());
        vm.listenPortProperty().set(40000);
        vm.downloadLimitProperty().set(800);
        vm.uploadLimitProperty().set(80);
        vm.maxDownloadsProperty().set(2);
        vm.maxSeedsProperty().set(4);
        vm.themeProperty().set(AppSettings.Theme.DARK);
        vm.dhtProperty().set(false);
        vm.notificationsProperty().set(false);
        vm.startMinimizedProperty().set(true);

        List<String> later = vm.apply();
        assertThat(later).containsExactly("listen port", "DHT");
        assertThat(PreferencesViewModel.appliedNotice(later))
                .isEqualTo("Preferences saved; the listen port and the DHT change on the next start");
        assertThat(service.globalLimits).containsExactly(80 * 1024, 800 * 1024);
        assertThat(service.queueLimits).containsExactly(2, 4);
        assertThat(themes).containsExactly(AppSettings.Theme.DARK);

        AppSettings saved = store.load(AppSettings.defaults());
        assertThat(saved.defaultSaveDir()).isEqualTo(dir.resolve("elsewhere"));
        assertThat(saved.listenPort()).isEqualTo(40000);
        assertThat(saved.downloadLimitKiB()).isEqualTo(800);
        assertThat(saved.maxActiveSeeds()).isEqualTo(4);
        assertThat(saved.theme()).isEqualTo(AppSettings.Theme.DARK);
        assertThat(saved.dhtEnabled()).isFalse();
        assertThat(saved.notifications()).isFalse();
        assertThat(saved.startMinimized()).isTrue();
    }

    @Test
    void theAlternativeScheduleAppliesWhenInForce() {
        AppSettings s = new AppSettings(dir.resolve("dl"));
        PreferencesViewModel vm = vm(s, new SettingsStore(dir.resolve("settings.properties")));
        vm.downloadLimitProperty().set(1000);
        vm.altEnabledProperty().set(true);
        vm.altDownloadLimitProperty().set(100);
        vm.altUploadLimitProperty().set(10);
        vm.altFromHourProperty().set(9);
        vm.altToHourProperty().set(17);
        for (DayOfWeek d : DayOfWeek.values()) {
            vm.altDayProperty(d).set(d == DayOfWeek.MONDAY);
        }
        assertThat(vm.apply()).isEmpty();
        assertThat(service.globalLimits).as("Monday noon is in the schedule").containsExactly(10 * 1024, 100 * 1024);
        assertThat(s.altDays()).containsExactly(DayOfWeek.MONDAY);

        vm.altDayProperty(DayOfWeek.MONDAY).set(false);
        vm.altDayProperty(DayOfWeek.TUESDAY).set(true);
        vm.apply();
        assertThat(service.globalLimits).containsExactly(0, 1000 * 1024);
    }

    @Test
    void invalidValuesAreRefusedAndNothingIsSaved() {
        SettingsStore store = new SettingsStore(dir.resolve("settings.properties"));
        AppSettings s = new AppSettings(dir.resolve("dl"));
        PreferencesViewModel vm = vm(s, store);
        vm.defaultSaveDirProperty().set("  ");
        assertThat(vm.apply()).isNull();
        assertThat(vm.errorProperty().get()).isEqualTo("Choose a default save folder");
        vm.defaultSaveDirProperty().set(dir.toString());
        vm.altEnabledProperty().set(true);
        for (DayOfWeek d : DayOfWeek.values()) {
            vm.altDayProperty(d).set(false);
        }
        assertThat(vm.apply()).isNull();
        assertThat(vm.errorProperty().get()).contains("at least one day");
        vm.altDayProperty(DayOfWeek.FRIDAY).set(true);
        vm.listenPortProperty().set(70000);
        assertThat(vm.apply()).isNull();
        assertThat(store.file()).doesNotExist();
        assertThat(service.globalLimits).isNull();

        vm.listenPortProperty().set(s.listenPort());
        assertThat(vm.apply()).isEmpty();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(store.file()).exists();
    }

    @Test
    void resetDropsTheEdits() {
        AppSettings s = new AppSettings(dir.resolve("dl"));
        PreferencesViewModel vm = vm(s, new SettingsStore(dir.resolve("settings.properties")));
        vm.maxDownloadsProperty().set(99);
        vm.reset();
        assertThat(vm.maxDownloadsProperty().get()).isEqualTo(AppSettings.DEFAULT_MAX_ACTIVE_DOWNLOADS);
        assertThat(s.maxActiveDownloads()).isEqualTo(AppSettings.DEFAULT_MAX_ACTIVE_DOWNLOADS);
    }
}
