package org.peerwave.app.service;

/** A torrent's state as the app shows and filters it (the engine's states, flattened). */
public enum TorrentStatus {
    METADATA("Metadata"),
    CHECKING("Checking"),
    DOWNLOADING("Downloading"),
    SEEDING("Seeding"),
    PAUSED("Paused"),
    /** Waiting for a slot: more torrents than the maximum active downloads or seeds run. */
    QUEUED("Queued"),
    ERRORED("Error");

    private final String label;

    TorrentStatus(String label) {
        this.label = label;
    }

    /** For the State column. */
    public String label() {
        return label;
    }
}
