package org.peerwave.app.ui.main;

import java.nio.file.Path;
import java.time.Instant;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.peerwave.app.service.TorrentSnapshot;
import org.peerwave.app.service.TorrentStatus;

/**
 * One torrent as the torrent list shows it. A view-model value: observable properties, no controls.
 * {@link #update} copies a stats snapshot into it in place, once a second; a property only fires
 * when its value changed. Each row keeps its own {@link SpeedHistory} for the Speed tab.
 */
public final class TorrentRow {

    /** ETA when none can be given (no download rate). */
    public static final long NO_ETA = -1;

    private final String id;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final LongProperty size = new SimpleLongProperty(this, "size");
    private final LongProperty done = new SimpleLongProperty(this, "done");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
    private final ObjectProperty<TorrentStatus> status = new SimpleObjectProperty<>(this, "status",
            TorrentStatus.CHECKING);
    private final StringProperty state = new SimpleStringProperty(this, "state", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final LongProperty downloadRate = new SimpleLongProperty(this, "downloadRate");
    private final LongProperty uploadRate = new SimpleLongProperty(this, "uploadRate");
    private final LongProperty eta = new SimpleLongProperty(this, "eta", NO_ETA);
    private final IntegerProperty seeds = new SimpleIntegerProperty(this, "seeds", -1);
    private final IntegerProperty peers = new SimpleIntegerProperty(this, "peers");
    private final DoubleProperty ratio = new SimpleDoubleProperty(this, "ratio");
    private final ObjectProperty<Instant> added = new SimpleObjectProperty<>(this, "added", Instant.EPOCH);
    private final ObjectProperty<Path> savePath = new SimpleObjectProperty<>(this, "savePath");
    private final BooleanProperty sequential = new SimpleBooleanProperty(this, "sequential");
    private final SpeedHistory history = new SpeedHistory();

    public TorrentRow(String id, String name, long size) {
        this.id = id;
        this.name.set(name);
        this.size.set(size);
    }

    /** A row for a snapshot, filled from it. */
    public static TorrentRow of(TorrentSnapshot s) {
        TorrentRow r = new TorrentRow(s.id(), s.name(), s.size());
        r.update(s);
        return r;
    }

    /** Copies the snapshot in (same id) and appends its rates to the speed history. */
    public void update(TorrentSnapshot s) {
        if (!s.id().equals(id)) {
            throw new IllegalArgumentException("snapshot of " + s.id() + " given to row " + id);
        }
        name.set(s.name());
        size.set(s.size());
        done.set(s.done());
        progress.set(s.progress());
        status.set(s.status());
        state.set(s.status().label());
        error.set(s.error());
        downloadRate.set(s.downloadRate());
        uploadRate.set(s.uploadRate());
        long left = Math.max(0, s.size() - s.done());
        boolean downloading = s.status() == TorrentStatus.DOWNLOADING || s.status() == TorrentStatus.METADATA;
        eta.set(s.complete() || !downloading ? 0
                : s.downloadRate() > 0 ? (left + s.downloadRate() - 1) / s.downloadRate() : NO_ETA);
        seeds.set(s.seeds());
        peers.set(s.peers());
        long base = s.downloaded() > 0 ? s.downloaded() : s.done();
        ratio.set(base > 0 ? (double) s.uploaded() / base : 0);
        added.set(s.added());
        savePath.set(s.savePath());
        sequential.set(s.sequential());
        history.add(s.downloadRate(), s.uploadRate());
    }

    public String id() {
        return id;
    }

    public boolean isComplete() {
        return status.get() != TorrentStatus.METADATA && done.get() >= size.get();
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** Bytes wanted (the files not skipped). */
    public LongProperty sizeProperty() {
        return size;
    }

    public LongProperty doneProperty() {
        return done;
    }

    /** Fraction done, 0 to 1. */
    public DoubleProperty progressProperty() {
        return progress;
    }

    public ObjectProperty<TorrentStatus> statusProperty() {
        return status;
    }

    /** The state's label. */
    public StringProperty stateProperty() {
        return state;
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** Bytes per second. */
    public LongProperty downloadRateProperty() {
        return downloadRate;
    }

    /** Bytes per second. */
    public LongProperty uploadRateProperty() {
        return uploadRate;
    }

    /** Seconds left at the current rate; 0 when complete or not downloading; {@link #NO_ETA} when unknown. */
    public LongProperty etaProperty() {
        return eta;
    }

    /** Seeds in the swarm as trackers report, -1 unknown. */
    public IntegerProperty seedsProperty() {
        return seeds;
    }

    /** Connected peers. */
    public IntegerProperty peersProperty() {
        return peers;
    }

    /** Uploaded / downloaded. */
    public DoubleProperty ratioProperty() {
        return ratio;
    }

    public ObjectProperty<Instant> addedProperty() {
        return added;
    }

    public ObjectProperty<Path> savePathProperty() {
        return savePath;
    }

    public BooleanProperty sequentialProperty() {
        return sequential;
    }

    /** This torrent's rates over the last ten minutes. */
    public SpeedHistory history() {
        return history;
    }
}
