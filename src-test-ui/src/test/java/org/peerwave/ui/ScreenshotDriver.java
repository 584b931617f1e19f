package org.peerwave.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.peerwave.app.PeerwaveApp;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.ui.main.MainView;
import org.peerwave.app.ui.main.TorrentRow;

/**
 * Not a test: a small driver for taking screenshots of the real window on a display (Xvfb). It starts
 * the app on a data folder, then selects a row and a details tab, sets the theme, and optionally
 * opens the add dialog or the create dialog or the global speed window, and leaves the window up.
 *
 * <pre>java -Dpeerwave.dataDir=DIR ... org.peerwave.ui.ScreenshotDriver light|dark ROW-NAME TAB [add FILE|create DIR|speed]</pre>
 */
public final class ScreenshotDriver {

    private ScreenshotDriver() {
    }

    public static void main(String[] args) {
        AppSettings.Theme theme = args[0].equals("dark") ? AppSettings.Theme.DARK : AppSettings.Theme.LIGHT;
        String rowName = args[1];
        int tab = Integer.parseInt(args[2]);
        String extra = args.length > 3 ? args[3] : "";
        String extraArg = args.length > 4 ? args[4] : "";
        Thread driver = new Thread(() -> {
            try {
                while (PeerwaveApp.running() == null) {
                    Thread.sleep(100);
                }
                Thread.sleep(2500);
                Platform.runLater(() -> {
                    PeerwaveApp app = PeerwaveApp.running();
                    MainView.applyTheme(theme);
                    TableView<TorrentRow> table = app.view().table();
                    for (int i = 0; i < table.getItems().size(); i++) {
                        if (table.getItems().get(i).nameProperty().get().startsWith(rowName)) {
                            table.getSelectionModel().select(i);
                        }
                    }
                    ((TabPane) table.getScene().lookup("#detailsTabs")).getSelectionModel().select(tab);
                    switch (extra) {
                        case "add" -> app.view().handleDrop(List.of(Path.of(extraArg).toFile()), null);
                        case "create" -> app.view().handleDrop(List.of(Path.of(extraArg).toFile()), null);
                        case "speed" -> app.view().showGlobalSpeed();
                        default -> { }
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "screenshot-driver");
        driver.setDaemon(true);
        driver.start();
        Application.launch(PeerwaveApp.class);
    }
}
