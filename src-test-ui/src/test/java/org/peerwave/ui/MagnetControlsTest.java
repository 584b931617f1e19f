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
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.PeerwaveApp;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.ui.details.DetailsViewModel;
import org.peerwave.app.ui.files.FileNode;
import org.peerwave.app.ui.main.MainViewModel;
import org.peerwave.app.ui.main.TorrentRow;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.session.FilePriority;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A magnet added through the add dialog fetches its metadata from a libtorrent seeder; a file set to
 * Skip in the Files tab is not downloaded; the toolbar pauses and resumes it; Delete asks, and
 * "Remove and delete files" removes it with its data.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MagnetControlsTest {

    @TempDir
    Path work;

    private final FxRobot robot = new FxRobot();
    private Application app;

    @BeforeEach
    void startApp() throws Exception {
        app = UiTestSupport.startApp(work, "127.0.0.183");
    }

    @AfterEach
    void stopApp() throws TimeoutException {
        UiTestSupport.stopApp(app);
    }

    @Test
    void magnetSkipPauseResumeRemoveWithData() throws Exception {
        Path source = Files.createDirectories(work.resolve("seed/Two Files"));
        TestTrees.file(source.resolve("keep.bin"), 3L * 1024 * 1024, 31);
        TestTrees.file(source.resolve("skip.bin"), 2L * 1024 * 1024, 32);
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1)
                .pieceLength(64 * 1024).create();
        Path torrentFile = Files.write(work.resolve("two.torrent"), created.bytes());
        PeerwaveApp running = PeerwaveApp.running();
        MainViewModel vm = running.context().mainViewModel();
        DetailsViewModel details = running.context().detailsViewModel();

        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.184",
                work.resolve("lt"), "--upload-limit", "400000")) {
            String magnet = MagnetLink.forTorrent(created.metainfo()).toUri() + "&x.pe=127.0.0.184:"
                    + seed.peerAddress().getPort();
            Platform.runLater(() -> running.view().handleDrop(List.of(), magnet));
            UiTestSupport.await(Duration.ofSeconds(20), () -> robot.lookup("#addConfirm").tryQuery()
                    .map(n -> !n.isDisabled()).orElse(false), () -> "add dialog not ready");
            assertThat(robot.lookup("#addName").queryAs(Label.class).getText()).isEqualTo("Two Files");
            robot.clickOn("#addConfirm");

            UiTestSupport.await(Duration.ofSeconds(20), () -> vm.torrents().size() == 1, () -> "no row");
            TorrentRow row = vm.torrents().get(0);
            WaitForAsyncUtils.asyncFx(() -> robot.lookup("#torrentTable").queryAs(TableView.class)
                    .getSelectionModel().select(0)).get(5, TimeUnit.SECONDS);

            // the metadata arrives: skip one file in the Files tab
            UiTestSupport.await(Duration.ofSeconds(60), () -> details.filesProperty().get() != null,
                    () -> "no metadata: " + row.stateProperty().get());
            FileNode skip = WaitForAsyncUtils.asyncFx(() -> details.filesProperty().get().files().stream()
                    .filter(f -> f.name().equals("skip.bin")).findFirst().orElseThrow()).get(5, TimeUnit.SECONDS);
            WaitForAsyncUtils.asyncFx(() -> details.setPriority(skip, FilePriority.SKIP)).get(5, TimeUnit.SECONDS)
                    .get(10, TimeUnit.SECONDS);

            UiTestSupport.await(Duration.ofSeconds(90), () -> row.statusProperty().get() == TorrentStatus.SEEDING,
                    () -> "at " + row.progressProperty().get() + " " + row.stateProperty().get());
            Path out = work.resolve("downloads/Two Files");
            assertThat(Files.mismatch(source.resolve("keep.bin"), out.resolve("keep.bin"))).isEqualTo(-1L);
            assertThat(!Files.exists(out.resolve("skip.bin"))
                    || Files.mismatch(source.resolve("skip.bin"), out.resolve("skip.bin")) != -1L)
                    .as("the skipped file is not downloaded").isTrue();
            assertThat(row.sizeProperty().get()).as("the size counts the wanted bytes")
                    .isLessThan(5L * 1024 * 1024);

            // pause and resume from the toolbar
            robot.clickOn("#toolPause");
            UiTestSupport.await(Duration.ofSeconds(10), () -> row.statusProperty().get() == TorrentStatus.PAUSED,
                    () -> row.stateProperty().get());
            assertThat(vm.countProperty(org.peerwave.app.ui.main.TorrentFilter.PAUSED).get()).isEqualTo(1);
            robot.clickOn("#toolResume");
            UiTestSupport.await(Duration.ofSeconds(20), () -> row.statusProperty().get() == TorrentStatus.SEEDING,
                    () -> row.stateProperty().get());

            // Delete asks; remove with its files
            robot.clickOn("#torrentTable");
            WaitForAsyncUtils.asyncFx(() -> robot.lookup("#torrentTable").queryAs(TableView.class)
                    .getSelectionModel().select(0)).get(5, TimeUnit.SECONDS);
            robot.type(KeyCode.DELETE);
            UiTestSupport.await(Duration.ofSeconds(10), () -> robot.lookup("#removeDelete").tryQuery().isPresent(),
                    () -> "no remove dialog");
            assertThat(vm.torrents()).hasSize(1);
            robot.clickOn("#removeDelete");
            UiTestSupport.await(Duration.ofSeconds(20), () -> vm.torrents().isEmpty(), () -> "still listed");
            UiTestSupport.await(Duration.ofSeconds(10), () -> !Files.exists(out.resolve("keep.bin")),
                    () -> "data still there");
            assertThat(work.resolve("data/torrents")).isEmptyDirectory();
        }
    }
}
