package org.peerwave.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
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

    @Override
    public void start(Stage stage) {
        MainViewModel viewModel = new MainViewModel();
        MainView view = new MainView(viewModel);

        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setScene(new Scene(view.root(), DEFAULT_WIDTH, DEFAULT_HEIGHT));
        stage.setMinWidth(640);
        stage.setMinHeight(400);
        stage.show();
        log.info("{} {} started", AppInfo.NAME, AppInfo.version());
    }

    @Override
    public void stop() {
        log.info("{} stopped", AppInfo.NAME);
    }
}
