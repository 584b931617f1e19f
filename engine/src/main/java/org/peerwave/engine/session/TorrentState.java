package org.peerwave.engine.session;

import java.util.Objects;

/**
 * Where a torrent is in its life. One class, {@link TorrentLifecycle}, owns the transitions; the
 * rules are in STATE.md next to this file.
 */
public sealed interface TorrentState {

    /** A magnet link: fetching the info dictionary from peers (BEP 9). */
    record DownloadingMetadata() implements TorrentState {
    }

    /** Verifying data on disk (new torrent, resume data that cannot be trusted, forced recheck). */
    record Checking() implements TorrentState {
    }

    /** Some wanted piece is missing: exchanging pieces with peers. */
    record Downloading() implements TorrentState {
    }

    /** Every wanted piece is present and verified: uploading only. */
    record Seeding() implements TorrentState {
    }

    /** Stopped by the user; {@code resumeTo} is where resuming goes. */
    record Paused(TorrentState resumeTo) implements TorrentState {
        public Paused {
            Objects.requireNonNull(resumeTo);
            if (resumeTo instanceof Paused || resumeTo instanceof Errored || resumeTo instanceof Removed) {
                throw new IllegalArgumentException("cannot resume to " + resumeTo);
            }
        }
    }

    /** Stopped by a problem (disk full, files gone, ...); resuming rechecks the data first. */
    record Errored(String reason) implements TorrentState {
        public Errored {
            Objects.requireNonNull(reason);
        }
    }

    /** Removed from the engine; terminal. */
    record Removed() implements TorrentState {
    }

    /** True while the torrent talks to peers (fetching metadata, downloading or seeding). */
    default boolean isActive() {
        return this instanceof DownloadingMetadata || this instanceof Downloading || this instanceof Seeding;
    }

    /** A short lower-case name for the UI, logs and the CLI's JSON ("downloading", "seeding", ...). */
    default String displayName() {
        return switch (this) {
            case DownloadingMetadata m -> "metadata";
            case Checking c -> "checking";
            case Downloading d -> "downloading";
            case Seeding s -> "seeding";
            case Paused p -> "paused";
            case Errored e -> "error";
            case Removed r -> "removed";
        };
    }
}
