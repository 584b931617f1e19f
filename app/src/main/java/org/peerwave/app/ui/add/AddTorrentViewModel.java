package org.peerwave.app.ui.add;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.peerwave.app.service.AddRequest;
import org.peerwave.app.service.AddSource;
import org.peerwave.app.service.FileInfo;
import org.peerwave.app.service.PlayerLauncher;
import org.peerwave.app.service.TorrentPreview;
import org.peerwave.app.service.TorrentService;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.settings.SettingsStore;
import org.peerwave.app.ui.files.FileNode;
import org.peerwave.app.util.Sizes;
import org.peerwave.engine.session.FilePriority;

/**
 * The add dialog: reads the source (a .torrent file, a link or a magnet), shows its files with
 * check boxes and priorities, a save folder (remembered), start paused, sequential and "play when
 * ready" (the player opens on the largest wanted media file once the torrent is added; it streams
 * as the pieces arrive); {@link #add()} adds it. For a magnet the files are picked later in the
 * Files tab, and "play when ready" is not offered.
 */
public final class AddTorrentViewModel {

    private final TorrentService service;
    private final AppSettings settings;
    private final SettingsStore settingsStore;
    private final Executor ui;
    private final PlayerLauncher player;

    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name", "");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper(this, "info", "Reading\u2026");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyObjectWrapper<FileNode> files = new ReadOnlyObjectWrapper<>(this, "files");
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready");
    private final StringProperty saveDir = new SimpleStringProperty(this, "saveDir");
    private final BooleanProperty startPaused = new SimpleBooleanProperty(this, "startPaused");
    private final BooleanProperty sequential = new SimpleBooleanProperty(this, "sequential");
    private final BooleanProperty playWhenReady = new SimpleBooleanProperty(this, "playWhenReady");
    private final ReadOnlyBooleanWrapper playable = new ReadOnlyBooleanWrapper(this, "playable");
    private TorrentPreview preview;

    public AddTorrentViewModel(TorrentService service, AppSettings settings, SettingsStore settingsStore,
                               Executor ui) {
        this(service, settings, settingsStore, PlayerLauncher.NONE, ui);
    }

    public AddTorrentViewModel(TorrentService service, AppSettings settings, SettingsStore settingsStore,
                               PlayerLauncher player, Executor ui) {
        this.player = player;
        this.service = service;
        this.settings = settings;
        this.settingsStore = settingsStore;
        this.ui = ui;
        saveDir.set(settings.lastSaveDir().toString());
        startPaused.set(settings.startPaused());
        sequential.set(settings.sequential());
    }

    /** Reads the source; the dialog fills in when it completes. */
    public CompletableFuture<Void> load(AddSource source) {
        ready.set(false);
        error.set("");
        return service.preview(source).handleAsync((p, e) -> {
            if (e != null) {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                error.set("Cannot read it: " + c.getMessage());
                info.set("");
                return null;
            }
            preview = p;
            name.set(p.name());
            if (p.isMagnet()) {
                info.set("Magnet link \u2014 the files are listed once the metadata arrives");
                files.set(null);
            } else {
                info.set(Sizes.bytes(p.size()) + " in " + p.files().size()
                        + (p.files().size() == 1 ? " file" : " files"));
                files.set(FileNode.tree(p.name(), p.files()));
            }
            playable.set(!p.isMagnet() && p.files().stream().anyMatch(f -> player.canPlay(f.path())));
            if (!playable.get()) {
                playWhenReady.set(false);
            }
            ready.set(true);
            return null;
        }, ui);
    }

    /** One priority per file from the check boxes and priority choices (empty for a magnet). */
    public List<FilePriority> priorities() {
        FileNode root = files.get();
        return root == null ? List.of() : root.priorities();
    }

    /** True when at least one file is checked (always for a magnet). */
    public boolean anythingSelected() {
        FileNode root = files.get();
        return root == null || root.files().stream().anyMatch(f -> f.checkedProperty().get());
    }

    /** Adds the torrent, remembering the folder and options; completes with its id. */
    public CompletableFuture<String> add() {
        if (preview == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("nothing read yet"));
        }
        Path dir = Path.of(saveDir.get().trim());
        settings.lastSaveDir(dir).startPaused(startPaused.get()).sequential(sequential.get());
        settingsStore.saveQuietly(settings);
        List<FilePriority> prios = priorities();
        AddRequest request = new AddRequest(preview, dir, prios, startPaused.get(), sequential.get());
        CompletableFuture<String> added = service.add(request);
        if (playWhenReady.get() && playable.get()) {
            int file = mediaFileToPlay(preview.files(), prios, player);
            if (file >= 0) {
                return added.thenApplyAsync(id -> {
                    player.play(id, file);
                    return id;
                }, ui);
            }
        }
        return added;
    }

    /**
     * The file "play when ready" opens: the largest one the player can play that is not skipped
     * ({@code priorities} by file index, empty for all normal); -1 when there is none.
     */
    static int mediaFileToPlay(List<FileInfo> files, List<FilePriority> priorities, PlayerLauncher player) {
        FileInfo best = null;
        for (FileInfo f : files) {
            boolean skipped = f.index() < priorities.size() && priorities.get(f.index()) == FilePriority.SKIP;
            if (!skipped && player.canPlay(f.path()) && (best == null || f.size() > best.size())) {
                best = f;
            }
        }
        return best == null ? -1 : best.index();
    }

    /** Open the player on the largest media file once added. */
    public BooleanProperty playWhenReadyProperty() {
        return playWhenReady;
    }

    /** True when the torrent has a file the player can play (never for a magnet before its metadata). */
    public ReadOnlyBooleanProperty playableProperty() {
        return playable.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    /** Size and file count, or what is going on. */
    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FileNode> filesProperty() {
        return files.getReadOnlyProperty();
    }

    /** True once the source was read. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    public StringProperty saveDirProperty() {
        return saveDir;
    }

    public BooleanProperty startPausedProperty() {
        return startPaused;
    }

    public BooleanProperty sequentialProperty() {
        return sequential;
    }
}
