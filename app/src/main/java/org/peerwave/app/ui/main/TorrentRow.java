package org.peerwave.app.ui.main;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One torrent as the torrent list shows it. A view-model value: observable properties, no controls.
 * The main view model updates rows from engine stats snapshots (about once a second).
 */
public final class TorrentRow {

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final LongProperty size = new SimpleLongProperty(this, "size");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
    private final StringProperty state = new SimpleStringProperty(this, "state", "");
    private final LongProperty downloadRate = new SimpleLongProperty(this, "downloadRate");
    private final LongProperty uploadRate = new SimpleLongProperty(this, "uploadRate");

    public TorrentRow(String name, long size) {
        this.name.set(name);
        this.size.set(size);
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** Total size in bytes (pad files excluded). */
    public LongProperty sizeProperty() {
        return size;
    }

    /** Fraction done, 0 to 1. */
    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty stateProperty() {
        return state;
    }

    /** Bytes per second. */
    public LongProperty downloadRateProperty() {
        return downloadRate;
    }

    /** Bytes per second. */
    public LongProperty uploadRateProperty() {
        return uploadRate;
    }
}
