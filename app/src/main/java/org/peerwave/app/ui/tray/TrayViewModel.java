package org.peerwave.app.ui.tray;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peerwave.app.service.Notifier;
import org.peerwave.app.service.TorrentService;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.ui.main.MainViewModel;
import org.peerwave.app.ui.main.TorrentRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray icon's menu (show/hide, pause all, resume all, quit) and the "download complete"
 * notification. {@link TrayView} builds the AWT icon on it where the desktop has a tray; without
 * one the notifications go to the window's notice line. No controls here.
 */
public final class TrayViewModel {

    private static final Logger log = LoggerFactory.getLogger(TrayViewModel.class);

    /** The menu's commands, in menu order. */
    public enum Command { SHOW_HIDE, PAUSE_ALL, RESUME_ALL, QUIT }

    /** One entry of the menu. */
    public record MenuEntry(Command command, String label) {
    }

    private final MainViewModel main;
    private final TorrentService service;
    private final AppSettings settings;
    private final WindowControl window;
    private final Notifier notifier;

    public TrayViewModel(MainViewModel main, TorrentService service, AppSettings settings, WindowControl window,
                         Notifier notifier) {
        this.main = main;
        this.service = service;
        this.settings = settings;
        this.window = window;
        this.notifier = notifier;
        main.addCompletionListener(this::completed);
    }

    /** The menu as it reads now ("Hide Peerwave" while the window shows, else "Show Peerwave"). */
    public List<MenuEntry> menu() {
        return List.of(new MenuEntry(Command.SHOW_HIDE, window.isShowing() ? "Hide Peerwave" : "Show Peerwave"),
                new MenuEntry(Command.PAUSE_ALL, "Pause all"),
                new MenuEntry(Command.RESUME_ALL, "Resume all"),
                new MenuEntry(Command.QUIT, "Quit"));
    }

    /** Runs a menu command (on the UI thread). */
    public CompletableFuture<Void> run(Command c) {
        switch (c) {
            case SHOW_HIDE -> {
                if (window.isShowing()) {
                    window.hide();
                } else {
                    window.show();
                }
                return CompletableFuture.completedFuture(null);
            }
            case PAUSE_ALL -> {
                return forAll(r -> r != TorrentStatus.PAUSED, service::pause, "pause");
            }
            case RESUME_ALL -> {
                return forAll(r -> r == TorrentStatus.PAUSED, service::resume, "resume");
            }
            case QUIT -> {
                window.quit();
                return CompletableFuture.completedFuture(null);
            }
            default -> throw new IllegalArgumentException(c.name());
        }
    }

    private CompletableFuture<Void> forAll(java.util.function.Predicate<TorrentStatus> which,
                                           java.util.function.Function<String, CompletableFuture<Void>> action,
                                           String what) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (TorrentRow r : List.copyOf(main.torrents())) {
            if (which.test(r.statusProperty().get())) {
                all.add(action.apply(r.id()).exceptionally(e -> {
                    log.warn("cannot {} {}: {}", what, r.id(), e.toString());
                    return null;
                }));
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenCompose(v -> main.refresh());
    }

    /** The tray icon's tooltip: the name and the global rates. */
    public String tooltip() {
        return "Peerwave \u2014 " + main.transferRatesProperty().get();
    }

    private void completed(TorrentRow row) {
        if (settings.notifications()) {
            notifier.notify("Download complete", row.nameProperty().get());
        }
    }
}
