package org.peerwave.engine.session;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.peerwave.engine.metainfo.InfoHashes;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * A torrent of an {@link Engine}, as a value: its info hashes and the engine. Every method runs on
 * the torrent's event loop and returns a future (callbacks attached to it run on that loop: do not
 * block in them); after {@link #remove(boolean)} they fail with {@link TorrentRemovedException}.
 * Two handles of the same torrent are equal. A handle of a magnet stays valid when its metadata
 * arrives and it becomes a normal torrent.
 */
public record TorrentHandle(InfoHashes infoHashes, Engine engine) {

    public TorrentHandle {
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(engine, "engine");
    }

    /**
     * Dials {@code address} (now, or as soon as the torrent is active); remembered for re-dials. For a
     * magnet still fetching its metadata the peer is asked for it, and kept for the download.
     */
    public CompletableFuture<Void> connectPeer(InetSocketAddress address) {
        return call(s -> s.connectPeer(address), m -> m.connectPeer(address));
    }

    /**
     * Adds a BEP 19 web seed (a URL that serves the torrent's files over HTTP range requests), used
     * alongside the peers while the torrent downloads. For a magnet still fetching its metadata it
     * is kept until the metadata arrives (a magnet's own {@code ws=} parameters are added that way).
     */
    public CompletableFuture<Void> addWebSeed(String url) {
        java.util.Objects.requireNonNull(url, "url");
        return call(s -> s.addWebSeed(url, false), m -> m.addWebSeed(url));
    }

    /** The torrent's web seeds with their state, bytes and failures (empty while a magnet's metadata is fetched). */
    public CompletableFuture<List<WebSeedInfo>> webSeeds() {
        return call(TorrentSession::webSeedInfos, m -> CompletableFuture.completedFuture(List.of()));
    }

    /** A snapshot of the torrent's progress, speeds and peers. */
    public CompletableFuture<TorrentStats> stats() {
        return call(TorrentSession::stats, MagnetTorrent::stats);
    }

    /**
     * The torrent's metainfo: at once for a torrent added from its file; for a magnet when the info
     * dictionary arrived and verified. Fails when the magnet cannot be used (v2 metadata, removed).
     */
    public CompletableFuture<TorrentMetainfo> metadata() {
        MagnetTorrent m = engine.magnet(infoHashes);
        if (m != null) {
            return m.metadata().copy();
        }
        TorrentSession s = engine.session(infoHashes);
        return s == null ? removed() : CompletableFuture.completedFuture(s.metainfo);
    }

    /**
     * Sets the priority of every file, one per entry of {@code metadata().files()} (pad files
     * included). {@link FilePriority#SKIP} files are not downloaded; the torrent is complete once
     * every other file is. Saved in the resume data. Fails before a magnet's metadata arrived.
     */
    public CompletableFuture<Void> setFilePriorities(List<FilePriority> priorities) {
        List<FilePriority> copy = List.copyOf(priorities);
        return call(s -> s.setFilePriorities(copy), MagnetTorrent::noMetadataYet);
    }

    /** The priority of every file (fails before a magnet's metadata arrived). */
    public CompletableFuture<List<FilePriority>> filePriorities() {
        return call(s -> CompletableFuture.completedFuture(s.filePriorities()), MagnetTorrent::noMetadataYet);
    }

    /**
     * The connected peers with their client, flags, progress and rates: the rows of a Peers tab.
     * Empty while a magnet's metadata is fetched.
     */
    public CompletableFuture<List<PeerInfo>> peers() {
        return call(TorrentSession::peerInfos, m -> CompletableFuture.completedFuture(List.of()));
    }

    /**
     * The verified pieces, one bit per piece (a copy): what a pieces map draws. Empty while a
     * magnet's metadata is fetched.
     */
    public CompletableFuture<java.util.BitSet> pieces() {
        return call(TorrentSession::verifiedPieces, m -> CompletableFuture.completedFuture(new java.util.BitSet()));
    }

    /** Downloads pieces in order (for previews) instead of rarest first. */
    public CompletableFuture<Void> setSequential(boolean sequential) {
        return call(s -> s.setSequential(sequential), m -> m.setSequential(sequential));
    }

    /**
     * This torrent's own limits in bytes per second (0 = none), on top of the engine-wide limits:
     * a transfer goes only as fast as both allow.
     */
    public CompletableFuture<Void> setRateLimits(long uploadBytesPerSecond, long downloadBytesPerSecond) {
        RateLimitSettings limits = RateLimitSettings.builder().upload(uploadBytesPerSecond)
                .download(downloadBytesPerSecond).build();
        return call(s -> s.setRateLimits(limits), m -> m.setRateLimits(limits));
    }

    /**
     * The torrent's trackers (BEP 12 tiers, then the magnet link's), each with its state, counts
     * and last message: the rows of a Trackers tab. Empty when the torrent has none or trackers
     * are off ({@link EngineSettings#trackersEnabled()}).
     */
    public CompletableFuture<java.util.List<TrackerStatus>> trackers() {
        return call(s -> CompletableFuture.completedFuture(s.trackers.statuses()), MagnetTorrent::trackers);
    }

    /**
     * Hashes every piece on disk again, trusting no resume data: the torrent goes to
     * {@link TorrentState.Checking} (or stays paused and checks when resumed), then downloads what
     * is missing or wrong. Fails before a magnet's metadata arrived.
     */
    public CompletableFuture<Void> forceRecheck() {
        return call(TorrentSession::forceRecheck, MagnetTorrent::noMetadataYet);
    }

    /**
     * Moves the torrent's files to {@code newSaveDir} (the folder that will hold its top-level
     * name), across file systems too; completes once they are there and the resume data says so.
     * Fails, leaving the files where they were, when the move cannot be done (e.g. the target
     * exists). Fails before a magnet's metadata arrived.
     */
    public CompletableFuture<Void> moveStorage(java.nio.file.Path newSaveDir) {
        java.util.Objects.requireNonNull(newSaveDir, "newSaveDir");
        return call(s -> s.moveStorage(newSaveDir), MagnetTorrent::noMetadataYet);
    }

    /** Disconnects every peer and stops; state becomes {@link TorrentState.Paused}. */
    public CompletableFuture<Void> pause() {
        return call(TorrentSession::pause, MagnetTorrent::pause);
    }

    /** Goes back to where {@link #pause()} stopped (or rechecks after an error). */
    public CompletableFuture<Void> resume() {
        return call(TorrentSession::resume, MagnetTorrent::resume);
    }

    /** Removes the torrent from the engine, deleting its downloaded files if asked. */
    public CompletableFuture<Void> remove(boolean deleteData) {
        return engine.remove(this, deleteData);
    }

    /**
     * Completes when every wanted piece (of every file not skipped) is verified (at once when the
     * check found them all); fails when the torrent errors or is removed first.
     */
    public CompletableFuture<Void> completion() {
        MagnetTorrent m = engine.magnet(infoHashes);
        if (m != null) {
            return m.completion().copy();
        }
        TorrentSession s = engine.session(infoHashes);
        return s == null ? removed() : s.completion().copy();
    }

    // ---------------------------------------------------------------- streaming (see the stream package)

    /**
     * Completes (on the torrent's loop: do not block in callbacks) once piece {@code piece} is
     * verified, at once when it already is. Each call returns a new future; cancelling it or
     * completing it exceptionally stops the wait. Fails before a magnet's metadata arrived, and
     * when the torrent is removed.
     */
    public CompletableFuture<Void> whenPieceVerified(int piece) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        // the session's own future is handed out (not a copy) so that giving up on the result stops its wait
        CompletableFuture<CompletableFuture<Void>> waiter = call(
                s -> CompletableFuture.completedFuture(s.whenVerified(piece)), MagnetTorrent::noMetadataYet);
        waiter.whenComplete((inner, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
                return;
            }
            inner.whenComplete((v, x) -> {
                if (x != null) {
                    result.completeExceptionally(x);
                } else {
                    result.complete(null);
                }
            });
            result.whenComplete((v, x) -> {
                if (x != null) {
                    inner.cancel(false);
                }
            });
        });
        return result;
    }


    /**
     * Reads {@code length} bytes of the verified piece {@code piece} from {@code offset} (pad bytes
     * read as zeros). Fails with an {@link IllegalStateException} when the piece is not verified:
     * never returns bytes that did not pass their hash check.
     */
    public CompletableFuture<byte[]> readVerified(int piece, int offset, int length) {
        return call(s -> s.readVerified(piece, offset, length), MagnetTorrent::noMetadataYet);
    }

    /**
     * Reads verified bytes straight into {@code dst} (from its position, at most
     * {@code dst.remaining()}): from byte {@code offset} of {@code piece} on, continuing into the
     * following pieces while they are verified, in one disk read (pad bytes read as zeros).
     * Completes with the number of bytes read, 0 when {@code piece} itself is not verified: never
     * returns bytes that did not pass their hash check. {@code dst}'s position is not moved (add
     * the count); a storage thread writes into it until the future completes, so do not touch the
     * buffer before, and after a failure or cancellation its bytes past the position are unspecified.
     */
    public CompletableFuture<Integer> readVerified(int piece, int offset, java.nio.ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        return call(s -> s.readVerified(piece, offset, dst), MagnetTorrent::noMetadataYet);
    }

    /**
     * {@link #readVerified(int, int, java.nio.ByteBuffer)} done on the calling thread, without the
     * hops to the torrent's loop and the disk executor: for a blocking reader (never call it on an
     * event loop). Returns the number of bytes read, 0 when {@code piece} is not known to be
     * verified (then wait with {@link #whenPieceVerified} or use the asynchronous read), also for a
     * magnet still fetching its metadata or a removed torrent.
     *
     * @throws org.peerwave.engine.storage.StorageException when the disk read fails
     */
    public int readVerifiedNow(int piece, int offset, java.nio.ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        TorrentSession s = engine.session(infoHashes);
        return s == null ? 0 : s.readVerifiedNow(piece, offset, dst);
    }

    /**
     * Makes pieces {@code firstPiece..lastPiece} time-critical for {@code owner} (a streaming
     * reader; compared by identity semantics of its {@code equals}): they are requested before any
     * other, the piece {@code i} places after the first with the deadline now + (i + 1) ×
     * {@code perPiece}. A new range of the same owner replaces its old one at once; the ranges of
     * several owners all count. Verified pieces drop out by themselves.
     */
    public CompletableFuture<Void> setCriticalRange(Object owner, int firstPiece, int lastPiece,
                                                    java.time.Duration perPiece) {
        Objects.requireNonNull(owner, "owner");
        long nanos = perPiece.toNanos();
        return call(s -> s.setCriticalRange(owner, firstPiece, lastPiece, nanos), MagnetTorrent::noMetadataYet);
    }

    /**
     * The pieces that are time-critical now (every reader's range, verified pieces excluded) with
     * their deadlines, in piece order: what a player's seek bar may show as being fetched first.
     */
    public CompletableFuture<java.util.SortedMap<Integer, java.time.Instant>> criticalPieces() {
        return call(s -> CompletableFuture.completedFuture(new java.util.TreeMap<>(s.picker.deadlines())),
                m -> CompletableFuture.completedFuture(new java.util.TreeMap<>()));
    }

    /** Drops {@code owner}'s time-critical range (a reader closed); nothing when it has none. */
    public CompletableFuture<Void> clearCriticalRange(Object owner) {
        Objects.requireNonNull(owner, "owner");
        return call(s -> s.clearCriticalRange(owner), m -> CompletableFuture.completedFuture(null));
    }

    /**
     * Runs on the torrent's loop: on its session, or on the magnet while the metadata is fetched (or
     * on the session the magnet was handed over to meanwhile). The magnet is looked up first: the
     * hand-over registers the session before it unregisters the magnet.
     */
    private <T> CompletableFuture<T> call(Function<TorrentSession, CompletableFuture<T>> onSession,
                                          Function<MagnetTorrent, CompletableFuture<T>> onMagnet) {
        MagnetTorrent m = engine.magnet(infoHashes);
        if (m != null) {
            return m.submit(() -> m.session() != null ? onSession.apply(m.session()) : onMagnet.apply(m));
        }
        TorrentSession s = engine.session(infoHashes);
        if (s == null) {
            return removed();
        }
        return s.submit(() -> onSession.apply(s));
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
