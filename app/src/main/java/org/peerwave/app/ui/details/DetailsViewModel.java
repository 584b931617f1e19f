package org.peerwave.app.ui.details;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.peerwave.app.service.FileInfo;
import org.peerwave.app.service.PeerEntry;
import org.peerwave.app.service.PlayerLauncher;
import org.peerwave.app.service.TorrentDetails;
import org.peerwave.app.service.TorrentService;
import org.peerwave.app.service.TrackerEntry;
import org.peerwave.app.ui.files.FileNode;
import org.peerwave.app.ui.main.SpeedHistory;
import org.peerwave.app.ui.main.TorrentRow;
import org.peerwave.app.util.Sizes;
import org.peerwave.engine.session.FilePriority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The details pane of the focused torrent: General (hashes, folder, sizes, pieces), Files (a tree
 * with check boxes and priorities; Play through {@link PlayerLauncher}), Peers, Trackers and
 * Speed (the row's {@link SpeedHistory} over a selectable window). {@link #refresh()} runs with
 * the main refresh, once a second, and asks the service only about the focused torrent.
 */
public final class DetailsViewModel {

    private static final Logger log = LoggerFactory.getLogger(DetailsViewModel.class);

    /** The Speed tab's windows, in seconds. */
    public static final List<Integer> WINDOWS = List.of(60, 300, 600);

    private final TorrentService service;
    private final PlayerLauncher player;
    private final Executor ui;

    private final ObjectProperty<TorrentRow> torrent = new SimpleObjectProperty<>(this, "torrent");
    private final ReadOnlyStringWrapper v1Hash = new ReadOnlyStringWrapper(this, "v1Hash", "");
    private final ReadOnlyStringWrapper v2Hash = new ReadOnlyStringWrapper(this, "v2Hash", "");
    private final ReadOnlyStringWrapper savePath = new ReadOnlyStringWrapper(this, "savePath", "");
    private final ReadOnlyStringWrapper sizes = new ReadOnlyStringWrapper(this, "sizes", "");
    private final ReadOnlyStringWrapper piecesText = new ReadOnlyStringWrapper(this, "piecesText", "");
    private final ReadOnlyStringWrapper comment = new ReadOnlyStringWrapper(this, "comment", "");
    private final ReadOnlyObjectWrapper<BitSet> pieces = new ReadOnlyObjectWrapper<>(this, "pieces", new BitSet());
    private final ReadOnlyObjectWrapper<Integer> pieceCount = new ReadOnlyObjectWrapper<>(this, "pieceCount", 0);
    private final ReadOnlyObjectWrapper<FileNode> files = new ReadOnlyObjectWrapper<>(this, "files");
    private final ObservableList<PeerEntry> peers = FXCollections.observableArrayList();
    private final ObservableList<TrackerEntry> trackers = FXCollections.observableArrayList();
    private final IntegerProperty speedWindow = new SimpleIntegerProperty(this, "speedWindow", 60);
    private final ReadOnlyObjectWrapper<SpeedHistory.Points> speedPoints = new ReadOnlyObjectWrapper<>(this,
            "speedPoints", new SpeedHistory.Points(new long[0], new long[0]));
    private String filesOf;

    public DetailsViewModel(TorrentService service, PlayerLauncher player, Executor ui) {
        this.service = service;
        this.player = player;
        this.ui = ui;
        torrent.addListener((o, a, b) -> {
            clear();
            refresh();
        });
        speedWindow.addListener((o, a, b) -> updateSpeed());
    }

    /** The torrent shown, or null. */
    public ObjectProperty<TorrentRow> torrentProperty() {
        return torrent;
    }

    private void clear() {
        v1Hash.set("");
        v2Hash.set("");
        savePath.set("");
        sizes.set("");
        piecesText.set("");
        comment.set("");
        pieces.set(new BitSet());
        pieceCount.set(0);
        files.set(null);
        filesOf = null;
        peers.clear();
        trackers.clear();
        updateSpeed();
    }

    /** Fetches the focused torrent's details and applies them on the UI executor. */
    public CompletableFuture<Void> refresh() {
        TorrentRow row = torrent.get();
        updateSpeed();
        if (row == null) {
            return CompletableFuture.completedFuture(null);
        }
        String id = row.id();
        CompletableFuture<Void> d = service.details(id).thenAcceptAsync(x -> {
            if (isShown(id)) {
                applyDetails(x);
            }
        }, ui);
        CompletableFuture<Void> f = service.files(id).thenAcceptAsync(x -> {
            if (isShown(id)) {
                applyFiles(id, row.nameProperty().get(), x);
            }
        }, ui);
        CompletableFuture<Void> p = service.peers(id).thenAcceptAsync(x -> {
            if (isShown(id)) {
                peers.setAll(x);
            }
        }, ui);
        CompletableFuture<Void> t = service.trackers(id).thenAcceptAsync(x -> {
            if (isShown(id)) {
                trackers.setAll(x);
            }
        }, ui);
        return CompletableFuture.allOf(d, f, p, t).exceptionally(e -> {
            log.debug("details of {}: {}", id, e.toString());
            return null;
        });
    }

    private boolean isShown(String id) {
        return torrent.get() != null && torrent.get().id().equals(id);
    }

    private void applyDetails(TorrentDetails d) {
        v1Hash.set(d.v1Hash().isEmpty() ? "\u2014" : d.v1Hash());
        v2Hash.set(d.v2Hash().isEmpty() ? "\u2014" : d.v2Hash());
        savePath.set(d.savePath().toString());
        TorrentRow row = torrent.get();
        long wanted = row == null ? 0 : row.sizeProperty().get();
        sizes.set(d.totalSize() == 0 ? "unknown until the metadata arrives"
                : Sizes.bytes(d.totalSize()) + " total, " + Sizes.bytes(wanted) + " selected");
        piecesText.set(d.pieceCount() == 0 ? "\u2014" : d.pieces().cardinality() + " of " + d.pieceCount()
                + " \u00d7 " + Sizes.bytes(d.pieceSize()));
        comment.set(d.comment());
        pieceCount.set(d.pieceCount());
        pieces.set(d.pieces());
    }

    private void applyFiles(String id, String name, List<FileInfo> list) {
        FileNode root = files.get();
        if (root != null && id.equals(filesOf) && root.sameFiles(list)) {
            root.update(list);
        } else {
            filesOf = id;
            files.set(list.isEmpty() ? null : FileNode.tree(name, list));
        }
    }

    private void updateSpeed() {
        TorrentRow row = torrent.get();
        speedPoints.set(row == null ? new SpeedHistory.Points(new long[0], new long[0])
                : row.history().window(speedWindow.get()));
    }

    // ---------------------------------------------------------------- files

    /** Sets a file's (or every file under a folder's) priority and sends the torrent's priorities. */
    public CompletableFuture<Void> setPriority(FileNode node, FilePriority priority) {
        for (FileNode f : node.files()) {
            f.priorityProperty().set(priority);
        }
        return applyPriorities();
    }

    /** Sends the tree's priorities (after check boxes changed). */
    public CompletableFuture<Void> applyPriorities() {
        TorrentRow row = torrent.get();
        FileNode root = files.get();
        if (row == null || root == null) {
            return CompletableFuture.completedFuture(null);
        }
        return service.setFilePriorities(row.id(), root.priorities());
    }

    /** True when the player can play this file. */
    public boolean canPlay(FileNode node) {
        return node != null && node.isFile() && player.canPlay(node.name());
    }

    public void play(FileNode node) {
        TorrentRow row = torrent.get();
        if (row != null && canPlay(node)) {
            player.play(row.id(), node.fileIndex());
        }
    }

    // ---------------------------------------------------------------- properties

    public ReadOnlyStringProperty v1HashProperty() {
        return v1Hash.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty v2HashProperty() {
        return v2Hash.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty savePathProperty() {
        return savePath.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sizesProperty() {
        return sizes.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty piecesTextProperty() {
        return piecesText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty commentProperty() {
        return comment.getReadOnlyProperty();
    }

    /** The verified pieces, for the pieces map. */
    public ReadOnlyObjectProperty<BitSet> piecesProperty() {
        return pieces.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Integer> pieceCountProperty() {
        return pieceCount.getReadOnlyProperty();
    }

    /** The file tree's root, null before a magnet's metadata. */
    public ReadOnlyObjectProperty<FileNode> filesProperty() {
        return files.getReadOnlyProperty();
    }

    public ObservableList<PeerEntry> peers() {
        return peers;
    }

    public ObservableList<TrackerEntry> trackers() {
        return trackers;
    }

    /** The Speed tab's window in seconds, one of {@link #WINDOWS}. */
    public IntegerProperty speedWindowProperty() {
        return speedWindow;
    }

    /** The Speed tab's points over the window, oldest first. */
    public ReadOnlyObjectProperty<SpeedHistory.Points> speedPointsProperty() {
        return speedPoints.getReadOnlyProperty();
    }
}
