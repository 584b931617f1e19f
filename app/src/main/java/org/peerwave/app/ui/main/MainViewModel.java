package org.peerwave.app.ui.main;

import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.peerwave.app.AppInfo;
import org.peerwave.app.util.Sizes;

/**
 * State and logic of the main window: the torrent list and the summary in the status bar.
 * No controls here (no {@code javafx.scene}); {@link MainView} binds to these properties.
 */
public final class MainViewModel {

    static final String EMPTY_LIST_TEXT = "No torrents yet \u2014 add a .torrent file or a magnet link";

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", AppInfo.NAME);
    private final ObservableList<TorrentRow> torrents = FXCollections.observableArrayList(row -> new Observable[] {
            row.downloadRateProperty(), row.uploadRateProperty()});
    private final ReadOnlyStringWrapper torrentCount = new ReadOnlyStringWrapper(this, "torrentCount");
    private final ReadOnlyStringWrapper transferRates = new ReadOnlyStringWrapper(this, "transferRates");

    public MainViewModel() {
        torrents.addListener((ListChangeListener<TorrentRow>) change -> updateSummary());
        updateSummary();
    }

    /** The window title and the name in the header. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The text the torrent list shows while it is empty. */
    public String emptyListText() {
        return EMPTY_LIST_TEXT;
    }

    /** The torrents, in display order. */
    public ObservableList<TorrentRow> torrents() {
        return torrents;
    }

    /** For example "No torrents", "1 torrent", "3 torrents". */
    public ReadOnlyStringProperty torrentCountProperty() {
        return torrentCount.getReadOnlyProperty();
    }

    /** Total download and upload rate, for example "↓ 1.50 MiB/s   ↑ 12 KiB/s". */
    public ReadOnlyStringProperty transferRatesProperty() {
        return transferRates.getReadOnlyProperty();
    }

    private void updateSummary() {
        int n = torrents.size();
        torrentCount.set(n == 0 ? "No torrents" : n == 1 ? "1 torrent" : n + " torrents");
        long down = 0;
        long up = 0;
        for (TorrentRow row : torrents) {
            down += row.downloadRateProperty().get();
            up += row.uploadRateProperty().get();
        }
        transferRates.set("\u2193 " + Sizes.rate(down) + "   \u2191 " + Sizes.rate(up));
    }
}
