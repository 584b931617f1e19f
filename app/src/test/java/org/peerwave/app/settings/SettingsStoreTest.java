package org.peerwave.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir
    Path dir;

    @Test
    void preferencesRoundTrip() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("settings.properties"));
        AppSettings s = new AppSettings(dir.resolve("dl")).theme(AppSettings.Theme.SYSTEM).downloadLimitKiB(500)
                .uploadLimitKiB(50).altSpeedEnabled(true).altDownloadLimitKiB(100).altUploadLimitKiB(10)
                .altHours(22, 6).maxActiveDownloads(2).maxActiveSeeds(7).notifications(false).startMinimized(true)
                .closeToTray(true);
        s.altDays().retainAll(java.util.Set.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY));
        store.save(s);

        AppSettings r = store.load(AppSettings.defaults());
        assertThat(r.theme()).isEqualTo(AppSettings.Theme.SYSTEM);
        assertThat(r.downloadLimitKiB()).isEqualTo(500);
        assertThat(r.uploadLimitKiB()).isEqualTo(50);
        assertThat(r.altSpeedEnabled()).isTrue();
        assertThat(r.altDownloadLimitKiB()).isEqualTo(100);
        assertThat(r.altUploadLimitKiB()).isEqualTo(10);
        assertThat(r.altFromHour()).isEqualTo(22);
        assertThat(r.altToHour()).isEqualTo(6);
        assertThat(r.altDays()).containsExactlyInAnyOrder(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY);
        assertThat(r.maxActiveDownloads()).isEqualTo(2);
        assertThat(r.maxActiveSeeds()).isEqualTo(7);
        assertThat(r.notifications()).isFalse();
        assertThat(r.startMinimized()).isTrue();
        assertThat(r.closeToTray()).isTrue();

        AppSettings d = AppSettings.defaults();
        assertThat(d.downloadLimitKiB()).isZero();
        assertThat(d.altSpeedEnabled()).isFalse();
        assertThat(d.maxActiveDownloads()).isEqualTo(AppSettings.DEFAULT_MAX_ACTIVE_DOWNLOADS);
        assertThat(d.notifications()).isTrue();
        assertThat(d.closeToTray()).isFalse();
        assertThatThrownBy(() -> d.maxActiveDownloads(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.downloadLimitKiB(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.altHours(24, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTrip() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("sub/settings.properties"));
        AppSettings s = new AppSettings(dir.resolve("dl")).listenPort(51413).listenAddress("127.0.0.9")
                .lastSaveDir(dir.resolve("music")).theme(AppSettings.Theme.DARK).startPaused(true).maxTorrentDownload(4096)
                .dhtEnabled(false).pexEnabled(false).lsdEnabled(false).confirmExternalAdds(false)
                .windowSize(1300, 800);
        s.columnOrder().addAll(List.of("name", "added", "size"));
        s.hiddenColumns().add("ratio");
        s.columnWidths().put("name", 333.0);
        store.save(s);
        assertThat(Files.list(dir.resolve("sub"))).extracting(p -> p.getFileName().toString())
                .containsExactly("settings.properties");

        AppSettings r = store.load(AppSettings.defaults());
        assertThat(r.listenPort()).isEqualTo(51413);
        assertThat(r.listenAddress()).isEqualTo("127.0.0.9");
        assertThat(r.maxTorrentDownload()).isEqualTo(4096);
        assertThat(r.dhtEnabled()).isFalse();
        assertThat(r.pexEnabled()).isFalse();
        assertThat(r.lsdEnabled()).isFalse();
        assertThat(AppSettings.defaults().pexEnabled()).isTrue();
        assertThat(AppSettings.defaults().lsdEnabled()).isTrue();
        assertThat(r.confirmExternalAdds()).isFalse();
        assertThat(AppSettings.defaults().dhtEnabled()).isTrue();
        assertThat(AppSettings.defaults().confirmExternalAdds()).isTrue();
        assertThat(r.defaultSaveDir()).isEqualTo(dir.resolve("dl"));
        assertThat(r.lastSaveDir()).isEqualTo(dir.resolve("music"));
        assertThat(r.theme()).isEqualTo(AppSettings.Theme.DARK);
        assertThat(r.startPaused()).isTrue();
        assertThat(r.sequential()).isFalse();
        assertThat(r.columnOrder()).containsExactly("name", "added", "size");
        assertThat(r.hiddenColumns()).containsExactly("ratio");
        assertThat(r.columnWidths()).containsEntry("name", 333.0);
        assertThat(r.windowWidth()).isEqualTo(1300);
        assertThat(r.windowHeight()).isEqualTo(800);
    }

    @Test
    void defaultsWhenMissingOrBroken() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("settings.properties"));
        AppSettings d = store.load(AppSettings.defaults());
        assertThat(d.listenPort()).isEqualTo(AppSettings.DEFAULT_LISTEN_PORT);
        assertThat(d.defaultSaveDir()).isEqualTo(Path.of(System.getProperty("user.home"), "Downloads"));
        assertThat(d.lastSaveDir()).isEqualTo(d.defaultSaveDir());
        assertThat(d.theme()).isEqualTo(AppSettings.Theme.LIGHT);
        assertThat(d.maxTorrentDownload()).isEqualTo(AppSettings.DEFAULT_MAX_TORRENT_DOWNLOAD);

        Files.writeString(dir.resolve("settings.properties"), "listenPort=99999\ntheme=PURPLE\n");
        AppSettings broken = store.load(AppSettings.defaults());
        assertThat(broken.listenPort()).isEqualTo(AppSettings.DEFAULT_LISTEN_PORT);
        assertThat(broken.theme()).isEqualTo(AppSettings.Theme.LIGHT);
        assertThatThrownBy(() -> new AppSettings(dir).listenPort(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppSettings(dir).maxTorrentDownload(10)).isInstanceOf(IllegalArgumentException.class);
    }
}
