package org.peerwave.engine.session;

import java.util.List;
import java.util.Objects;

/**
 * How a torrent is added. Immutable; start from {@link #DEFAULT} and use the {@code with...} methods.
 *
 * @param startPaused         add it paused (nothing is checked, fetched or connected until
 *                            {@link TorrentHandle#resume()})
 * @param sequential          download pieces in order (for previews) instead of rarest first
 * @param filePriorities      one per entry of {@code metainfo.files()}, or empty: then the priorities
 *                            saved in resume data, else a magnet's BEP 53 {@code so=} selection, else
 *                            every file {@link FilePriority#NORMAL}
 * @param rateLimits          this torrent's own upload and download limits, on top of the engine-wide ones
 * @param pauseAfterMetadata  magnets: pause as soon as the metadata arrived, so that files can be
 *                            picked with {@link TorrentHandle#setFilePriorities} before anything is
 *                            downloaded; {@link TorrentHandle#resume()} then starts the download
 */
public record AddOptions(boolean startPaused, boolean sequential, List<FilePriority> filePriorities,
                         RateLimitSettings rateLimits, boolean pauseAfterMetadata) {

    public static final AddOptions DEFAULT = new AddOptions(false, false, List.of(), RateLimitSettings.UNLIMITED,
            false);

    public AddOptions {
        filePriorities = List.copyOf(Objects.requireNonNull(filePriorities, "filePriorities"));
        Objects.requireNonNull(rateLimits, "rateLimits");
    }

    /** The first options of this record, kept for callers written before file priorities. */
    public AddOptions(boolean startPaused, boolean sequential) {
        this(startPaused, sequential, List.of(), RateLimitSettings.UNLIMITED, false);
    }

    public AddOptions withStartPaused(boolean v) {
        return new AddOptions(v, sequential, filePriorities, rateLimits, pauseAfterMetadata);
    }

    public AddOptions withSequential(boolean v) {
        return new AddOptions(startPaused, v, filePriorities, rateLimits, pauseAfterMetadata);
    }

    /** One priority per entry of {@code metainfo.files()}; an empty list means "not given". */
    public AddOptions withFilePriorities(List<FilePriority> v) {
        return new AddOptions(startPaused, sequential, v, rateLimits, pauseAfterMetadata);
    }

    public AddOptions withRateLimits(RateLimitSettings v) {
        return new AddOptions(startPaused, sequential, filePriorities, v, pauseAfterMetadata);
    }

    public AddOptions withPauseAfterMetadata(boolean v) {
        return new AddOptions(startPaused, sequential, filePriorities, rateLimits, v);
    }
}
