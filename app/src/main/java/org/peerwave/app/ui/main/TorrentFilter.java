package org.peerwave.app.ui.main;

import org.peerwave.app.service.TorrentStatus;

/** The side bar's filters. */
public enum TorrentFilter {
    ALL("All"),
    DOWNLOADING("Downloading"),
    SEEDING("Seeding"),
    COMPLETED("Completed"),
    PAUSED("Paused"),
    ERRORED("Errored");

    private final String label;

    TorrentFilter(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True when a torrent in {@code status}, complete or not, shows under this filter. */
    public boolean matches(TorrentStatus status, boolean complete) {
        return switch (this) {
            case ALL -> true;
            case DOWNLOADING -> status == TorrentStatus.DOWNLOADING || status == TorrentStatus.METADATA
                    || status == TorrentStatus.QUEUED && !complete
                    || status == TorrentStatus.CHECKING && !complete;
            case SEEDING -> status == TorrentStatus.SEEDING;
            case COMPLETED -> complete;
            case PAUSED -> status == TorrentStatus.PAUSED;
            case ERRORED -> status == TorrentStatus.ERRORED;
        };
    }

    public boolean matches(TorrentRow row) {
        return matches(row.statusProperty().get(), row.isComplete());
    }
}
