package org.peerwave.app.ui.create;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.peerwave.app.service.CreateRequest;
import org.peerwave.app.service.CreatedTorrent;
import org.peerwave.app.service.DesktopActions;
import org.peerwave.app.service.TorrentService;

/**
 * The create-torrent dialog: a local file or folder, v1/v2/hybrid, trackers and web seeds (one per
 * line), private, piece size (automatic by default). {@link #create()} makes the torrent, seeds it
 * from where the files are and copies its magnet link to the clipboard.
 */
public final class CreateTorrentViewModel {

    public enum Mode { HYBRID, V1, V2 }

    /** Piece sizes offered; 0 is automatic. */
    public static final List<Integer> PIECE_SIZES = List.of(0, 16 * 1024, 32 * 1024, 64 * 1024, 128 * 1024,
            256 * 1024, 512 * 1024, 1024 * 1024, 2 * 1024 * 1024, 4 * 1024 * 1024, 8 * 1024 * 1024,
            16 * 1024 * 1024);

    private final TorrentService service;
    private final DesktopActions desktop;
    private final Executor ui;

    private final StringProperty source = new SimpleStringProperty(this, "source", "");
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.HYBRID);
    private final StringProperty trackers = new SimpleStringProperty(this, "trackers", "");
    private final StringProperty webSeeds = new SimpleStringProperty(this, "webSeeds", "");
    private final BooleanProperty privateFlag = new SimpleBooleanProperty(this, "private");
    private final ObjectProperty<Integer> pieceSize = new SimpleObjectProperty<>(this, "pieceSize", 0);
    private final StringProperty comment = new SimpleStringProperty(this, "comment", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    public CreateTorrentViewModel(TorrentService service, DesktopActions desktop, Executor ui) {
        this.service = service;
        this.desktop = desktop;
        this.ui = ui;
    }

    static List<String> lines(String text) {
        return Arrays.stream(text == null ? new String[0] : text.split("\\R")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** The request the dialog describes. */
    public CreateRequest request() {
        return new CreateRequest(Path.of(source.get().trim()), mode.get().name(), lines(trackers.get()),
                lines(webSeeds.get()), privateFlag.get(), pieceSize.get() == null ? 0 : pieceSize.get(),
                comment.get() == null ? "" : comment.get().trim());
    }

    /**
     * Creates the torrent and seeds it; copies the magnet link to the clipboard. Completes with the
     * notice to show.
     */
    public CompletableFuture<String> create() {
        busy.set(true);
        return service.create(request()).handleAsync((CreatedTorrent c, Throwable e) -> {
            busy.set(false);
            if (e != null) {
                Throwable x = e.getCause() != null ? e.getCause() : e;
                throw new java.util.concurrent.CompletionException(x);
            }
            desktop.copyToClipboard(c.magnet());
            return "Seeding \u201c" + c.name() + "\u201d \u2014 magnet link copied to the clipboard";
        }, ui);
    }

    public StringProperty sourceProperty() {
        return source;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public StringProperty trackersProperty() {
        return trackers;
    }

    public StringProperty webSeedsProperty() {
        return webSeeds;
    }

    public BooleanProperty privateProperty() {
        return privateFlag;
    }

    public ObjectProperty<Integer> pieceSizeProperty() {
        return pieceSize;
    }

    public StringProperty commentProperty() {
        return comment;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
