package org.peerwave.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.PeerwaveApp;
import org.peerwave.app.service.EngineTorrentService;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.ui.details.DetailsViewModel;
import org.peerwave.app.ui.main.MainViewModel;
import org.peerwave.app.ui.main.TorrentFilter;
import org.peerwave.app.ui.main.TorrentRow;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A real download through the window: a .torrent file dropped on the window (through the drop
 * handler, as headless Monocle has no OS drag and drop) opens the add dialog; the robot clicks
 * Add; the row appears; a libtorrent seeder started by the test sends the data; progress reaches
 * 100 %, the side bar's counts move from Downloading to Seeding, the Files tab lists the files and
 * the Speed tab has points above zero.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DownloadThroughTheWindowTest {

    @TempDir
    Path work;

    private final FxRobot robot = new FxRobot();
    private Application app;
    private Stage stage;

    @BeforeEach
    void startApp() throws Exception {
        app = UiTestSupport.startApp(work, "127.0.0.177");
        stage = FxToolkit.toolkitContext().getRegisteredStage();
    }

    @AfterEach
    void stopApp() throws TimeoutException {
        UiTestSupport.stopApp(app);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    @Test
    void dropATorrentAndDownloadItFromLibtorrent() throws Exception {
        Path source = Files.createDirectories(work.resolve("seed/Window Album"));
        TestTrees.file(source.resolve("one.bin"), 5L * 1024 * 1024 + 3, 11);
        TestTrees.file(source.resolve("two/two.bin"), 3L * 1024 * 1024, 12);
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1)
                .pieceLength(256 * 1024).create();
        Path torrentFile = Files.write(work.resolve("album.torrent"), created.bytes());
        PeerwaveApp running = PeerwaveApp.running();
        MainViewModel vm = running.context().mainViewModel();
        DetailsViewModel details = running.context().detailsViewModel();

        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.178",
                work.resolve("lt"))) {
            // the drop: the add dialog opens with the torrent's files
            Platform.runLater(() -> running.view().handleDrop(List.of(torrentFile.toFile()), null));
            UiTestSupport.await(Duration.ofSeconds(20), () -> robot.lookup("#addConfirm").tryQuery()
                    .map(n -> !n.isDisabled()).orElse(false), () -> "add dialog not ready");
            assertThat(robot.lookup("#addName").queryAs(Label.class).getText()).isEqualTo("Window Album");
            TreeTableView<?> addTree = robot.lookup("#addFilesTree").queryAs(TreeTableView.class);
            assertThat(addTree.getRoot().getChildren()).hasSize(2);
            robot.clickOn((Button) robot.lookup("#addConfirm").query());

            // the row appears, downloading (no peer yet)
            UiTestSupport.await(Duration.ofSeconds(20), () -> vm.torrents().size() == 1
                    && vm.countProperty(TorrentFilter.DOWNLOADING).get() == 1, () -> "rows " + vm.torrents());
            TorrentRow row = vm.torrents().get(0);
            assertThat(row.nameProperty().get()).isEqualTo("Window Album");
            assertThat(robot.lookup("#count-DOWNLOADING").queryAs(Label.class).getText()).isEqualTo("1");
            assertThat(robot.lookup("#count-SEEDING").queryAs(Label.class).getText()).isEqualTo("0");
            assertThat(robot.lookup("#torrentTable").queryAs(TableView.class).getItems()).containsExactly(row);

            // focus it, look at the Speed tab while it downloads
            fx(() -> {
                TableView<?> t = robot.lookup("#torrentTable").queryAs(TableView.class);
                t.getSelectionModel().select(0);
                robot.lookup("#detailsTabs").queryAs(TabPane.class).getSelectionModel().select(4);
                return null;
            });
            // slow enough to see it move: 2 MiB/s for 8 MiB
            EngineTorrentService service = (EngineTorrentService) running.context().service();
            service.setRateLimits(row.id(), 0, 2L * 1024 * 1024).get(5, TimeUnit.SECONDS);
            TorrentHandle handle = service.engine().torrents().get(0);
            handle.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);

            UiTestSupport.await(Duration.ofSeconds(90), () -> row.progressProperty().get() == 1.0
                    && row.statusProperty().get() == TorrentStatus.SEEDING,
                    () -> "row at " + row.progressProperty().get() + " " + row.stateProperty().get() + "; "
                            + seed.diagnostics());
            UiTestSupport.await(Duration.ofSeconds(10),
                    () -> vm.countProperty(TorrentFilter.SEEDING).get() == 1, () -> "counts");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(robot.lookup("#count-DOWNLOADING").queryAs(Label.class).getText()).isEqualTo("0");
            assertThat(robot.lookup("#count-SEEDING").queryAs(Label.class).getText()).isEqualTo("1");
            assertThat(robot.lookup("#count-COMPLETED").queryAs(Label.class).getText()).isEqualTo("1");
            assertThat(robot.lookup(".progress-text").queryAllAs(Label.class)).extracting(Label::getText)
                    .contains("100.0%");
            assertThat(Files.mismatch(source.resolve("one.bin"),
                    work.resolve("downloads/Window Album/one.bin"))).isEqualTo(-1L);
            assertThat(Files.mismatch(source.resolve("two/two.bin"),
                    work.resolve("downloads/Window Album/two/two.bin"))).isEqualTo(-1L);

            // the Speed tab's graph has points above zero; the Files tab lists the files, all done
            UiTestSupport.await(Duration.ofSeconds(10), () -> details.speedPointsProperty().get().max() > 0,
                    () -> "speed points " + details.speedPointsProperty().get().size());
            assertThat(robot.lookup("#torrentSpeedGraph").tryQuery()).isPresent();
            UiTestSupport.await(Duration.ofSeconds(10), () -> details.filesProperty().get() != null
                    && details.filesProperty().get().progressProperty().get() == 1.0, () -> "files");
            fx(() -> {
                robot.lookup("#detailsTabs").queryAs(TabPane.class).getSelectionModel().select(1);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            TreeTableView<?> files = robot.lookup("#filesTree").queryAs(TreeTableView.class);
            assertThat(files.getRoot()).isNotNull();
            assertThat(files.getRoot().getChildren()).hasSize(2);

            // the side bar filters the table
            robot.clickOn("#filter-PAUSED");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(robot.lookup("#torrentTable").queryAs(TableView.class).getItems()).isEmpty();
            robot.clickOn("#filter-SEEDING");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(robot.lookup("#torrentTable").queryAs(TableView.class).getItems()).containsExactly(row);
        }
    }

    /** Kept for file-based drops in other tests. */
    static List<File> files(Path... paths) {
        return java.util.Arrays.stream(paths).map(Path::toFile).toList();
    }
}
