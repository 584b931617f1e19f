package org.peerwave.app;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.peerwave.app.service.PlayerLauncher;
import org.peerwave.app.ui.main.MainView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: builds the {@link AppContext} (the composition root) and the main
 * window on it. {@link Main} launches it; UI tests start it the same way. The system property
 * {@value #DATA_DIR_PROPERTY} points it at another data folder (tests use a temporary one).
 */
public final class PeerwaveApp extends Application {

    /** The main window's default size. */
    public static final double DEFAULT_WIDTH = 1100;
    public static final double DEFAULT_HEIGHT = 700;
    /** Overrides the data directory (settings, torrent list, resume data). */
    public static final String DATA_DIR_PROPERTY = "peerwave.dataDir";

    private static final Logger log = LoggerFactory.getLogger(PeerwaveApp.class);
    private static volatile PeerwaveApp running;

    private AppContext context;
    private MainView view;
    private Stage stage;

    @Override
    public void start(Stage stage) {
        long t0 = System.nanoTime();
        this.stage = stage;
        String override = System.getProperty(DATA_DIR_PROPERTY);
        Path data = override != null && !override.isBlank() ? Path.of(override) : AppDirs.current().data();
        context = AppContext.start(data, new FxDesktop(getHostServices()), PlayerLauncher.NONE, Platform::runLater);
        MainView.applyTheme(context.settings().theme());
        view = new MainView(context.mainViewModel(), context.detailsViewModel(), context::newAddViewModel,
                context::newCreateViewModel);

        stage.titleProperty().bind(context.mainViewModel().titleProperty());
        double w = context.settings().windowWidth() > 0 ? context.settings().windowWidth() : DEFAULT_WIDTH;
        double h = context.settings().windowHeight() > 0 ? context.settings().windowHeight() : DEFAULT_HEIGHT;
        Scene scene = new Scene(view.root(), w, h);
        view.installShortcuts(scene);
        stage.setScene(scene);
        stage.setMinWidth(720);
        stage.setMinHeight(440);
        stage.show();
        context.startRefreshing();
        running = this;
        log.info("{} {} started in {} ms, listening on port {}", AppInfo.NAME, AppInfo.version(),
                (System.nanoTime() - t0) / 1_000_000, context.service().listenPort());
    }

    /** The running app (for UI tests), or null. */
    public static PeerwaveApp running() {
        return running;
    }

    public AppContext context() {
        return context;
    }

    public MainView view() {
        return view;
    }

    @Override
    public void stop() {
        running = null;
        if (context != null) {
            if (view != null) {
                view.saveLayout();
            }
            if (stage != null && stage.getWidth() > 0) {
                context.settings().windowSize(stage.getWidth(), stage.getHeight());
            }
            context.close();
        }
        log.info("{} stopped", AppInfo.NAME);
    }
}
