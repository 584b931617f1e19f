package org.peerwave.engine.session;

import org.peerwave.engine.metainfo.InfoHashes;

/**
 * One torrent at one moment; immutable. Rates are bytes per second over the last few seconds;
 * {@code uploaded}/{@code downloaded} are payload bytes since the torrent was added.
 * {@code wantedBytes}/{@code wantedBytesDone} count the pieces of the files that are not skipped
 * (pieces shared with a skipped file count whole). While a magnet's metadata is being fetched every
 * size is 0.
 */
public record TorrentStats(InfoHashes infoHashes, String name, TorrentState state, long bytesDone, long bytesTotal,
                           int piecesDone, int pieceCount, long downloadRate, long uploadRate, int peers,
                           long uploaded, long downloaded, long wantedBytes, long wantedBytesDone) {

    /** Fraction of the torrent verified, 0..1. */
    public double progress() {
        return bytesTotal == 0 ? 1.0 : (double) bytesDone / bytesTotal;
    }

    /** Fraction of the wanted (not skipped) pieces verified, 0..1; 1 when nothing is wanted. */
    public double wantedProgress() {
        if (state instanceof TorrentState.DownloadingMetadata
                || state instanceof TorrentState.Paused p && p.resumeTo() instanceof TorrentState.DownloadingMetadata) {
            return 0.0;
        }
        return wantedBytes == 0 ? 1.0 : (double) wantedBytesDone / wantedBytes;
    }
}
