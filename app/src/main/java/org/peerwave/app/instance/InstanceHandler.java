package org.peerwave.app.instance;

import java.util.List;

/**
 * What the running instance does for a second launch: {@link InstanceServer} calls it on its own
 * thread (hand work to the UI thread from here).
 */
public interface InstanceHandler {

    /**
     * Opens magnet links, .torrent files (absolute paths) or http(s) links to .torrent files, and
     * brings the window to the front; an empty list only brings it to the front.
     */
    void open(List<String> targets);

    /** The torrents of the running instance, for {@code peerwave list}. */
    List<TorrentSummary> list();

    /** One torrent as {@code peerwave list} prints it. */
    record TorrentSummary(String infoHash, String state, double progress, String name) {
    }
}
