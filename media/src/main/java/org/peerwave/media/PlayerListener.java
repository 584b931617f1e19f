package org.peerwave.media;

/**
 * Events of a {@link TorrentPlayer}. They come on libvlc's event thread: a listener hands them on
 * (for example with {@code Platform.runLater}) and never calls the player back on that thread.
 */
public interface PlayerListener {

    default void stateChanged(PlayerState state) {
    }

    /** The play time moved; both in milliseconds, {@code length} 0 while unknown. */
    default void timeChanged(long time, long length) {
    }

    /** Audio or subtitle tracks were found, removed or selected. */
    default void tracksChanged() {
    }

    /** libvlc gave up on the media; {@code message} says why in plain words. */
    default void error(String message) {
    }
}
