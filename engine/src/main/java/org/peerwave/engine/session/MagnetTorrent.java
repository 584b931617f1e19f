package org.peerwave.engine.session;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.netty.channel.EventLoop;
import org.peerwave.engine.metainfo.InfoHashes;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.util.EventLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A torrent added from a magnet link, while its info dictionary is fetched (BEP 9 through
 * {@link MetadataFetch}); once it arrives the engine replaces this by a {@link TorrentSession}
 * on the same event loop ({@link Engine#handOver}), and every later call is forwarded to it.
 *
 * <p>Peers come from {@link TorrentHandle#connectPeer} and the magnet's {@code x.pe} addresses, through
 * {@link #peersDiscovered}; they are asked for the metadata now and handed to the session afterwards.
 * The magnet's {@code tr=} trackers are announced to by {@link MetadataFetch} while fetching (their
 * peers are dialled there), and by the session afterwards (they become the torrent's announce-list).
 *
 * <p>Every field is owned by {@link #loop}. Inbound connections for a torrent in this phase are
 * refused (the torrent has no wire key in the engine yet): metadata is fetched over outgoing
 * connections only.
 */
final class MagnetTorrent {

    private static final Logger LOG = LoggerFactory.getLogger(MagnetTorrent.class);

    final Engine engine;
    final EventLoop loop;
    final MagnetLink magnet;
    /** The magnet's {@code ws=} web seeds and those added since, handed to the session with the metadata. */
    private final List<String> webSeeds = new ArrayList<>();
    final InfoHashes hashes;
    final Path saveDir;
    private AddOptions options;
    private TorrentLifecycle lifecycle;
    private final Set<InetSocketAddress> knownPeers = new LinkedHashSet<>();
    private final CompletableFuture<TorrentMetainfo> metadata = new CompletableFuture<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private MetadataFetch fetch;
    /** The metadata, once received (the session may not exist yet while resume data is read). */
    private TorrentMetainfo received;
    private volatile TorrentSession session;
    private boolean removed;

    MagnetTorrent(Engine engine, EventLoop loop, MagnetLink magnet, Path saveDir, AddOptions options,
                  List<InetSocketAddress> peers) {
        this.engine = engine;
        this.loop = loop;
        this.magnet = magnet;
        this.hashes = magnet.infoHashes();
        this.webSeeds.addAll(magnet.webSeeds());
        this.saveDir = saveDir;
        this.options = options;
        this.lifecycle = TorrentLifecycle.forNewTorrent(false, options.startPaused());
        this.knownPeers.addAll(peers);
    }

    String name() {
        return magnet.displayName() != null ? magnet.displayName() : hashes.toString();
    }

    /** The session after the hand-over, else null. */
    TorrentSession session() {
        return session;
    }

    CompletableFuture<TorrentMetainfo> metadata() {
        return metadata;
    }

    CompletableFuture<Void> completion() {
        return completion;
    }

    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> action) {
        return EventLoops.submit(loop, action, () -> new IllegalStateException("engine is closed"));
    }

    private void execute(Runnable r) {
        try {
            if (loop.inEventLoop()) {
                r.run();
            } else {
                loop.execute(r);
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("loop stopped; dropping a task of magnet {}", hashes);
        }
    }

    private static Throwable unwrap(Throwable e) {
        return EventLoops.unwrap(e);
    }

    // ---------------------------------------------------------------- lifecycle

    CompletableFuture<Void> start() {
        enter(lifecycle.state());
        return CompletableFuture.completedFuture(null);
    }

    TorrentState state() {
        return lifecycle.state();
    }

    private void apply(TorrentLifecycle.Input input) {
        TorrentState from = lifecycle.state();
        if (lifecycle.apply(input)) {
            changed(from);
        }
    }

    private void changed(TorrentState from) {
        TorrentState to = lifecycle.state();
        LOG.info("{}: {} -> {}", name(), from.displayName(), to.displayName());
        engine.publish(new EngineEvent.StateChanged(hashes, from, to));
        enter(to);
    }

    private void enter(TorrentState s) {
        if (s instanceof TorrentState.DownloadingMetadata) {
            if (fetch == null && received == null) {
                startFetch();
            }
        } else if (fetch != null) {
            fetch.cancel();
            fetch = null;
        }
    }

    private void startFetch() {
        MetadataFetch f = new MetadataFetch(engine, hashes, magnet.trackers());
        fetch = f;
        f.startOpen(List.copyOf(knownPeers)).whenComplete((meta, e) -> execute(() -> fetched(f, meta, e)));
    }

    private void fetched(MetadataFetch f, TorrentMetainfo meta, Throwable error) {
        if (f != fetch || removed) {
            return; // cancelled by a pause or a removal
        }
        fetch = null;
        if (error != null) {
            Throwable e = unwrap(error);
            if (e instanceof CancellationException) {
                return;
            }
            fail("fetching the metadata failed: " + e.getMessage(), e);
            return;
        }
        if (!meta.infoHashes().equals(hashes)) {
            fail("the metadata is of a v2 or hybrid torrent (" + meta.infoHashes() + "): not yet supported from a"
                    + " v1 magnet link; use the .torrent file instead", null);
            return;
        }
        received = meta;
        LOG.info("{}: metadata received: {} ({} files)", name(), meta.name(), meta.files().size());
        engine.publish(new EngineEvent.MetadataReceived(hashes, meta.name()));
        engine.prepareHandOver(this, meta, options).whenComplete((opts, e) -> execute(() -> {
            if (removed) {
                return;
            }
            if (e != null) {
                fail("cannot start the torrent: " + unwrap(e).getMessage(), unwrap(e));
                return;
            }
            handOver(meta, opts);
        }));
    }

    private void handOver(TorrentMetainfo meta, AddOptions opts) {
        boolean paused = lifecycle.state() instanceof TorrentState.Paused || options.pauseAfterMetadata();
        AddOptions effective = opts.withSequential(options.sequential()).withRateLimits(options.rateLimits())
                .withStartPaused(paused);
        TorrentState from = lifecycle.state();
        TorrentSession s;
        try {
            s = engine.handOver(this, meta, effective);
        } catch (RuntimeException e) {
            if (engine.magnet(hashes) == this) {
                fail("cannot start the torrent: " + e.getMessage(), e);
            } // else removed meanwhile: its shutdown is queued behind this task
            return;
        }
        session = s;
        engine.publish(new EngineEvent.StateChanged(hashes, from, s.state()));
        for (InetSocketAddress a : knownPeers) {
            s.connectPeer(a);
        }
        for (String url : webSeeds) {
            s.execute(() -> s.addWebSeed(url, false));
        }
        metadata.complete(meta);
        s.completion().whenComplete((v, e) -> {
            if (e != null) {
                completion.completeExceptionally(unwrap(e));
            } else {
                completion.complete(null);
            }
        });
    }

    private void fail(String reason, Throwable cause) {
        LOG.warn("{}: {}", name(), reason);
        engine.publish(new EngineEvent.TorrentError(hashes, reason));
        apply(new TorrentLifecycle.Input.Failed(reason));
        Throwable error = cause instanceof UnsupportedOperationException ? cause : new IllegalStateException(reason, cause);
        metadata.completeExceptionally(error);
        completion.completeExceptionally(error);
    }

    // ---------------------------------------------------------------- handle calls (metadata not yet here)

    /**
     * The one entry point for peers of this torrent, whoever found them ({@link TorrentHandle#connectPeer},
     * the magnet's {@code x.pe}, trackers): asked for the metadata now, handed to the session later.
     */
    void peersDiscovered(Collection<InetSocketAddress> addresses) {
        for (InetSocketAddress a : addresses) {
            if (session != null) {
                session.connectPeer(a);
            } else if (knownPeers.add(a) && fetch != null) {
                fetch.addPeer(a);
            }
        }
    }

    /** A web seed for the download once the metadata is here (BEP 19 needs the file names). */
    CompletableFuture<Void> addWebSeed(String url) {
        if (session != null) {
            TorrentSession s = session;
            s.execute(() -> s.addWebSeed(url, false));
        } else if (!webSeeds.contains(url)) {
            webSeeds.add(url);
        }
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> connectPeer(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unresolved address " + address));
        }
        peersDiscovered(List.of(address));
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<TorrentStats> stats() {
        TorrentStats s = new TorrentStats(hashes, name(), lifecycle.state(), 0, 0, 0, 0, 0, 0,
                fetch == null ? 0 : fetch.connections(), 0, 0, 0, 0);
        return CompletableFuture.completedFuture(s);
    }

    /** The magnet's trackers while the metadata is fetched (none while paused). */
    CompletableFuture<List<TrackerStatus>> trackers() {
        return CompletableFuture.completedFuture(fetch == null ? List.of() : fetch.trackerStatuses());
    }

    CompletableFuture<Void> pause() {
        apply(new TorrentLifecycle.Input.PauseRequested());
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> resume() {
        if (lifecycle.state() instanceof TorrentState.Errored e) {
            // the metadata was unusable (or the torrent could not start): resuming would only fail again
            return CompletableFuture.failedFuture(new IllegalStateException("the magnet failed: " + e.reason()));
        }
        apply(new TorrentLifecycle.Input.ResumeRequested());
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> setSequential(boolean on) {
        options = options.withSequential(on);
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> setRateLimits(RateLimitSettings limits) {
        options = options.withRateLimits(limits);
        return CompletableFuture.completedFuture(null);
    }

    <T> CompletableFuture<T> noMetadataYet() {
        return CompletableFuture.failedFuture(new IllegalStateException("the torrent's metadata has not arrived yet"
                + " (its files are unknown): wait for handle.metadata(), or add it with"
                + " AddOptions.withPauseAfterMetadata(true) to pick files before the download starts"));
    }

    /** Removal (or engine close) before the hand-over: stops fetching; the futures fail. */
    CompletableFuture<Void> shutdown(boolean remove) {
        if (removed) {
            return CompletableFuture.completedFuture(null);
        }
        removed = true;
        if (fetch != null) {
            fetch.cancel();
            fetch = null;
        }
        if (remove && !(lifecycle.state() instanceof TorrentState.Removed)) {
            apply(new TorrentLifecycle.Input.RemoveRequested());
        }
        TorrentHandle.TorrentRemovedException gone = new TorrentHandle.TorrentRemovedException(hashes);
        metadata.completeExceptionally(remove ? gone : new IllegalStateException("engine is closed"));
        completion.completeExceptionally(remove ? gone : new IllegalStateException("engine is closed"));
        return CompletableFuture.completedFuture(null);
    }

    List<InetSocketAddress> knownPeers() {
        return new ArrayList<>(knownPeers);
    }

    /** A magnet's {@code x.pe} value ({@code host:port} or {@code [ipv6]:port}, checked by the parser), or null. */
    static InetSocketAddress parsePeer(String peer) {
        int colon = peer.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = peer.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(host, Integer.parseInt(peer.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
