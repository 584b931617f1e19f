package org.peerwave.engine.session;

import java.net.InetAddress;

import org.peerwave.engine.metainfo.InfoHashes;

/**
 * What the engine tells its user, through the bounded queue of {@link Engine#events()}. Progress and
 * speeds are not events: poll {@link TorrentHandle#stats()} about once a second.
 */
public sealed interface EngineEvent {

    /** The torrent the event is about. */
    InfoHashes infoHashes();

    record TorrentAdded(InfoHashes infoHashes, String name) implements EngineEvent {
    }

    /** A magnet's info dictionary arrived and verified: the torrent's files are known now. */
    record MetadataReceived(InfoHashes infoHashes, String name) implements EngineEvent {
    }

    record StateChanged(InfoHashes infoHashes, TorrentState from, TorrentState to) implements EngineEvent {
    }

    /** Every wanted piece was downloaded and verified. */
    record TorrentCompleted(InfoHashes infoHashes) implements EngineEvent {
    }

    /** The torrent stopped on an error (it is {@link TorrentState.Errored} now). */
    record TorrentError(InfoHashes infoHashes, String message) implements EngineEvent {
    }

    /** A peer sent data that failed hash checks too often: its address is refused from now on. */
    record PeerBanned(InfoHashes infoHashes, InetAddress address, String reason) implements EngineEvent {
    }

    record TorrentRemoved(InfoHashes infoHashes) implements EngineEvent {
    }

    /**
     * An announce to a tracker failed (the torrent goes on with the next tracker, or tries again
     * later); {@link TorrentHandle#trackers()} shows each tracker's state.
     */
    record TrackerError(InfoHashes infoHashes, String url, String message) implements EngineEvent {
    }

    /**
     * A web seed (BEP 19/17) is no longer used for this torrent: it sent data that failed the hash
     * check, or sizes that do not match the torrent, too often ({@code WebSeedSettings.failureLimit}).
     */
    record WebSeedDropped(InfoHashes infoHashes, String url, String reason) implements EngineEvent {
    }
}
