package org.peerwave.ui;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.PeerwaveApp;
import org.peerwave.app.service.EngineTorrentService;
import org.peerwave.app.settings.AppSettings;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The preferences window on the real app: changed preferences are saved, apply at once where they
 * can (theme, limits, queue), and after a restart the app starts with them (the new listen port, the
 * dark theme, the limits in the engine).
 */
@Timeout(120)
class PreferencesTest {

    private static final String ADDRESS = "127.0.0.178";

    @TempDir
    Path data;

    private final FxRobot robot = new FxRobot();
    private Application app;

    @BeforeEach
    void startApp() throws Exception {
        UiTestSupport.writeSettings(data, ADDRESS, data.resolve("downloads"));
        System.setProperty(PeerwaveApp.DATA_DIR_PROPERTY, data.toString());
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(PeerwaveApp::new);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stopApp() throws TimeoutException {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        Application.setUserAgentStylesheet(null);
        System.clearProperty(PeerwaveApp.DATA_DIR_PROPERTY);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
            return s.getLocalPort();
        }
    }

    @Test
    void preferencesPersistAndApplyAfterARestart() throws Exception {
        int port = freePort();
        Path elsewhere = data.resolve("elsewhere");
        robot.clickOn("#toolPreferences");
        UiTestSupport.await(Duration.ofSeconds(10), () -> robot.lookup("#prefOk").tryQuery().isPresent(),
                () -> "no preferences window");
        robot.interact(() -> {
            robot.lookup("#prefSaveDir").queryAs(TextField.class).setText(elsewhere.toString());
            robot.lookup("#prefListenPort").<Spinner<Integer>>query().getEditor().setText(Integer.toString(port));
            robot.lookup("#prefDownloadLimit").<Spinner<Integer>>query().getEditor().setText("700");
            robot.lookup("#prefUploadLimit").<Spinner<Integer>>query().getEditor().setText("70");
            robot.lookup("#prefMaxDownloads").<Spinner<Integer>>query().getEditor().setText("2");
            robot.lookup("#prefTheme").<ChoiceBox<AppSettings.Theme>>query().setValue(AppSettings.Theme.DARK);
            robot.lookup("#prefCloseToTray").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#prefConfirmExternal").queryAs(CheckBox.class).setSelected(false);
        });
        robot.clickOn("#prefOk");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#prefOk").tryQuery()).as("the window closed").isEmpty();
        assertThat(robot.lookup("#notice").queryAs(Label.class).getText())
                .isEqualTo("Preferences saved; the listen port change on the next start");
        // applied at once: the theme and the engine's limits
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        EngineTorrentService service = (EngineTorrentService) PeerwaveApp.running().context().service();
        assertThat(service.engine().settings().rateLimits().downloadBytesPerSecond()).isEqualTo(700 * 1024);
        assertThat(Files.readString(data.resolve("settings.properties"))).contains("listenPort=" + port)
                .contains("theme=DARK").contains("limit.downloadKiB=700").contains("queue.maxDownloads=2");

        // restart: the same data folder, a new app
        FxToolkit.cleanupApplication(app);
        Application.setUserAgentStylesheet(null);
        app = FxToolkit.setupApplication(PeerwaveApp::new);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#listenPort").queryAs(Label.class).getText()).isEqualTo("Port " + port);
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        PeerwaveApp running = PeerwaveApp.running();
        EngineTorrentService again = (EngineTorrentService) running.context().service();
        assertThat(again.listenPort()).isEqualTo(port);
        assertThat(again.engine().settings().rateLimits().downloadBytesPerSecond()).isEqualTo(700 * 1024);
        assertThat(again.engine().settings().rateLimits().uploadBytesPerSecond()).isEqualTo(70 * 1024);
        AppSettings s = running.context().settings();
        assertThat(s.defaultSaveDir()).isEqualTo(elsewhere);
        assertThat(s.maxActiveDownloads()).isEqualTo(2);
        assertThat(s.closeToTray()).isTrue();
        assertThat(s.confirmExternalAdds()).isFalse();
        assertThat(s.dhtEnabled()).as("UI tests keep the DHT off").isFalse();

        // the window opens on the saved values
        robot.interact(() -> running.view().openPreferences());
        assertThat(robot.lookup("#prefListenPort").<Spinner<Integer>>query().getValue()).isEqualTo(port);
        assertThat(robot.lookup("#prefTheme").<ChoiceBox<AppSettings.Theme>>query().getValue())
                .isEqualTo(AppSettings.Theme.DARK);
        robot.clickOn("#prefCancel");
    }
}
