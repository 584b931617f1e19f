package org.peerwave.app.ui;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.peerwave.app.service.AddRequest;
import org.peerwave.app.service.AddSource;
import org.peerwave.app.service.CreateRequest;
import org.peerwave.app.service.CreatedTorrent;
import org.peerwave.app.service.FileInfo;
import org.peerwave.app.service.PeerEntry;
import org.peerwave.app.service.TorrentDetails;
import org.peerwave.app.service.TorrentPreview;
import org.peerwave.app.service.TorrentService;
import org.peerwave.app.service.TorrentSnapshot;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.service.TrackerEntry;
import org.peerwave.engine.session.FilePriority;

/** A {@link TorrentService} in memory for view-model tests: futures complete at once; calls are recorded. */
public final class FakeTorrentService implements TorrentService {

    public final Map<String, TorrentSnapshot> torrents = new LinkedHashMap<>();
    public final Map<String, List<FileInfo>> files = new LinkedHashMap<>();
    public final List<String> calls = new ArrayList<>();
    public final List<AddRequest> added = new ArrayList<>();
    public final Map<String, List<FilePriority>> priorities = new LinkedHashMap<>();
    public TorrentPreview nextPreview;
    public int snapshotCalls;

    /** A snapshot with the usual defaults. */
    public static TorrentSnapshot snapshot(String id, String name, TorrentStatus status, long size, long done,
                                           long down, long up) {
        return new TorrentSnapshot(id, name, status, "", size, done, down, up, -1, 0, 0, done,
                Instant.parse("2026-01-01T00:00:00Z"), Path.of("/downloads"), false);
    }

    public FakeTorrentService put(TorrentSnapshot s) {
        torrents.put(s.id(), s);
        return this;
    }

    @Override
    public CompletableFuture<List<TorrentSnapshot>> snapshots() {
        snapshotCalls++;
        return CompletableFuture.completedFuture(List.copyOf(torrents.values()));
    }

    @Override
    public CompletableFuture<TorrentPreview> preview(AddSource source) {
        calls.add("preview");
        return nextPreview == null ? CompletableFuture.failedFuture(new IllegalArgumentException("not a torrent"))
                : CompletableFuture.completedFuture(nextPreview);
    }

    @Override
    public CompletableFuture<String> add(AddRequest request) {
        added.add(request);
        calls.add("add " + request.preview().id());
        return CompletableFuture.completedFuture(request.preview().id());
    }

    @Override
    public CompletableFuture<CreatedTorrent> create(CreateRequest request) {
        calls.add("create " + request.source());
        return CompletableFuture.completedFuture(new CreatedTorrent("c0ffee", request.source().getFileName().toString(),
                "magnet:?xt=urn:btih:c0ffee", Path.of("/tmp/c0ffee.torrent")));
    }

    private CompletableFuture<Void> record(String call) {
        calls.add(call);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> pause(String id) {
        return record("pause " + id);
    }

    @Override
    public CompletableFuture<Void> resume(String id) {
        return record("resume " + id);
    }

    @Override
    public CompletableFuture<Void> remove(String id, boolean deleteData) {
        torrents.remove(id);
        return record("remove " + id + (deleteData ? " delete" : " keep"));
    }

    @Override
    public CompletableFuture<Void> recheck(String id) {
        return record("recheck " + id);
    }

    @Override
    public CompletableFuture<Void> setSequential(String id, boolean sequential) {
        return record("sequential " + id + " " + sequential);
    }

    @Override
    public CompletableFuture<Void> setRateLimits(String id, long upload, long download) {
        return record("limits " + id + " " + upload + " " + download);
    }

    @Override
    public CompletableFuture<Void> moveStorage(String id, Path folder) {
        return record("move " + id + " " + folder);
    }

    @Override
    public CompletableFuture<List<FileInfo>> files(String id) {
        return CompletableFuture.completedFuture(files.getOrDefault(id, List.of()));
    }

    @Override
    public CompletableFuture<Void> setFilePriorities(String id, List<FilePriority> p) {
        priorities.put(id, List.copyOf(p));
        return record("priorities " + id);
    }

    @Override
    public CompletableFuture<List<PeerEntry>> peers(String id) {
        return CompletableFuture.completedFuture(List.of(new PeerEntry("127.0.0.2:6881", "LT 2000", "D", 1.0, 1000, 0)));
    }

    @Override
    public CompletableFuture<List<TrackerEntry>> trackers(String id) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<TorrentDetails> details(String id) {
        BitSet b = new BitSet();
        b.set(0, 3);
        return CompletableFuture.completedFuture(new TorrentDetails("ab".repeat(20), "", Path.of("/downloads"),
                1000, 256, 4, b, "", "magnet:?xt=urn:btih:" + id));
    }

    @Override
    public int listenPort() {
        return 6881;
    }

    /** The global limits last set (upload, download), or null. */
    public volatile long[] globalLimits;
    /** The queue limits last set (downloads, seeds), or null. */
    public volatile int[] queueLimits;

    @Override
    public CompletableFuture<Void> setGlobalLimits(long upload, long download) {
        globalLimits = new long[] {upload, download};
        return record("global limits " + upload + " " + download);
    }

    @Override
    public void setQueueLimits(int maxDownloads, int maxSeeds) {
        queueLimits = new int[] {maxDownloads, maxSeeds};
        calls.add("queue limits " + maxDownloads + " " + maxSeeds);
    }

    /** What {@link #dhtNodes()} answers (-1: off). */
    public volatile int dhtNodes = -1;

    @Override
    public int dhtNodes() {
        return dhtNodes;
    }

    @Override
    public Path defaultSaveDir() {
        return Path.of("/downloads");
    }

    @Override
    public long freeSpace(Path folder) {
        return 5L * 1024 * 1024 * 1024;
    }

    @Override
    public void close() {
    }
}
