package org.peerwave.app;

import java.io.IOException;
import java.util.List;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.peerwave.app.instance.InstanceHandler;
import org.peerwave.app.instance.InstanceServer;
import org.peerwave.app.instance.InstanceSettings;
import org.peerwave.app.instance.InstanceSocket;
import org.peerwave.app.ui.main.MainView;
import org.peerwave.app.ui.main.MainViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application and the GUI's composition root: creates the view models with their
 * services and shows the main window. {@link Main} launches it; UI tests start it the same way.
 */
public final class PeerwaveApp extends Application {

    /** The main window's default size. */
    public static final double DEFAULT_WIDTH = 1000;
    public static final double DEFAULT_HEIGHT = 650;

    private static final Logger log = LoggerFactory.getLogger(PeerwaveApp.class);

    private InstanceServer instanceServer;

    @Override
    public void start(Stage stage) {
        MainViewModel viewModel = new MainViewModel();
        MainView view = new MainView(viewModel);
        startInstanceServer(stage);

        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setScene(new Scene(view.root(), DEFAULT_WIDTH, DEFAULT_HEIGHT));
        stage.setMinWidth(640);
        stage.setMinHeight(400);
        stage.show();
        log.info("{} {} started", AppInfo.NAME, AppInfo.version());
    }

    /**
     * Listens for later launches ({@code peerwave 'magnet:…'}, {@code peerwave file.torrent},
     * {@code peerwave list}). Without the socket the window still works; later launches then open
     * windows of their own.
     */
    private void startInstanceServer(Stage stage) {
        InstanceHandler handler = new InstanceHandler() {
            @Override
            public void open(List<String> targets) {
                Platform.runLater(() -> {
                    stage.setIconified(false);
                    stage.toFront();
                    stage.requestFocus();
                    log.info("asked to open {}", targets);
                });
            }

            @Override
            public List<TorrentSummary> list() {
                return List.of();
            }
        };
        try {
            instanceServer = InstanceServer.start(InstanceSocket.current(), handler, InstanceSettings.DEFAULT);
        } catch (IOException e) {
            log.warn("other launches cannot reach this window: {}", e.getMessage());
        }
        List<String> initial = getParameters() == null ? List.of() : getParameters().getRaw();
        if (!initial.isEmpty()) {
            handler.open(initial);
        }
    }

    @Override
    public void stop() {
        if (instanceServer != null) {
            instanceServer.close();
        }
        log.info("{} stopped", AppInfo.NAME);
    }
}
