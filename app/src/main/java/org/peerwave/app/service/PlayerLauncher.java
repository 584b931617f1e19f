package org.peerwave.app.service;

/**
 * Opens the player on a file of a torrent (the Files tab's Play button). The player view is built
 * in {@code app/ui/player}; the composition root passes its launcher here.
 */
public interface PlayerLauncher {

    /** True when the player can play a file of this name (by its extension). */
    boolean canPlay(String fileName);

    /** Opens the player on file {@code fileIndex} of torrent {@code torrentId}. */
    void play(String torrentId, int fileIndex);

    /** A launcher that plays nothing (until the player exists). */
    PlayerLauncher NONE = new PlayerLauncher() {
        @Override
        public boolean canPlay(String fileName) {
            return false;
        }

        @Override
        public void play(String torrentId, int fileIndex) {
            throw new UnsupportedOperationException("no player");
        }
    };
}
