package org.peerwave.engine.session;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.peerwave.engine.metainfo.InfoHashes;

/**
 * A torrent of an {@link Engine}, as a value: its info hashes and the engine. Every method runs on
 * the torrent's event loop and returns a future; after {@link #remove(boolean)} they fail with
 * {@link TorrentRemovedException}. Two handles of the same torrent are equal.
 */
public record TorrentHandle(InfoHashes infoHashes, Engine engine) {

    public TorrentHandle {
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(engine, "engine");
    }

    /** Dials {@code address} (now, or as soon as the torrent is active); remembered for re-dials. */
    public CompletableFuture<Void> connectPeer(InetSocketAddress address) {
        return call(s -> s.connectPeer(address));
    }

    /** A snapshot of the torrent's progress, speeds and peers. */
    public CompletableFuture<TorrentStats> stats() {
        return call(TorrentSession::stats);
    }

    /**
     * The torrent's trackers (BEP 12 tiers, then the magnet link's), each with its state, counts
     * and last message: the rows of a Trackers tab. Empty when the torrent has none or trackers
     * are off ({@link EngineSettings#trackersEnabled()}).
     */
    public CompletableFuture<java.util.List<TrackerStatus>> trackers() {
        return call(s -> CompletableFuture.completedFuture(s.trackers.statuses()));
    }

    /** Disconnects every peer and stops; state becomes {@link TorrentState.Paused}. */
    public CompletableFuture<Void> pause() {
        return call(TorrentSession::pause);
    }

    /** Goes back to where {@link #pause()} stopped (or rechecks after an error). */
    public CompletableFuture<Void> resume() {
        return call(TorrentSession::resume);
    }

    /** Removes the torrent from the engine, deleting its downloaded files if asked. */
    public CompletableFuture<Void> remove(boolean deleteData) {
        return engine.remove(this, deleteData);
    }

    /**
     * Completes when every wanted piece is verified (at once when the check found them all); fails
     * when the torrent errors or is removed first.
     */
    public CompletableFuture<Void> completion() {
        TorrentSession s = engine.session(infoHashes);
        return s == null ? removed() : s.completion().copy();
    }

    private <T> CompletableFuture<T> call(Function<TorrentSession, CompletableFuture<T>> action) {
        TorrentSession s = engine.session(infoHashes);
        if (s == null) {
            return removed();
        }
        return s.submit(() -> action.apply(s));
    }

    private <T> CompletableFuture<T> removed() {
        return CompletableFuture.failedFuture(new TorrentRemovedException(infoHashes));
    }

    @Override
    public String toString() {
        return "TorrentHandle[" + infoHashes + "]";
    }

    /** The torrent is no longer in the engine. */
    public static final class TorrentRemovedException extends IllegalStateException {
        public TorrentRemovedException(InfoHashes infoHashes) {
            super("torrent " + infoHashes + " was removed from the engine");
        }
    }
}
