package org.peerwave.media;

/** What the player is doing, as a view shows it. */
public enum PlayerState {
    /** Nothing loaded. */
    IDLE,
    /** A media was given and libvlc is opening it (reading its header, perhaps its index at the end). */
    OPENING,
    PLAYING,
    PAUSED,
    /** Stopped by the user. */
    STOPPED,
    /** Played to the end. */
    ENDED,
    /** libvlc gave up: a read failed (a piece never came) or the file is not media it knows. */
    ERROR
}
