package org.peerwave.app.service;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One torrent at one moment, as the service hands it to the view models about once a second.
 *
 * @param id          the torrent's key in the app (hex of the v1 info hash, else of the v2 one)
 * @param name        its name
 * @param status      its state
 * @param error       why it errored, or empty
 * @param size        bytes wanted (the files not skipped; the whole torrent when nothing is skipped)
 * @param done        bytes of those verified
 * @param downloadRate bytes per second
 * @param uploadRate  bytes per second
 * @param seeds       seeds the trackers report for the swarm, -1 when unknown
 * @param peers       connected peers
 * @param uploaded    payload bytes uploaded since added
 * @param downloaded  payload bytes downloaded since added
 * @param added       when it was added
 * @param savePath    the folder holding its top-level name
 * @param sequential  pieces are downloaded in order
 */
public record TorrentSnapshot(String id, String name, TorrentStatus status, String error, long size, long done,
                              long downloadRate, long uploadRate, int seeds, int peers, long uploaded,
                              long downloaded, Instant added, Path savePath, boolean sequential) {

    public TorrentSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(added, "added");
        Objects.requireNonNull(savePath, "savePath");
    }

    /** Fraction done, 0..1 (0 while a magnet's metadata is fetched). */
    public double progress() {
        if (status == TorrentStatus.METADATA) {
            return 0;
        }
        return size <= 0 ? 1.0 : Math.min(1.0, (double) done / size);
    }

    /** Every wanted byte is verified. */
    public boolean complete() {
        return status != TorrentStatus.METADATA && done >= size;
    }
}
