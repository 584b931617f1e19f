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
    void roundTrip() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("sub/settings.properties"));
        AppSettings s = new AppSettings(dir.resolve("dl")).listenPort(51413).listenAddress("127.0.0.9")
                .lastSaveDir(dir.resolve("music")).theme(AppSettings.Theme.DARK).startPaused(true).maxTorrentDownload(4096)
                .dhtEnabled(false).confirmExternalAdds(false)
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
