package org.peerwave.app.service;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peerwave.engine.session.FilePriority;

/**
 * The view models' only door to the engine. Every method is thread-safe and returns at once;
 * results come in futures that may complete on any thread (view models hop to the UI thread).
 * Torrents are named by their id ({@link TorrentSnapshot#id()}).
 */
public interface TorrentService extends AutoCloseable {

    /** A snapshot of every torrent, in the order they were added. Polled about once a second. */
    CompletableFuture<List<TorrentSnapshot>> snapshots();

    /** Reads a source for the add dialog (downloads an http(s) link, parses a file or magnet). */
    CompletableFuture<TorrentPreview> preview(AddSource source);

    /** Adds a torrent; completes with its id. Fails when it is already added. */
    CompletableFuture<String> add(AddRequest request);

    /** Creates a torrent of a local file or folder and seeds it from there. */
    CompletableFuture<CreatedTorrent> create(CreateRequest request);

    CompletableFuture<Void> pause(String id);

    CompletableFuture<Void> resume(String id);

    /** Removes the torrent, and its downloaded files when {@code deleteData}. */
    CompletableFuture<Void> remove(String id, boolean deleteData);

    CompletableFuture<Void> recheck(String id);

    CompletableFuture<Void> setSequential(String id, boolean sequential);

    /** This torrent's own limits in bytes per second, 0 for none. */
    CompletableFuture<Void> setRateLimits(String id, long upload, long download);

    /** Moves its files to {@code folder}. */
    CompletableFuture<Void> moveStorage(String id, Path folder);

    /** Its files with their progress and priorities (empty before a magnet's metadata). */
    CompletableFuture<List<FileInfo>> files(String id);

    /** One priority per file, pad files included. */
    CompletableFuture<Void> setFilePriorities(String id, List<FilePriority> priorities);

    CompletableFuture<List<PeerEntry>> peers(String id);

    CompletableFuture<List<TrackerEntry>> trackers(String id);

    CompletableFuture<TorrentDetails> details(String id);

    /** The port the engine listens on. */
    int listenPort();

    /** Nodes in the DHT routing table, or -1 when the DHT is off. */
    default int dhtNodes() {
        return -1;
    }

    /**
     * The engine-wide limits in bytes per second, 0 for none; applied at once (the engine's
     * {@code applySettings}).
     */
    default CompletableFuture<Void> setGlobalLimits(long upload, long download) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Most torrents downloading and seeding at once (0: no limit); the others wait
     * {@link TorrentStatus#QUEUED} (see {@link TorrentQueue}), applied from the next snapshot on.
     */
    default void setQueueLimits(int maxDownloads, int maxSeeds) {
    }

    /** The default save folder. */
    Path defaultSaveDir();

    /** Free bytes on the file system of {@code folder}, -1 when unknown. */
    long freeSpace(Path folder);

    /** Stops the engine, saving resume data. */
    @Override
    void close();
}
