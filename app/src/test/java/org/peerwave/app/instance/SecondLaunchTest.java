package org.peerwave.app.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.Main;
import org.peerwave.engine.testing.peers.ManagedProcess;

/**
 * The real launcher process as the desktop runs it: {@code java … Main 'magnet:…' file.torrent}
 * with a running instance hands them over and exits 0; {@code Main list} asks the instance; with
 * no instance and no display, a clear error.
 */
class SecondLaunchTest {

    @TempDir
    Path dir;

    private ManagedProcess launch(Path data, Path cwd, String... args) throws IOException {
        String javaHome = System.getProperty("java.home");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-Xmx256m",
                "-cp", classPath, Main.class.getName()));
        cmd.addAll(Arrays.asList(args));
        Map<String, String> env = new HashMap<>();
        env.put("PEERWAVE_DATA_DIR", data.toString());
        env.put("DISPLAY", "");
        env.put("WAYLAND_DISPLAY", "");
        return new ManagedProcess("peerwave", cmd, cwd, env);
    }

    @Test
    void aSecondLaunchHandsItsLinksToTheRunningInstanceAndExitsZero() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path cwd = Files.createDirectories(dir.resolve("downloads"));
        Path torrent = Files.writeString(cwd.resolve("show.torrent"), "d4:infod4:name1:xee");
        InstanceServerTest.Recorder r = new InstanceServerTest.Recorder();
        Path socket = data.resolve("run").resolve("instance.sock");
        String magnet = "magnet:?xt=urn:btih:" + "cd".repeat(20) + "&dn=Some%20Show";
        try (InstanceServer s = InstanceServer.start(socket, r, InstanceSettings.DEFAULT)) {
            try (ManagedProcess p = launch(data, cwd, magnet, "show.torrent")) {
                assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.tail()).isZero();
            }
            assertThat(r.opened).containsExactly(List.of(magnet, torrent.toString()));

            try (ManagedProcess p = launch(data, cwd, "list")) {
                assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.tail()).isZero();
                assertThat(p.lines()).anySatisfy(l -> assertThat(l).contains("aa".repeat(20)).contains("Downloading")
                        .contains("50.0%").contains("Big Buck Bunny"));
            }
        }
    }

    @Test
    void withNoInstanceAndNoDisplayItSaysWhatToDo() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data2"));
        try (ManagedProcess p = launch(data, dir, "magnet:?xt=urn:btih:" + "cd".repeat(20))) {
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(p.tail()).contains("no Peerwave window is running").contains("peerwave download");
        }
        try (ManagedProcess p = launch(data, dir, "list")) {
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(p.tail()).contains("Peerwave is not running");
        }
        try (ManagedProcess p = launch(data, dir, "missing.torrent")) {
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(p.tail()).contains("no such file: missing.torrent");
        }
    }
}
