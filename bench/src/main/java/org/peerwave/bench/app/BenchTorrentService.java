package org.peerwave.bench.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/**
 * An in-memory service with {@code n} torrents whose rates, progress and peers change on every
 * snapshot (the worst case for the table: every visible cell changes every second), and a few
 * change state each round so rows move between filters.
 */
final class BenchTorrentService implements TorrentService {

    private static final TorrentStatus[] STATES = {TorrentStatus.DOWNLOADING, TorrentStatus.SEEDING,
        TorrentStatus.PAUSED, TorrentStatus.DOWNLOADING, TorrentStatus.QUEUED, TorrentStatus.DOWNLOADING};

    private final int n;
    private final Instant added = Instant.parse("2026-11-01T10:00:00Z");
    private long round;

    BenchTorrentService(int n) {
        this.n = n;
    }

    @Override
    public synchronized CompletableFuture<List<TorrentSnapshot>> snapshots() {
        round++;
        List<TorrentSnapshot> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long size = (i % 50 + 1) * 64L * 1024 * 1024;
            TorrentStatus status = STATES[(int) ((i + round / 30) % STATES.length)];
            long done = status == TorrentStatus.SEEDING ? size : Math.min(size, (size / 300) * ((round + i) % 300));
            long down = status == TorrentStatus.DOWNLOADING ? 1000 + (i * 7919L + round * 104729L) % 2_000_000 : 0;
            long up = (i * 31L + round * 17L) % 500_000;
            out.add(new TorrentSnapshot(String.format("%040x", i), "Torrent number " + i + " \u2014 some.release.name",
                    status, "", size, done, down, up, (int) (i % 40), (int) ((i + round) % 60), up * round,
                    done, added.plusSeconds(i * 60L), Path.of("/downloads"), false));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<TorrentPreview> preview(AddSource source) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("bench"));
    }

    @Override
    public CompletableFuture<String> add(AddRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("bench"));
    }

    @Override
    public CompletableFuture<CreatedTorrent> create(CreateRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("bench"));
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> pause(String id) {
        return done();
    }

    @Override
    public CompletableFuture<Void> resume(String id) {
        return done();
    }

    @Override
    public CompletableFuture<Void> remove(String id, boolean deleteData) {
        return done();
    }

    @Override
    public CompletableFuture<Void> recheck(String id) {
        return done();
    }

    @Override
    public CompletableFuture<Void> setSequential(String id, boolean sequential) {
        return done();
    }

    @Override
    public CompletableFuture<Void> setRateLimits(String id, long upload, long download) {
        return done();
    }

    @Override
    public CompletableFuture<Void> moveStorage(String id, Path folder) {
        return done();
    }

    @Override
    public CompletableFuture<List<FileInfo>> files(String id) {
        return CompletableFuture.completedFuture(List.of(new FileInfo(0, "file.bin", 1, 0.5, FilePriority.NORMAL)));
    }

    @Override
    public CompletableFuture<Void> setFilePriorities(String id, List<FilePriority> priorities) {
        return done();
    }

    @Override
    public CompletableFuture<List<PeerEntry>> peers(String id) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<List<TrackerEntry>> trackers(String id) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<TorrentDetails> details(String id) {
        return CompletableFuture.completedFuture(new TorrentDetails(id, "", Path.of("/downloads"), 0, 0, 0,
                new java.util.BitSet(), "", "magnet:?xt=urn:btih:" + id));
    }

    @Override
    public int listenPort() {
        return 6881;
    }

    @Override
    public Path defaultSaveDir() {
        return Path.of("/downloads");
    }

    @Override
    public long freeSpace(Path folder) {
        return -1;
    }

    @Override
    public void close() {
    }
}
