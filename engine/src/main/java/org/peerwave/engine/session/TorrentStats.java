package org.peerwave.engine.session;

import org.peerwave.engine.metainfo.InfoHashes;

/**
 * One torrent at one moment; immutable. Rates are bytes per second over the last few seconds;
 * {@code uploaded}/{@code downloaded} are payload bytes since the torrent was added.
 */
public record TorrentStats(InfoHashes infoHashes, String name, TorrentState state, long bytesDone, long bytesTotal,
                           int piecesDone, int pieceCount, long downloadRate, long uploadRate, int peers,
                           long uploaded, long downloaded) {

    /** Fraction of the torrent verified, 0..1. */
    public double progress() {
        return bytesTotal == 0 ? 1.0 : (double) bytesDone / bytesTotal;
    }
}
