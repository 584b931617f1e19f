package org.peerwave.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.peerwave.app.service.DesktopActions;
import org.peerwave.app.service.Notifier;
import org.peerwave.app.service.SpeedLimits;
import org.peerwave.app.service.EngineTorrentService;
import org.peerwave.app.service.PlayerLauncher;
import org.peerwave.app.service.TorrentService;
import org.peerwave.app.service.TorrentStore;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.settings.SettingsStore;
import org.peerwave.app.ui.add.AddTorrentViewModel;
import org.peerwave.app.ui.create.CreateTorrentViewModel;
import org.peerwave.app.ui.details.DetailsViewModel;
import org.peerwave.app.ui.main.MainViewModel;
import org.peerwave.app.ui.preferences.PreferencesViewModel;
import org.peerwave.app.ui.tray.TrayViewModel;
import org.peerwave.app.ui.tray.WindowControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GUI's composition root, written by hand: settings, the engine-backed {@link TorrentService},
 * the view models with their services, and the once-a-second refresh. {@link PeerwaveApp} creates
 * one and builds the views on it.
 */
public final class AppContext implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppContext.class);

    /** The folders under the data directory. */
    static final String SETTINGS_FILE = "settings.properties";
    static final String TORRENTS_FOLDER = "torrents";
    static final String RESUME_FOLDER = "resume";

    private final AppSettings settings;
    private final SettingsStore settingsStore;
    private final TorrentService service;
    private final DesktopActions desktop;
    private final Executor ui;
    private final MainViewModel main;
    private final DetailsViewModel details;
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final PlayerLauncher player;
    private final SpeedLimits limits;
    /** Where "download complete" goes: the tray's balloon once there is a tray, else the notice line. */
    private volatile Notifier notifier;

    private AppContext(AppSettings settings, SettingsStore settingsStore, TorrentService service,
                       DesktopActions desktop, PlayerLauncher player, Executor ui) {
        this.player = player;
        this.settings = settings;
        this.settingsStore = settingsStore;
        this.service = service;
        this.desktop = desktop;
        this.ui = ui;
        this.main = new MainViewModel(service, settings, settingsStore, desktop, ui);
        this.details = new DetailsViewModel(service, player, ui);
        this.notifier = (title, message) -> main.notice(title + ": " + message);
        this.limits = new SpeedLimits(settings, service, java.time.Clock.systemDefaultZone());
        limits.update(true);
        service.setQueueLimits(settings.maxActiveDownloads(), settings.maxActiveSeeds());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peerwave-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the settings under {@code dataDir}, starts the engine and puts the saved torrents back. */
    public static AppContext start(Path dataDir, DesktopActions desktop, PlayerLauncher player, Executor ui) {
        SettingsStore store = new SettingsStore(dataDir.resolve(SETTINGS_FILE));
        AppSettings settings = store.load(AppSettings.defaults());
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.listenAddress());
        } catch (UnknownHostException e) {
            log.warn("bad listen address {}; listening on every interface", settings.listenAddress());
            address = null;
        }
        var engineSettings = org.peerwave.engine.session.EngineSettings.builder()
                .listenPort(settings.listenPort()).resumeDir(dataDir.resolve(RESUME_FOLDER))
                .dhtEnabled(settings.dhtEnabled())
                .discovery(org.peerwave.engine.session.DiscoverySettings.builder().pexEnabled(settings.pexEnabled())
                        .lsdEnabled(settings.lsdEnabled()).build());
        if (address != null) {
            engineSettings.listenAddress(address);
        }
        TorrentService service = EngineTorrentService.start(engineSettings.build(),
                new TorrentStore(dataDir.resolve(TORRENTS_FOLDER)), settings.defaultSaveDir(),
                settings.maxTorrentDownload());
        return new AppContext(settings, store, service, desktop, player, ui);
    }

    /**
     * A context on a service made elsewhere (benchmarks run the window on an in-memory service);
     * settings are read from {@code dataDir} as in {@link #start}.
     */
    public static AppContext withService(Path dataDir, TorrentService service, DesktopActions desktop,
                                         PlayerLauncher player, Executor ui) {
        SettingsStore store = new SettingsStore(dataDir.resolve(SETTINGS_FILE));
        return new AppContext(store.load(AppSettings.defaults()), store, service, desktop, player, ui);
    }

    /** Refreshes the view models once a second (a round is skipped while the last one is running). */
    public void startRefreshing() {
        ticker.scheduleWithFixedDelay(() -> {
            if (!refreshing.compareAndSet(false, true)) {
                return;
            }
            limits.update(false); // the alternative-speed schedule may have started or ended
            main.refresh().whenComplete((v, e) -> refreshing.set(false));
        }, 0, 1, TimeUnit.SECONDS);
    }

    public AppSettings settings() {
        return settings;
    }

    public SettingsStore settingsStore() {
        return settingsStore;
    }

    public TorrentService service() {
        return service;
    }

    public MainViewModel mainViewModel() {
        return main;
    }

    public DetailsViewModel detailsViewModel() {
        return details;
    }

    /** A fresh view model for one add dialog. */
    public AddTorrentViewModel newAddViewModel() {
        return new AddTorrentViewModel(service, settings, settingsStore, player, ui);
    }

    /** A fresh view model for the preferences window; {@code themes} switches the theme. */
    public PreferencesViewModel newPreferencesViewModel(java.util.function.Consumer<AppSettings.Theme> themes) {
        return new PreferencesViewModel(settings, settingsStore, service, limits, themes);
    }

    /** The tray menu's view model on the main window; notifications go to {@link #notifier(Notifier)}'s target. */
    public TrayViewModel newTrayViewModel(WindowControl window) {
        return new TrayViewModel(main, service, settings, window, (t, m) -> notifier.notify(t, m));
    }

    /** Sends "download complete" notifications here from now on. */
    public void notifier(Notifier n) {
        this.notifier = n;
    }

    /** The global limits, kept in step with the schedule. */
    public SpeedLimits speedLimits() {
        return limits;
    }

    /** A fresh view model for one create dialog. */
    public CreateTorrentViewModel newCreateViewModel() {
        return new CreateTorrentViewModel(service, desktop, ui);
    }

    /** Stops the refresh, saves the settings, stops the engine (saving resume data). */
    @Override
    public void close() {
        ticker.shutdownNow();
        settingsStore.saveQuietly(settings);
        service.close();
    }
}
