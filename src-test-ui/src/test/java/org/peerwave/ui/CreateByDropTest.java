package org.peerwave.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.PeerwaveApp;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.ui.main.MainViewModel;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A local folder dropped on the window opens the create dialog; "Create and seed" makes the torrent,
 * seeds it from where the files are and copies its magnet link; a libtorrent leecher then downloads
 * it from us.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CreateByDropTest {

    @TempDir
    Path work;

    private final FxRobot robot = new FxRobot();
    private Application app;

    @BeforeEach
    void startApp() throws Exception {
        app = UiTestSupport.startApp(work, "127.0.0.179");
    }

    @AfterEach
    void stopApp() throws TimeoutException {
        UiTestSupport.stopApp(app);
    }

    @Test
    void dropAFolderCreateSeedAndALibtorrentLeecherDownloadsIt() throws Exception {
        Path folder = Files.createDirectories(work.resolve("mine/Holiday"));
        TestTrees.file(folder.resolve("a.jpg"), 2L * 1024 * 1024 + 77, 21);
        TestTrees.file(folder.resolve("b/c.jpg"), 900_000, 22);
        PeerwaveApp running = PeerwaveApp.running();
        MainViewModel vm = running.context().mainViewModel();

        Platform.runLater(() -> running.view().handleDrop(List.of(folder.toFile()), null));
        UiTestSupport.await(Duration.ofSeconds(20), () -> robot.lookup("#createConfirm").tryQuery().isPresent(),
                () -> "no create dialog");
        assertThat(robot.lookup("#createSource").queryAs(TextField.class).getText())
                .isEqualTo(folder.toAbsolutePath().toString());
        robot.clickOn("#createConfirm");

        UiTestSupport.await(Duration.ofSeconds(30), () -> vm.torrents().size() == 1
                && vm.torrents().get(0).statusProperty().get() == TorrentStatus.SEEDING, () -> "rows " + vm.torrents());
        UiTestSupport.await(Duration.ofSeconds(10), () -> vm.noticeProperty().get().contains("magnet link copied"),
                () -> "notice: " + vm.noticeProperty().get());
        assertThat(robot.lookup("#notice").queryAs(Label.class).getText()).startsWith("Seeding \u201cHoliday\u201d");
        String id = vm.torrents().get(0).id();
        String clip = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString())
                .get(5, TimeUnit.SECONDS);
        assertThat(clip).startsWith("magnet:?xt=urn:btih:" + id);

        Path torrentFile = work.resolve("data/torrents/" + id + ".torrent");
        assertThat(torrentFile).exists();
        String us = "127.0.0.179:" + running.context().service().listenPort();
        Path out = Files.createDirectories(work.resolve("leech"));
        try (LibtorrentPeer leech = LibtorrentPeer.leech(torrentFile, out, "127.0.0.180", work.resolve("lt"),
                List.of(us), "--no-encryption")) {
            UiTestSupport.await(Duration.ofSeconds(90), () -> leech.progress() >= 1.0, leech::diagnostics);
        }
        assertThat(Files.mismatch(folder.resolve("a.jpg"), out.resolve("Holiday/a.jpg"))).isEqualTo(-1L);
        assertThat(Files.mismatch(folder.resolve("b/c.jpg"), out.resolve("Holiday/b/c.jpg"))).isEqualTo(-1L);
    }
}
