package org.peerwave.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.peerwave.app.instance.InstanceHandler;
import org.peerwave.app.instance.InstanceServer;
import org.peerwave.app.instance.InstanceSettings;
import org.peerwave.app.instance.InstanceSocket;
import org.peerwave.app.service.AddRequest;
import org.peerwave.app.service.AddSource;
import org.peerwave.app.service.EngineTorrentService;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.service.TorrentSnapshot;
import org.peerwave.app.ui.main.MainView;
import org.peerwave.app.ui.tray.TrayView;
import org.peerwave.app.ui.tray.TrayViewModel;
import org.peerwave.app.ui.tray.WindowControl;
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

    private InstanceServer instanceServer;
    private final TrayView tray = new TrayView();
    private TrayViewModel trayViewModel;
    private VlcPlayerLauncher players;

    @Override
    public void start(Stage stage) {
        long t0 = System.nanoTime();
        this.stage = stage;
        String override = System.getProperty(DATA_DIR_PROPERTY);
        Path data = override != null && !override.isBlank() ? Path.of(override) : AppDirs.current().data();
        FxDesktop desktop = new FxDesktop(getHostServices());
        players = new VlcPlayerLauncher(() -> (EngineTorrentService) context.service(), desktop::open);
        context = AppContext.start(data, desktop, players, Platform::runLater);
        MainView.applyTheme(context.settings().theme());
        view = new MainView(context.mainViewModel(), context.detailsViewModel(), context::newAddViewModel,
                context::newCreateViewModel, context::newPreferencesViewModel);

        stage.titleProperty().bind(context.mainViewModel().titleProperty());
        double w = context.settings().windowWidth() > 0 ? context.settings().windowWidth() : DEFAULT_WIDTH;
        double h = context.settings().windowHeight() > 0 ? context.settings().windowHeight() : DEFAULT_HEIGHT;
        Scene scene = new Scene(view.root(), w, h);
        view.installShortcuts(scene);
        stage.setScene(scene);
        stage.setMinWidth(720);
        stage.setMinHeight(440);
        trayViewModel = context.newTrayViewModel(windowControl(stage));
        stage.setOnCloseRequest(e -> {
            if (context.settings().closeToTray() && tray.installed()) {
                e.consume();
                stage.hide();
            } else if (tray.installed()) {
                Platform.exit(); // with a tray, closing the last window no longer exits by itself
            }
        });
        stage.showingProperty().addListener((o, a, b) -> tray.update(trayViewModel));
        if (context.settings().startMinimized()) {
            stage.setIconified(true);
        }
        stage.show();
        installTray();
        context.startRefreshing();
        startInstanceServer(stage, override != null && !override.isBlank() ? InstanceSocket.inDataDir(data)
                : InstanceSocket.current());
        running = this;
        log.info("{} {} started in {} ms, listening on port {}", AppInfo.NAME, AppInfo.version(),
                (System.nanoTime() - t0) / 1_000_000, context.service().listenPort());
    }

    /** The window as the tray menu drives it. */
    private static WindowControl windowControl(Stage stage) {
        return new WindowControl() {
            @Override
            public boolean isShowing() {
                return stage.isShowing() && !stage.isIconified();
            }

            @Override
            public void show() {
                stage.show();
                stage.setIconified(false);
                stage.toFront();
            }

            @Override
            public void hide() {
                stage.hide();
            }

            @Override
            public void quit() {
                Platform.exit();
            }
        };
    }

    /**
     * Puts the icon in the tray off the JavaFX thread (starting AWT costs time the window need not
     * wait for); once it is there, closing the window can keep the app running and notifications
     * go to the icon's balloon.
     */
    private void installTray() {
        if (!TrayView.mayHaveTray()) {
            return;
        }
        Thread t = new Thread(() -> {
            if (tray.install(trayViewModel)) {
                Platform.runLater(() -> {
                    Platform.setImplicitExit(false);
                    context.notifier((title, message) -> {
                        if (!tray.displayMessage(title, message)) {
                            context.mainViewModel().notice(title + ": " + message);
                        }
                    });
                    tray.update(trayViewModel);
                    if (context.settings().startMinimized() && context.settings().closeToTray()) {
                        stage.hide();
                    }
                });
            }
        }, "peerwave-tray");
        t.setDaemon(true);
        t.start();
    }

    /** The tray menu's view model (for tests). */
    public TrayViewModel trayViewModel() {
        return trayViewModel;
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

    /**
     * Listens for later launches ({@code peerwave 'magnet:…'}, {@code peerwave file.torrent},
     * {@code peerwave list}). Without the socket the window still works; later launches then open
     * windows of their own.
     */
    private void startInstanceServer(Stage stage, Path socket) {
        InstanceHandler handler = new InstanceHandler() {
            @Override
            public void open(List<String> targets) {
                Platform.runLater(() -> {
                    stage.setIconified(false);
                    stage.toFront();
                    stage.requestFocus();
                    openFromElsewhere(targets);
                });
            }

            @Override
            public List<TorrentSummary> list() {
                try {
                    return context.service().snapshots().get(10, TimeUnit.SECONDS).stream()
                            .map(PeerwaveApp::summary).toList();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot list the torrents: " + e.getMessage(), e);
                }
            }
        };
        try {
            instanceServer = InstanceServer.start(socket, handler, InstanceSettings.DEFAULT);
        } catch (IOException e) {
            log.warn("other launches cannot reach this window: {}", e.getMessage());
        }
        installMacOpenHandlers();
        List<String> initial = getParameters() == null ? List.of() : getParameters().getRaw();
        if (!initial.isEmpty()) {
            openFromElsewhere(initial);
        }
    }

    /**
     * Magnet links, .torrent files and links handed over by the desktop (a browser, a file manager)
     * or a later launch: each opens the add dialog, as a drop on the window does.
     */
    void openFromElsewhere(List<String> targets) {
        log.info("opening {} from another program", targets.size() == 1 ? targets.getFirst() : targets);
        boolean confirm = context.settings().confirmExternalAdds();
        for (String t : targets) {
            String lower = t.toLowerCase(Locale.ROOT);
            boolean link = lower.startsWith("magnet:") || lower.startsWith("http://") || lower.startsWith("https://");
            if (confirm) {
                if (link) {
                    view.handleDrop(List.of(), t);
                } else {
                    view.handleDrop(List.of(new File(t)), null);
                }
                continue;
            }
            AddSource source = lower.startsWith("magnet:") ? new AddSource.Magnet(t)
                    : link ? new AddSource.Url(java.net.URI.create(t)) : new AddSource.TorrentFile(Path.of(t));
            AppSettings s = context.settings();
            Path dir = s.lastSaveDir() != null ? s.lastSaveDir() : s.defaultSaveDir();
            context.service().preview(source)
                    .thenCompose(p -> context.service().add(new AddRequest(p, dir, List.of(), s.startPaused(),
                            s.sequential())))
                    .whenComplete((id, e) -> Platform.runLater(() -> {
                        if (e != null) {
                            context.mainViewModel().notice("Could not add " + t + ": " + rootMessage(e));
                        } else {
                            context.mainViewModel().notice("Added " + t);
                            context.mainViewModel().refresh();
                        }
                    }));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c != c.getCause()) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    /**
     * macOS hands magnet links and .torrent files to a running app as Apple events, not as
     * arguments (the installer's Info.plist declares both): they go where a later launch's do.
     */
    private void installMacOpenHandlers() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac")
                || !java.awt.Desktop.isDesktopSupported()) {
            return;
        }
        java.awt.Desktop desktop = java.awt.Desktop.getDesktop();
        if (desktop.isSupported(java.awt.Desktop.Action.APP_OPEN_URI)) {
            desktop.setOpenURIHandler(e -> Platform.runLater(() -> openFromElsewhere(List.of(e.getURI().toString()))));
        }
        if (desktop.isSupported(java.awt.Desktop.Action.APP_OPEN_FILE)) {
            desktop.setOpenFileHandler(e -> Platform.runLater(() -> openFromElsewhere(
                    e.getFiles().stream().map(File::getAbsolutePath).toList())));
        }
    }

    private static InstanceHandler.TorrentSummary summary(TorrentSnapshot s) {
        return new InstanceHandler.TorrentSummary(s.id(), s.status().label(), s.progress(), s.name());
    }

    @Override
    public void stop() {
        tray.close();
        if (instanceServer != null) {
            instanceServer.close();
        }
        if (players != null) {
            players.close();
        }
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
