package org.peerwave.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.PeerwaveApp;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Starts the real application class, as {@code ./peerwave} does with a display, and checks the
 * main window. Runs headless on Monocle (see this module's pom), on a temporary data folder.
 */
class MainWindowTest {

    @TempDir
    Path data;

    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private Application app;

    @BeforeEach
    void startApp() throws Exception {
        UiTestSupport.writeSettings(data, "127.0.0.176", data.resolve("downloads"));
        System.setProperty(PeerwaveApp.DATA_DIR_PROPERTY, data.toString());
        stage = FxToolkit.registerPrimaryStage();
        // The same Application class and start(Stage) that Main launches.
        app = FxToolkit.setupApplication(PeerwaveApp::new);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stopApp() throws TimeoutException {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        System.clearProperty(PeerwaveApp.DATA_DIR_PROPERTY);
    }

    @Test
    void showsTheMainWindow() {
        assertThat(stage.isShowing()).isTrue();
        assertThat(stage.getTitle()).isEqualTo("Peerwave");
        assertThat(stage.getWidth()).isEqualTo(PeerwaveApp.DEFAULT_WIDTH);
        assertThat(stage.getHeight()).isEqualTo(PeerwaveApp.DEFAULT_HEIGHT);

        Label title = robot.lookup("#appTitle").queryAs(Label.class);
        assertThat(title.getText()).isEqualTo("Peerwave");
        for (String id : new String[] {"#appTitle", "#torrentTable", "#sideBar", "#statusBar", "#detailsTabs",
                                       "#searchBox", "#filter-ALL", "#filter-ERRORED", "#listenPort", "#freeSpace"}) {
            assertThat(isTreeVisible(robot.lookup(id).query())).as(id).isTrue();
        }
        assertThat(robot.lookup("#listenPort").queryAs(Label.class).getText()).matches("Port \\d+");
    }

    @Test
    void torrentListIsEmptyAndSaysSo() {
        TableView<?> table = robot.lookup("#torrentTable").queryTableView();
        assertThat(table.getItems()).isEmpty();
        assertThat(table.getColumns()).extracting(TableColumn::getText)
                .containsExactly("Name", "Size", "Progress", "State", "Down", "Up", "ETA", "Seeds/Peers", "Ratio",
                        "Added");

        Node placeholder = robot.lookup("#torrentPlaceholder").query();
        assertThat(placeholder).isInstanceOf(Label.class);
        assertThat(((Label) placeholder).getText())
                .isEqualTo("No torrents yet \u2014 add a .torrent file or a magnet link");
        // Shown: inside the table's skin, in the window's scene, and visible all the way up.
        assertThat(placeholder.getScene()).isSameAs(stage.getScene());
        assertThat(isTreeVisible(placeholder)).isTrue();
        assertThat(robot.lookup("#torrentCount").queryAs(Label.class).getText()).isEqualTo("No torrents");
        assertThat(robot.lookup("#count-ALL").queryAs(Label.class).getText()).isEqualTo("0");
    }

    @Test
    void settingsFileIsWrittenOnExit() throws Exception {
        FxToolkit.cleanupApplication(app);
        assertThat(Files.readString(data.resolve("settings.properties"))).contains("columns.order=name,size");
        app = FxToolkit.setupApplication(PeerwaveApp::new);
    }

    static boolean isTreeVisible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
