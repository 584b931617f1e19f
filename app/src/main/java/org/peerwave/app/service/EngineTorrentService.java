package org.peerwave.app.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.InfoHashes;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.FilePriority;
import org.peerwave.engine.session.PeerInfo;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.session.TorrentState;
import org.peerwave.engine.session.TorrentStats;
import org.peerwave.engine.session.TrackerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TorrentService} on a running {@link Engine}; keeps the torrent list in a {@link TorrentStore}
 * (the engine keeps resume data in its resume folder), and puts the saved torrents back on start.
 */
public final class EngineTorrentService implements TorrentService {

    private static final Logger log = LoggerFactory.getLogger(EngineTorrentService.class);
    /** The trackers' seed counts are asked every this many snapshots. */
    private static final int SEEDS_EVERY = 10;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final Engine engine;
    private final TorrentStore store;
    private final Path defaultSaveDir;
    private final ExecutorService background;
    private final HttpClient http;
    /** By id, in the order added. */
    private final Map<String, Tracked> torrents = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private final Map<String, Integer> swarmSeeds = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();
    /** Largest .torrent file fetched from an http(s) link. */
    private final int maxTorrentDownload;
    /** The torrents the queue paused (not the user); they show as {@link TorrentStatus#QUEUED}. */
    private final java.util.Set<String> queued = ConcurrentHashMap.newKeySet();
    private volatile int maxActiveDownloads;
    private volatile int maxActiveSeeds;

    private static final class Tracked {
        final TorrentHandle handle;
        volatile TorrentStore.Entry entry;

        Tracked(TorrentHandle handle, TorrentStore.Entry entry) {
            this.handle = handle;
            this.entry = entry;
        }
    }

    private EngineTorrentService(Engine engine, TorrentStore store, Path defaultSaveDir, int maxTorrentDownload) {
        this.engine = engine;
        this.maxTorrentDownload = maxTorrentDownload;
        this.store = store;
        this.defaultSaveDir = defaultSaveDir;
        this.background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "peerwave-service");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    /**
     * Starts an engine with {@code settings} (falling back to a free port when the one asked for is
     * taken) and adds back every torrent of {@code store}.
     */
    public static EngineTorrentService start(EngineSettings settings, TorrentStore store, Path defaultSaveDir) {
        return start(settings, store, defaultSaveDir, org.peerwave.app.settings.AppSettings.DEFAULT_MAX_TORRENT_DOWNLOAD);
    }

    /** As above, fetching .torrent files of at most {@code maxTorrentDownload} bytes from http(s) links. */
    public static EngineTorrentService start(EngineSettings settings, TorrentStore store, Path defaultSaveDir,
                                             int maxTorrentDownload) {
        Engine engine;
        try {
            engine = Engine.create(settings);
        } catch (IllegalStateException e) {
            if (settings.listenPort() == 0) {
                throw e;
            }
            log.warn("{}; listening on a free port instead", e.getMessage());
            engine = Engine.create(settings.toBuilder().listenPort(0).build());
        }
        EngineTorrentService service = new EngineTorrentService(engine, store, defaultSaveDir, maxTorrentDownload);
        service.restore();
        return service;
    }

    private void restore() {
        for (TorrentStore.Entry e : store.loadAll()) {
            try {
                AddOptions options = AddOptions.DEFAULT.withStartPaused(e.paused()).withSequential(e.sequential())
                        .withFilePriorities(e.priorities());
                TorrentHandle h;
                if (e.torrent() != null) {
                    h = engine.add(TorrentMetainfo.parse(e.torrent()), e.savePath(), options);
                    reconnectMagnetPeers(h, e.magnet());
                } else {
                    h = engine.add(MagnetLink.parse(e.magnet()), e.savePath(), options);
                    saveTorrentWhenMetadata(h, e.id());
                }
                torrents.put(e.id(), new Tracked(h, e));
            } catch (RuntimeException ex) {
                log.warn("cannot restore the torrent {}: {}", e.id(), ex.toString());
            }
        }
        log.info("restored {} torrents", torrents.size());
    }

    /**
     * A magnet's {@code x.pe} peers are dialed again after a restart (once its metadata arrived the
     * torrent is restored from its .torrent file, which does not name them).
     */
    private static void reconnectMagnetPeers(TorrentHandle h, String magnet) {
        try {
            for (String p : MagnetLink.parse(magnet).peers()) {
                java.net.InetSocketAddress a = hostPort(p);
                if (a != null) {
                    h.connectPeer(a);
                }
            }
        } catch (RuntimeException ex) {
            log.debug("no peers from {}: {}", magnet, ex.toString());
        }
    }

    /** {@code host:port} or {@code [v6]:port}; null when not one. */
    static java.net.InetSocketAddress hostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            return port > 0 && port < 65536 ? new java.net.InetSocketAddress(host, port) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The engine (for tests and the composition root). */
    public Engine engine() {
        return engine;
    }

    /** The engine's handle of torrent {@code id} (the player opens its files). */
    public TorrentHandle handle(String id) {
        return tracked(id).handle;
    }

    static String idOf(InfoHashes h) {
        return h.hasV1() ? h.v1().hex() : h.v2().hex();
    }

    private Tracked tracked(String id) {
        Tracked t = torrents.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no torrent " + id);
        }
        return t;
    }

    private <T> CompletableFuture<T> on(String id, java.util.function.Function<Tracked, CompletableFuture<T>> f) {
        try {
            return f.apply(tracked(id));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    public CompletableFuture<List<TorrentSnapshot>> snapshots() {
        List<Tracked> all;
        synchronized (torrents) {
            all = new ArrayList<>(torrents.values());
        }
        boolean askSeeds = ticks.getAndIncrement() % SEEDS_EVERY == 0;
        List<CompletableFuture<TorrentSnapshot>> futures = new ArrayList<>(all.size());
        for (Tracked t : all) {
            futures.add(t.handle.stats().thenApply(s -> snapshot(t, s)).exceptionally(e -> null));
            if (askSeeds) {
                String id = t.entry.id();
                t.handle.trackers().thenAccept(list -> swarmSeeds.put(id,
                        list.stream().mapToInt(TrackerStatus::seeds).max().orElse(-1)));
            }
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<TorrentSnapshot> out = new ArrayList<>(futures.size());
            for (CompletableFuture<TorrentSnapshot> f : futures) {
                TorrentSnapshot s = f.join();
                if (s != null) {
                    out.add(s);
                }
            }
            applyQueue(out);
            return out;
        });
    }

    @Override
    public void setQueueLimits(int maxDownloads, int maxSeeds) {
        if (maxDownloads < 0 || maxSeeds < 0) {
            throw new IllegalArgumentException("queue limits must not be negative");
        }
        this.maxActiveDownloads = maxDownloads;
        this.maxActiveSeeds = maxSeeds;
    }

    /** Pauses the torrents past the queue's limits and lets queued ones run when a slot is free. */
    private void applyQueue(List<TorrentSnapshot> round) {
        queued.retainAll(round.stream().map(TorrentSnapshot::id).collect(java.util.stream.Collectors.toSet()));
        TorrentQueue.Plan plan = TorrentQueue.plan(round.stream()
                .map(s -> new TorrentQueue.Entry(s.id(), s.status(), isComplete(s))).toList(),
                java.util.Set.copyOf(queued), maxActiveDownloads, maxActiveSeeds);
        for (String id : plan.queue()) {
            Tracked t = torrents.get(id);
            if (t != null && queued.add(id)) {
                log.info("queued {}", id);
                t.handle.pause();
            }
        }
        for (String id : plan.start()) {
            Tracked t = torrents.get(id);
            if (t != null && queued.remove(id)) {
                log.info("starting queued {}", id);
                t.handle.resume();
            }
        }
    }

    /** Every wanted byte is there (a paused or queued magnet, size 0 without metadata, is not). */
    private static boolean isComplete(TorrentSnapshot s) {
        return s.size() > 0 ? s.complete() : s.status() == TorrentStatus.SEEDING;
    }

    @Override
    public CompletableFuture<Void> setGlobalLimits(long upload, long download) {
        try {
            EngineSettings now = engine.settings();
            engine.applySettings(now.toBuilder().rateLimits(now.rateLimits().toBuilder().upload(upload)
                    .download(download).build()).build());
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private TorrentSnapshot snapshot(Tracked t, TorrentStats s) {
        TorrentStore.Entry e = t.entry;
        TorrentStatus status;
        String error = "";
        switch (s.state()) {
            case TorrentState.DownloadingMetadata m -> status = TorrentStatus.METADATA;
            case TorrentState.Checking c -> status = TorrentStatus.CHECKING;
            case TorrentState.Downloading d -> status = TorrentStatus.DOWNLOADING;
            case TorrentState.Seeding d -> status = TorrentStatus.SEEDING;
            case TorrentState.Paused p -> status = queued.contains(e.id()) ? TorrentStatus.QUEUED : TorrentStatus.PAUSED;
            case TorrentState.Errored x -> {
                status = TorrentStatus.ERRORED;
                error = x.reason();
            }
            case TorrentState.Removed r -> {
                return null;
            }
        }
        boolean metadata = s.state() instanceof TorrentState.DownloadingMetadata
                || s.state() instanceof TorrentState.Paused p && p.resumeTo() instanceof TorrentState.DownloadingMetadata;
        long size = metadata ? 0 : s.wantedBytes();
        long done = metadata ? 0 : s.wantedBytesDone();
        return new TorrentSnapshot(e.id(), s.name(), status, error, size, done, s.downloadRate(), s.uploadRate(),
                swarmSeeds.getOrDefault(e.id(), -1), s.peers(), s.uploaded(), s.downloaded(), e.added(),
                e.savePath(), e.sequential());
    }

    // ---------------------------------------------------------------- adding

    @Override
    public CompletableFuture<TorrentPreview> preview(AddSource source) {
        return CompletableFuture.supplyAsync(() -> previewNow(source), background);
    }

    private TorrentPreview previewNow(AddSource source) {
        try {
            return switch (source) {
                case AddSource.TorrentFile f -> fromBytes(new AddSource.TorrentBytes(Files.readAllBytes(f.path()),
                        f.path().toString()));
                case AddSource.TorrentBytes b -> fromBytes(b);
                case AddSource.Url u -> fromBytes(new AddSource.TorrentBytes(download(u.uri()), u.uri().toString()));
                case AddSource.Magnet m -> {
                    MagnetLink link = MagnetLink.parse(m.uri());
                    String id = idOf(link.infoHashes());
                    String name = link.displayName() != null ? link.displayName() : id;
                    yield new TorrentPreview(m, id, name, 0, List.of());
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private TorrentPreview fromBytes(AddSource.TorrentBytes b) {
        TorrentMetainfo meta = TorrentMetainfo.parse(b.bytes());
        List<FileInfo> files = new ArrayList<>();
        List<FileEntry> all = meta.files();
        for (int i = 0; i < all.size(); i++) {
            FileEntry f = all.get(i);
            if (!f.pad()) {
                files.add(new FileInfo(i, innerPath(meta, f), f.length(), 0, FilePriority.NORMAL));
            }
        }
        return new TorrentPreview(b, idOf(meta.infoHashes()), meta.name(), meta.totalLength(), files);
    }

    /** A file's path without the torrent's top-level folder (a single-file torrent: its name). */
    private static String innerPath(TorrentMetainfo meta, FileEntry f) {
        String p = f.pathString();
        String prefix = meta.name() + "/";
        return !meta.singleFile() && p.startsWith(prefix) ? p.substring(prefix.length()) : p;
    }

    private byte[] download(URI uri) throws IOException, InterruptedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) link: " + uri);
        }
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = r.body()) {
            if (r.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + r.statusCode() + " from " + uri);
            }
            byte[] bytes = in.readNBytes(maxTorrentDownload + 1);
            if (bytes.length > maxTorrentDownload) {
                throw new IOException("larger than " + maxTorrentDownload + " bytes: " + uri);
            }
            return bytes;
        }
    }

    @Override
    public CompletableFuture<String> add(AddRequest request) {
        return CompletableFuture.supplyAsync(() -> addNow(request), background);
    }

    private String addNow(AddRequest r) {
        AddOptions options = AddOptions.DEFAULT.withStartPaused(r.startPaused()).withSequential(r.sequential())
                .withFilePriorities(r.priorities());
        Instant now = Instant.now();
        TorrentHandle h;
        TorrentStore.Entry entry;
        switch (r.preview().source()) {
            case AddSource.TorrentBytes b -> {
                TorrentMetainfo meta = TorrentMetainfo.parse(b.bytes());
                List<FilePriority> priorities = padded(r.priorities(), meta);
                h = engine.add(meta, r.saveDir(), options.withFilePriorities(priorities));
                entry = new TorrentStore.Entry(idOf(meta.infoHashes()), b.bytes(),
                        MagnetLink.forTorrent(meta).toUri(), r.saveDir(), now, r.startPaused(), r.sequential(),
                        priorities);
            }
            case AddSource.Magnet m -> {
                MagnetLink link = MagnetLink.parse(m.uri());
                h = engine.add(link, r.saveDir(), options.withFilePriorities(List.of()));
                entry = new TorrentStore.Entry(idOf(link.infoHashes()), null, m.uri(), r.saveDir(), now,
                        r.startPaused(), r.sequential(), List.of());
                saveTorrentWhenMetadata(h, entry.id());
            }
            default -> throw new IllegalArgumentException("preview the source first: " + r.preview().source());
        }
        torrents.put(entry.id(), new Tracked(h, entry));
        persist(entry);
        log.info("added {} ({})", r.preview().name(), entry.id());
        return entry.id();
    }

    private void saveTorrentWhenMetadata(TorrentHandle h, String id) {
        h.metadata().thenAcceptAsync(meta -> {
            Tracked t = torrents.get(id);
            if (t != null && t.entry.torrent() == null) {
                t.entry = t.entry.withTorrent(torrentFileOf(meta));
                persist(t.entry);
            }
        }, background);
    }

    /** A .torrent file of a magnet's metadata: its trackers and the info dictionary as received. */
    static byte[] torrentFileOf(TorrentMetainfo meta) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('d');
        if (!meta.trackers().isEmpty()) {
            str(out, "announce-list");
            out.write('l');
            for (List<String> tier : meta.trackers()) {
                out.write('l');
                tier.forEach(url -> str(out, url));
                out.write('e');
            }
            out.write('e');
        }
        str(out, "info");
        out.writeBytes(meta.infoBytes());
        out.write('e');
        return out.toByteArray();
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(b);
    }

    private void persist(TorrentStore.Entry e) {
        try {
            store.save(e);
        } catch (IOException ex) {
            log.warn("cannot save the torrent list entry {}: {}", e.id(), ex.toString());
        }
    }

    @Override
    public CompletableFuture<CreatedTorrent> create(CreateRequest r) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                TorrentCreator.Builder b = TorrentCreator.builder(r.source())
                        .mode(TorrentCreator.Mode.valueOf(r.mode())).pieceLength(r.pieceSize())
                        .webSeeds(r.webSeeds()).privateFlag(r.privateFlag());
                for (String t : r.trackers()) {
                    b.addTrackerTier(List.of(t));
                }
                if (!r.comment().isBlank()) {
                    b.comment(r.comment());
                }
                TorrentCreator.CreatedTorrent created = b.create();
                TorrentMetainfo meta = created.metainfo();
                Path saveDir = r.source().toAbsolutePath().getParent();
                TorrentHandle h = engine.add(meta, saveDir, AddOptions.DEFAULT);
                String magnet = MagnetLink.forTorrent(meta).toUri();
                TorrentStore.Entry entry = new TorrentStore.Entry(idOf(meta.infoHashes()), created.bytes(), magnet,
                        saveDir, Instant.now(), false, false, List.of());
                torrents.put(entry.id(), new Tracked(h, entry));
                persist(entry);
                log.info("created and seeding {} ({})", meta.name(), entry.id());
                return new CreatedTorrent(entry.id(), meta.name(), magnet, store.torrentFile(entry.id()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background);
    }

    // ---------------------------------------------------------------- control

    @Override
    public CompletableFuture<Void> pause(String id) {
        queued.remove(id);
        return on(id, t -> t.handle.pause().thenRun(() -> {
            t.entry = t.entry.withPaused(true);
            persist(t.entry);
        }));
    }

    @Override
    public CompletableFuture<Void> resume(String id) {
        queued.remove(id);
        return on(id, t -> t.handle.resume().thenRun(() -> {
            t.entry = t.entry.withPaused(false);
            persist(t.entry);
        }));
    }

    @Override
    public CompletableFuture<Void> remove(String id, boolean deleteData) {
        return on(id, t -> t.handle.remove(deleteData).whenComplete((v, e) -> {
            torrents.remove(id);
            queued.remove(id);
            try {
                store.delete(id);
            } catch (IOException ex) {
                log.warn("cannot forget {}: {}", id, ex.toString());
            }
        }));
    }

    @Override
    public CompletableFuture<Void> recheck(String id) {
        return on(id, t -> t.handle.forceRecheck());
    }

    @Override
    public CompletableFuture<Void> setSequential(String id, boolean sequential) {
        return on(id, t -> t.handle.setSequential(sequential).thenRun(() -> {
            t.entry = t.entry.withSequential(sequential);
            persist(t.entry);
        }));
    }

    @Override
    public CompletableFuture<Void> setRateLimits(String id, long upload, long download) {
        return on(id, t -> t.handle.setRateLimits(upload, download));
    }

    @Override
    public CompletableFuture<Void> moveStorage(String id, Path folder) {
        return on(id, t -> t.handle.moveStorage(folder).thenRun(() -> {
            t.entry = t.entry.withSavePath(folder);
            persist(t.entry);
        }));
    }

    // ---------------------------------------------------------------- details

    @Override
    public CompletableFuture<List<FileInfo>> files(String id) {
        return on(id, t -> {
            CompletableFuture<TorrentMetainfo> meta = t.handle.metadata();
            if (!meta.isDone()) {
                return CompletableFuture.completedFuture(List.of());
            }
            TorrentMetainfo m = meta.join();
            return t.handle.filePriorities().thenCombine(t.handle.pieces(), (prios, pieces) -> {
                List<FileInfo> out = new ArrayList<>();
                List<FileEntry> all = m.files();
                for (int i = 0; i < all.size(); i++) {
                    FileEntry f = all.get(i);
                    if (!f.pad()) {
                        out.add(new FileInfo(i, innerPath(m, f), f.length(), fileProgress(f, m.pieceLength(), pieces),
                                i < prios.size() ? prios.get(i) : FilePriority.NORMAL));
                    }
                }
                return out;
            });
        });
    }

    /** Fraction of a file's bytes in verified pieces. */
    static double fileProgress(FileEntry f, long pieceLength, BitSet pieces) {
        if (f.length() == 0) {
            return 1.0;
        }
        long start = f.offset();
        long end = f.offset() + f.length();
        long covered = 0;
        for (long p = start / pieceLength; p * pieceLength < end; p++) {
            if (pieces.get((int) p)) {
                long from = Math.max(start, p * pieceLength);
                long to = Math.min(end, (p + 1) * pieceLength);
                covered += to - from;
            }
        }
        return (double) covered / f.length();
    }

    @Override
    public CompletableFuture<Void> setFilePriorities(String id, List<FilePriority> priorities) {
        return on(id, t -> t.handle.metadata().thenCompose(m -> {
            List<FilePriority> all = padded(priorities, m);
            return t.handle.setFilePriorities(all).thenRun(() -> {
                t.entry = t.entry.withPriorities(all);
                persist(t.entry);
            });
        }));
    }

    /** One priority per file of {@code meta}: the missing ones (trailing pad files) are skipped. */
    static List<FilePriority> padded(List<FilePriority> priorities, TorrentMetainfo meta) {
        if (priorities.isEmpty() || priorities.size() >= meta.files().size()) {
            return priorities;
        }
        List<FilePriority> out = new ArrayList<>(priorities);
        while (out.size() < meta.files().size()) {
            out.add(FilePriority.SKIP);
        }
        return out;
    }

    @Override
    public CompletableFuture<List<PeerEntry>> peers(String id) {
        return on(id, t -> t.handle.peers().thenApply(list -> list.stream().map(EngineTorrentService::peer).toList()));
    }

    private static PeerEntry peer(PeerInfo p) {
        String address = p.address().getAddress() != null
                ? p.address().getAddress().getHostAddress() + ":" + p.address().getPort() : p.address().toString();
        return new PeerEntry(address, p.client(), p.flags(), p.progress(), p.downloadRate(), p.uploadRate());
    }

    @Override
    public CompletableFuture<List<TrackerEntry>> trackers(String id) {
        return on(id, t -> t.handle.trackers().thenApply(list -> list.stream().map(s -> new TrackerEntry(s.url(),
                s.tier(), switch (s.state()) {
                    case NOT_CONTACTED -> "Not contacted";
                    case UPDATING -> "Updating";
                    case WORKING -> "Working";
                    case ERROR -> "Error";
                }, s.lastAnnounce().map(TIME::format).orElse(""), s.seeds(), s.leechers(),
                s.message().orElse(""))).toList()));
    }

    @Override
    public CompletableFuture<TorrentDetails> details(String id) {
        return on(id, t -> {
            CompletableFuture<TorrentMetainfo> meta = t.handle.metadata();
            InfoHashes h = t.handle.infoHashes();
            String v1 = h.hasV1() ? h.v1().hex() : "";
            String v2 = h.hasV2() ? h.v2().hex() : "";
            TorrentStore.Entry e = t.entry;
            if (!meta.isDone() || meta.isCompletedExceptionally()) {
                return CompletableFuture.completedFuture(new TorrentDetails(v1, v2, e.savePath(), 0, 0, 0,
                        new BitSet(), "", e.magnet()));
            }
            TorrentMetainfo m = meta.join();
            return t.handle.pieces().thenApply(pieces -> new TorrentDetails(v1, v2, e.savePath(), m.totalLength(),
                    m.pieceLength(), m.pieceCount(), pieces, m.comment().orElse(""), e.magnet()));
        });
    }

    // ---------------------------------------------------------------- global

    @Override
    public int listenPort() {
        return engine.listenPort();
    }

    @Override
    public int dhtNodes() {
        var dht = engine.stats().dht();
        return dht.state() == org.peerwave.engine.dht.DhtState.OFF ? -1 : dht.nodes();
    }

    @Override
    public Path defaultSaveDir() {
        return defaultSaveDir;
    }

    @Override
    public long freeSpace(Path folder) {
        Path p = folder.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return -1;
        }
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        engine.close();
        background.shutdownNow();
        http.close();
    }
}
