package org.peerwave.engine.session;

/**
 * How a torrent is added.
 *
 * @param startPaused add it paused (nothing is checked or connected until {@link TorrentHandle#resume()})
 * @param sequential  download pieces in order (for previews) instead of rarest first
 */
public record AddOptions(boolean startPaused, boolean sequential) {

    public static final AddOptions DEFAULT = new AddOptions(false, false);

    public AddOptions withStartPaused(boolean v) {
        return new AddOptions(v, sequential);
    }

    public AddOptions withSequential(boolean v) {
        return new AddOptions(startPaused, v);
    }
}
