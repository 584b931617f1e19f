package org.peerwave.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void displayOnLinuxComesFromTheEnvironment() {
        assertThat(Main.hasDisplay("Linux", Map.of())).isFalse();
        assertThat(Main.hasDisplay("Linux", Map.of("DISPLAY", ""))).isFalse();
        assertThat(Main.hasDisplay("Linux", Map.of("DISPLAY", ":0"))).isTrue();
        assertThat(Main.hasDisplay("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"))).isTrue();
        assertThat(Main.hasDisplay("FreeBSD", Map.of("DISPLAY", ":1"))).isTrue();
    }

    @Test
    void windowsAndMacAlwaysHaveADisplay() {
        assertThat(Main.hasDisplay("Windows 11", Map.of())).isTrue();
        assertThat(Main.hasDisplay("Mac OS X", Map.of())).isTrue();
    }

    @Test
    void versionIsTheBuildsVersion() {
        assertThat(AppInfo.version()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
    }

    @Test
    void dataDirectoriesFollowThePlatform() {
        Path home = Path.of("/home/ann");
        assertThat(AppDirs.of("Linux", Map.of(), home).data()).isEqualTo(Path.of("/home/ann/.local/share/peerwave"));
        assertThat(AppDirs.of("Linux", Map.of("XDG_DATA_HOME", "/data"), home).data()).isEqualTo(Path.of("/data/peerwave"));
        assertThat(AppDirs.of("Linux", Map.of("XDG_DATA_HOME", "relative"), home).data())
                .isEqualTo(Path.of("/home/ann/.local/share/peerwave"));
        assertThat(AppDirs.of("Mac OS X", Map.of(), home).data())
                .isEqualTo(Path.of("/home/ann/Library/Application Support/Peerwave"));
        assertThat(AppDirs.of("Linux", Map.of("PEERWAVE_DATA_DIR", "/tmp/pw"), home).logs())
                .isEqualTo(Path.of("/tmp/pw/logs"));
    }
}
