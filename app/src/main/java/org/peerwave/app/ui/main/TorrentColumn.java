package org.peerwave.app.ui.main;

import java.util.Comparator;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;

/**
 * The torrent table's columns: a stable id (for the remembered layout), a title, a default width,
 * the row property shown and the sort key.
 */
public enum TorrentColumn {
    NAME("name", "Name", 240, TorrentRow::nameProperty,
            Comparator.comparing((TorrentRow r) -> r.nameProperty().get(), String.CASE_INSENSITIVE_ORDER)),
    SIZE("size", "Size", 90, TorrentRow::sizeProperty, Comparator.comparingLong(r -> r.sizeProperty().get())),
    PROGRESS("progress", "Progress", 150, TorrentRow::progressProperty,
            Comparator.comparingDouble(r -> r.progressProperty().get())),
    STATE("state", "State", 115, TorrentRow::stateProperty,
            Comparator.comparing((TorrentRow r) -> r.statusProperty().get())),
    DOWN("down", "Down", 90, TorrentRow::downloadRateProperty,
            Comparator.comparingLong(r -> r.downloadRateProperty().get())),
    UP("up", "Up", 90, TorrentRow::uploadRateProperty, Comparator.comparingLong(r -> r.uploadRateProperty().get())),
    ETA("eta", "ETA", 80, TorrentRow::etaProperty, Comparator.comparingLong(TorrentColumn::etaKey)),
    PEERS("peers", "Seeds/Peers", 90, TorrentRow::peersProperty,
            Comparator.comparingInt((TorrentRow r) -> r.peersProperty().get())
                    .thenComparingInt(r -> r.seedsProperty().get())),
    RATIO("ratio", "Ratio", 60, TorrentRow::ratioProperty, Comparator.comparingDouble(r -> r.ratioProperty().get())),
    ADDED("added", "Added", 140, TorrentRow::addedProperty, Comparator.comparing(r -> r.addedProperty().get()));

    private final String id;
    private final String title;
    private final double width;
    private final Function<TorrentRow, ObservableValue<?>> value;
    private final Comparator<TorrentRow> comparator;

    TorrentColumn(String id, String title, double width, Function<TorrentRow, ObservableValue<?>> value,
                  Comparator<TorrentRow> comparator) {
        this.id = id;
        this.title = title;
        this.width = width;
        this.value = value;
        this.comparator = comparator;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public double defaultWidth() {
        return width;
    }

    public ObservableValue<?> value(TorrentRow row) {
        return value.apply(row);
    }

    /** Ascending order of this column's values. */
    public Comparator<TorrentRow> comparator() {
        return comparator;
    }

    /** Unknown ETAs sort after every known one. */
    private static long etaKey(TorrentRow r) {
        long e = r.etaProperty().get();
        return e < 0 ? Long.MAX_VALUE : e;
    }

    public static TorrentColumn byId(String id) {
        for (TorrentColumn c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        return null;
    }
}
