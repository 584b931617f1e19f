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
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.PeerwaveApp;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.ui.main.MainViewModel;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.media.TestMedia;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole path a user takes: a torrent of a video is added through the window (its data already
 * in the save folder, so it seeds), and the Files tab's Play button opens the player window, where
 * libvlc draws the video.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PlayFromFilesTabTest {

    @TempDir
    Path work;

    private final FxRobot robot = new FxRobot();
    private Application app;

    @BeforeEach
    void startApp() throws Exception {
        app = UiTestSupport.startApp(work, "127.0.0.186");
    }

    @AfterEach
    void stopApp() throws TimeoutException {
        UiTestSupport.stopApp(app);
    }

    @Test
    void playButtonOpensThePlayerOnTheTorrentsVideo() throws Exception {
        Path folder = Files.createDirectories(work.resolve("downloads/Test Film"));
        Files.copy(TestMedia.mp4(), folder.resolve("film.mp4"));
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(folder).mode(TorrentCreator.Mode.HYBRID)
                .pieceLength(256 * 1024).create();
        Path torrentFile = Files.write(work.resolve("film.torrent"), created.bytes());
        PeerwaveApp running = PeerwaveApp.running();
        MainViewModel vm = running.context().mainViewModel();

        Platform.runLater(() -> running.view().handleDrop(List.of(torrentFile.toFile()), null));
        UiTestSupport.await(Duration.ofSeconds(20), () -> robot.lookup("#addConfirm").tryQuery()
                .map(n -> !n.isDisabled()).orElse(false), () -> "add dialog not ready");
        robot.clickOn((Button) robot.lookup("#addConfirm").query());
        UiTestSupport.await(Duration.ofSeconds(30), () -> vm.torrents().size() == 1
                && vm.torrents().get(0).statusProperty().get() == TorrentStatus.SEEDING,
                () -> "rows " + vm.torrents());

        WaitForAsyncUtils.asyncFx(() -> {
            robot.lookup("#torrentTable").queryAs(TableView.class).getSelectionModel().select(0);
            robot.lookup("#detailsTabs").queryAs(TabPane.class).getSelectionModel().select(1);
        }).get(5, TimeUnit.SECONDS);
        UiTestSupport.await(Duration.ofSeconds(10), () -> robot.lookup((Button b) -> "Play".equals(b.getText())
                && b.isVisible()).tryQuery().isPresent(), () -> "no Play button in the Files tab");
        robot.clickOn(robot.lookup((Button b) -> "Play".equals(b.getText()) && b.isVisible()).queryButton());

        UiTestSupport.await(Duration.ofSeconds(30), () -> playerVideo() != null && playerVideo().getImage() != null
                && playerVideo().getImage().getWidth() == 640, () -> "no video in a player window");
        Stage player = (Stage) playerVideo().getScene().getWindow();
        assertThat(player.getTitle()).isEqualTo("film.mp4 \u2014 Peerwave");
        WaitForAsyncUtils.asyncFx(player::close).get(5, TimeUnit.SECONDS);
    }

    private static ImageView playerVideo() {
        for (Window w : Window.getWindows()) {
            if (w.getScene() != null && w.getScene().lookup("#video") instanceof ImageView v) {
                return v;
            }
        }
        return null;
    }
}
