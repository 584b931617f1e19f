package org.peerwave.app.service;

/** A torrent's state as the app shows and filters it (the engine's states, flattened). */
public enum TorrentStatus {
    METADATA("Metadata"),
    CHECKING("Checking"),
    DOWNLOADING("Downloading"),
    SEEDING("Seeding"),
    PAUSED("Paused"),
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
