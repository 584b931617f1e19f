package org.peerwave.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.PlayerWindows;
import org.peerwave.app.ui.player.PlayerView;
import org.peerwave.app.ui.player.PlayerViewModel;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.media.LibVlcStatus;
import org.peerwave.media.MediaSource;
import org.peerwave.media.TestMedia;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The player window with the real libvlc drawing into the JavaFX view (headless Monocle): a torrent
 * of the ffmpeg test MP4 plays, the keys and the seek bar work, a torrent with no peers shows the
 * buffering indicator, and without libvlc the window says what to install and opens the stream
 * URL elsewhere. Screenshots go to {@code target/screenshots}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PlayerWindowTest {

    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final List<String> HEADLESS = List.of("--aout=dummy");

    @TempDir
    static Path work;
    private static TorrentMetainfo meta;
    private static Path seedDir;

    private final FxRobot robot = new FxRobot();
    private final List<String> opened = new ArrayList<>();
    private Engine engine;
    private PlayerWindows windows;

    @BeforeAll
    static void torrentOfTheTestVideo() throws Exception {
        seedDir = Files.createDirectories(work.resolve("seed"));
        Files.copy(TestMedia.mp4(), seedDir.resolve("movie.mp4"));
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(seedDir.resolve("movie.mp4"))
                .mode(TorrentCreator.Mode.HYBRID).pieceLength(256 * 1024).creationDate(null).create();
        meta = TorrentMetainfo.parse(created.bytes());
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void engine() throws Exception {
        engine = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getLoopbackAddress())
                .listenPort(0).ioThreads(1).build());
        windows = new PlayerWindows(engine, opened::add, HEADLESS);
    }

    @AfterEach
    void closeAll() throws Exception {
        FxToolkit.cleanupStages();
        WaitForAsyncUtils.waitForFxEvents();
        windows.close();
        engine.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static void until(Callable<Boolean> condition, long seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!fx(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void screenshot(Node node, String name) throws Exception {
        Files.createDirectories(SHOTS);
        WritableImage image = fx(() -> node.snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", SHOTS.resolve(name + ".png").toFile());
    }

    private static Stage playerStage() throws Exception {
        return fx(() -> Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null
                && s.getTitle().endsWith("\u2014 Peerwave")).map(w -> (Stage) w).findFirst().orElseThrow());
    }

    @Test
    void playsATorrentWithKeysAndTheSeekBar() throws Exception {
        TorrentHandle h = engine.add(meta, seedDir, AddOptions.DEFAULT);
        h.completion().get(60, TimeUnit.SECONDS);
        PlayerViewModel vm = windows.play(h, 0).get(30, TimeUnit.SECONDS);
        Stage stage = playerStage();
        assertThat(stage.getTitle()).isEqualTo("movie.mp4 \u2014 Peerwave");
        ImageView video = robot.lookup("#video").queryAs(ImageView.class);

        until(() -> video.getImage() != null && video.getImage().getWidth() == 640, 30, "video frames in the view");
        until(() -> vm.playingProperty().get() && vm.timeTextProperty().get().endsWith("/ 1:00"), 30,
                "playing with a length of 1:00");
        until(() -> vm.downloaded().equals(List.of(new PlayerViewModel.Range(0, 1))), 10,
                "the seek bar showing the whole file downloaded");
        screenshot(stage.getScene().getRoot(), "player-playing");

        robot.type(KeyCode.SPACE);
        until(() -> !vm.playingProperty().get() && "Paused".equals(vm.statusProperty().get()), 10, "paused by Space");
        assertThat(fx(() -> robot.lookup("#playPause").queryAs(Button.class).getAccessibleText())).isEqualTo("Play");

        Node seekBar = robot.lookup("#seekBar").query();
        double width = fx(() -> seekBar.getBoundsInLocal().getWidth());
        robot.clickOn(robot.point(seekBar).atPosition(Pos.CENTER_LEFT).atOffset(new Point2D(width * 0.8, 0)));
        robot.type(KeyCode.SPACE);
        // the seek itself moves the bar to 48 s; only real playback after it passes 49.5 s
        until(() -> vm.playingProperty().get() && vm.timeMillisProperty().get() > 49_500
                && vm.timeMillisProperty().get() < 58_000, 30, "playing on from about 48 s");

        robot.type(KeyCode.M);
        until(() -> vm.mutedProperty().get(), 5, "muted by M");
        robot.type(KeyCode.DOWN);
        until(() -> vm.volumeProperty().get() == 95, 5, "volume down by the Down key");
        screenshot(stage.getScene().getRoot(), "player-after-seek");

        fx(() -> {
            stage.close();
            return null;
        });
    }

    @Test
    void aTorrentWithNoPeersShowsTheBufferingIndicator() throws Exception {
        TorrentHandle h = engine.add(meta, Files.createDirectories(work.resolve("empty")), AddOptions.DEFAULT);
        PlayerViewModel vm = windows.play(h, 0).get(30, TimeUnit.SECONDS);
        Stage stage = playerStage();
        Node spinner = robot.lookup("#bufferingIndicator").query();
        until(spinner::isVisible, 20, "the buffering indicator");
        until(() -> robot.lookup("#playerStatus").queryAs(Label.class).getText().startsWith("Buffering"), 5,
                "the buffering text");
        assertThat(vm.playingProperty().get()).isTrue();
        screenshot(stage.getScene().getRoot(), "player-buffering");
        fx(() -> {
            stage.close();
            return null;
        });
    }

    @Test
    void withoutLibvlcTheWindowSaysWhatToInstallAndOffersTheStreamUrl() throws Exception {
        LibVlcStatus missing = new LibVlcStatus(false, "",
                "VLC is not installed, so Peerwave cannot play video itself (the library libvlc was not found).",
                "Install the package \"vlc\" (Debian/Ubuntu: sudo apt install vlc; Fedora: sudo dnf install vlc) "
                        + "and restart Peerwave.");
        String url = "http://127.0.0.1:40123/stream/token/hash/0/movie.mp4";
        MediaSource source = MediaSource.of(seedDir.resolve("movie.mp4"));
        Stage stage = fx(() -> {
            PlayerViewModel vm = new PlayerViewModel(null, missing, source, url, Platform::runLater, opened::add);
            return new PlayerView(vm, new ImageView()).showInNewWindow();
        });
        assertThat(robot.lookup("#vlcProblem").queryAs(Label.class).getText()).contains("VLC is not installed");
        assertThat(robot.lookup("#vlcInstallHint").queryAs(Label.class).getText()).contains("sudo apt install vlc");
        assertThat(robot.lookup("#streamUrl").queryTextInputControl().getText()).isEqualTo(url);
        screenshot(stage.getScene().getRoot(), "player-no-vlc");
        robot.clickOn("#openExternal");
        until(() -> opened.equals(List.of(url)), 5, "the URL handed to the desktop");
        assertThat(fx(() -> ((Scene) stage.getScene()).lookup("#seekBar"))).isNull();
        fx(() -> {
            stage.close();
            return null;
        });
    }
}
