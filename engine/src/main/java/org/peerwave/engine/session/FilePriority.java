package org.peerwave.engine.session;

import org.peerwave.engine.picker.Priority;

/**
 * How much a file of a torrent is wanted. {@link #SKIP} files are not downloaded (bytes of pieces
 * they share with wanted files go to a hidden part file, so a skipped file is never created);
 * the others are downloaded, higher priorities first. A torrent is complete ({@link TorrentState.Seeding})
 * once every file that is not skipped is downloaded and verified.
 */
public enum FilePriority {
    SKIP(0),
    LOW(1),
    NORMAL(4),
    HIGH(7);

    private final int resumeValue;

    FilePriority(int resumeValue) {
        this.resumeValue = resumeValue;
    }

    /** The number stored in resume data (0 = skip ... 7 = high, as libtorrent counts them). */
    public int resumeValue() {
        return resumeValue;
    }

    /** Reads a resume-data number: 0 skip, 1–3 low, 4 normal, 5–7 high. */
    public static FilePriority fromResumeValue(int value) {
        if (value < 0 || value > 7) {
            throw new IllegalArgumentException("file priority must be 0..7, not " + value);
        }
        return value == 0 ? SKIP : value < 4 ? LOW : value == 4 ? NORMAL : HIGH;
    }

    /** True unless {@link #SKIP}. */
    public boolean isWanted() {
        return this != SKIP;
    }

    Priority toPicker() {
        return switch (this) {
            case SKIP -> Priority.SKIP;
            case LOW -> Priority.LOW;
            case NORMAL -> Priority.NORMAL;
            case HIGH -> Priority.HIGH;
        };
    }
}
