package org.peerwave.engine.picker;

/**
 * How much we want a file, and therefore the pieces it overlaps. A piece's priority is the highest
 * priority of the files it overlaps; a piece that overlaps only {@link #SKIP} files is never picked.
 * Declared from lowest to highest, so {@link #compareTo} orders them.
 */
public enum Priority {
    /** Never download (unless a piece is shared with a wanted file). */
    SKIP,
    LOW,
    NORMAL,
    HIGH;

    /** The higher of the two. */
    public Priority max(Priority other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
