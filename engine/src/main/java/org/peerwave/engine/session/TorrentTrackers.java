package org.peerwave.engine.session;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.peerwave.engine.metainfo.InfoHashes;
import org.peerwave.engine.tracker.AnnounceEvent;
import org.peerwave.engine.tracker.AnnounceRequest;
import org.peerwave.engine.tracker.AnnounceResponse;
import org.peerwave.engine.tracker.ScrapeResponse;
import org.peerwave.engine.tracker.TrackerAnnouncer;
import org.peerwave.engine.tracker.TrackerClient;
import org.peerwave.engine.tracker.TrackerException;
import org.peerwave.engine.tracker.TrackerTiers;

/**
 * The trackers of one torrent (or of one magnet link while its metadata is fetched): a
 * {@link TrackerAnnouncer} over the engine's shared tracker clients, restarted after each
 * {@code stopped}, and the status rows {@link TorrentHandle#trackers()} shows.
 *
 * <p>Its owner calls {@link #update}, {@link #start()}, {@link #completed()}, {@link #poll()} and
 * {@link #stop()} from one thread (the torrent's event loop); answers arrive on the tracker clients'
 * threads and go to the peer sink, which must hop to the owner's thread itself. With trackers off
 * (or none in the torrent) every method does nothing.
 *
 * <p>Session rules ({@link #stateEntered}): {@code started} when the torrent becomes active
 * (downloading or seeding), {@code completed} when it goes from downloading to seeding, and
 * {@code stopped} when it is paused, fails, is removed or the engine closes.
 */
final class TorrentTrackers {

    private final Engine engine;
    private final InfoHashes hashes;
    private final TrackerClient client;
    private final List<List<String>> tiers;
    private final Consumer<List<InetSocketAddress>> peerSink;
    private final int key = new SecureRandom().nextInt();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> peersReceived = new ConcurrentHashMap<>();

    private volatile TrackerAnnouncer.Transfer transfer = new TrackerAnnouncer.Transfer(0, 0, 0);
    private volatile TrackerAnnouncer announcer;
    private volatile boolean running;
    private boolean downloading;

    /**
     * @param tiers    BEP 12 tiers (a plain {@code announce} is one tier of one URL)
     * @param peerSink receives the peers of each answer, on a tracker client's thread
     */
    TorrentTrackers(Engine engine, InfoHashes hashes, List<List<String>> tiers,
                    Consumer<List<InetSocketAddress>> peerSink) {
        this.engine = engine;
        this.hashes = hashes;
        TrackerClient shared = engine.trackerClient();
        this.client = shared == null || tiers.isEmpty() ? null : new Tracking(shared);
        this.tiers = List.copyOf(tiers);
        this.peerSink = peerSink;
    }

    /** The counters the next announces send. */
    void update(long uploaded, long downloaded, long left) {
        transfer = new TrackerAnnouncer.Transfer(Math.max(0, uploaded), Math.max(0, downloaded), Math.max(0, left));
    }

    /** Starts announcing ({@code started} goes out now); after a {@link #stop()} a new announcer starts over. */
    void start() {
        if (client == null || running) {
            return;
        }
        TrackerTiers t = new TrackerTiers(tiers, new SecureRandom(), engine.settings().trackers().minAnnounceInterval());
        AnnounceRequest template = AnnounceRequest.forTorrent(hashes, engine.peerId(), engine.listenPort(), 0, 0, 0,
                AnnounceEvent.STARTED, engine.settings().trackers().numWant(), key);
        TrackerAnnouncer a = new TrackerAnnouncer(t, client, template, () -> transfer, InstantSource.system(),
                engine.settings().trackers(), new Listener());
        a.start();
        announcer = a;
        running = true;
        poll();
    }

    /** The download finished: {@code completed} goes out at once. */
    void completed() {
        TrackerAnnouncer a = announcer;
        if (running && a != null) {
            a.completed();
            poll();
        }
    }

    /** Starts an announce when one is due (call about once a second). */
    void poll() {
        TrackerAnnouncer a = announcer;
        if (running && a != null) {
            a.poll();
        }
    }

    /**
     * Sends {@code stopped} to every tracker that was started. The future completes when they
     * answered, or after {@link EngineSettings#trackerStopTimeout()} (never exceptionally).
     */
    CompletableFuture<Void> stop() {
        TrackerAnnouncer a = announcer;
        if (!running || a == null) {
            return CompletableFuture.completedFuture(null);
        }
        running = false;
        long timeout = engine.settings().trackerStopTimeout().toMillis();
        return a.stop().exceptionally(e -> null).completeOnTimeout(null, timeout, TimeUnit.MILLISECONDS);
    }

    /** Stops announcing without a {@code stopped} (a session for the same torrent takes over at once). */
    void abandon() {
        running = false;
    }

    /** Applies the session rules for a newly entered state (with {@link #update} already current). */
    void stateEntered(TorrentState s) {
        switch (s) {
            case TorrentState.Downloading d -> {
                downloading = true;
                start();
            }
            case TorrentState.Seeding d -> {
                start();
                if (downloading) {
                    completed();
                }
                downloading = false;
            }
            case TorrentState.Checking c -> {
                // keep announcing through a recheck; the state after it decides
            }
            default -> {
                downloading = false;
                stop();
            }
        }
    }

    boolean isRunning() {
        return running;
    }

    /** One row per tracker, in tier order (the last announcer's, also while stopped). */
    List<TrackerStatus> statuses() {
        TrackerAnnouncer a = announcer;
        List<TrackerStatus> out = new ArrayList<>();
        if (client == null) {
            return out;
        }
        if (a == null) {
            for (int t = 0; t < tiers.size(); t++) {
                for (String url : tiers.get(t)) {
                    if (url != null && !url.isBlank() && out.stream().noneMatch(r -> r.url().equals(url.strip()))) {
                        out.add(new TrackerStatus(url.strip(), t, TrackerStatus.State.NOT_CONTACTED, Optional.empty(),
                                Optional.empty(), -1, -1, 0, Optional.empty()));
                    }
                }
            }
            return out;
        }
        for (TrackerTiers.TrackerStatus s : a.statuses()) {
            TrackerStatus.State state;
            Optional<String> message;
            if (inFlight.contains(s.url())) {
                state = TrackerStatus.State.UPDATING;
                message = s.lastError().or(s::warning);
            } else if (s.lastError().isPresent()) {
                state = TrackerStatus.State.ERROR;
                message = s.lastError();
            } else if (s.lastAnnounce().isPresent()) {
                state = TrackerStatus.State.WORKING;
                message = s.warning();
            } else {
                state = TrackerStatus.State.NOT_CONTACTED;
                message = Optional.empty();
            }
            out.add(new TrackerStatus(s.url(), s.tier(), state, s.lastAnnounce(),
                    running ? s.nextAnnounce() : Optional.empty(), s.seeds(), s.peers(),
                    peersReceived.getOrDefault(s.url(), 0), message));
        }
        return out;
    }

    private final class Listener implements TrackerAnnouncer.Listener {
        @Override
        public void onAnnounce(String url, AnnounceEvent event, AnnounceResponse response) {
            if (event == AnnounceEvent.STOPPED) {
                return;
            }
            peersReceived.put(url, response.peers().size());
            List<InetSocketAddress> peers = new ArrayList<>(response.peers().size());
            for (InetSocketAddress a : response.peers()) {
                if (!a.isUnresolved() && a.getPort() > 0 && !engine.isOwnAddress(a)) {
                    peers.add(a);
                }
            }
            if (!peers.isEmpty()) {
                peerSink.accept(peers);
            }
        }

        @Override
        public void onFailure(String url, AnnounceEvent event, TrackerException error) {
            engine.publish(new EngineEvent.TrackerError(hashes, url, error.getMessage()));
        }
    }

    /** The shared client, noting which URLs have an announce in flight (state {@code UPDATING}). */
    private final class Tracking implements TrackerClient {
        private final TrackerClient delegate;

        Tracking(TrackerClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
            String url = tracker.toString();
            inFlight.add(url);
            CompletableFuture<AnnounceResponse> f;
            try {
                f = delegate.announce(tracker, request);
            } catch (RuntimeException e) {
                inFlight.remove(url);
                throw e;
            }
            return f.whenComplete((r, e) -> inFlight.remove(url));
        }

        @Override
        public CompletableFuture<ScrapeResponse> scrape(URI announceUrl, List<byte[]> infoHashes) {
            return delegate.scrape(announceUrl, infoHashes);
        }

        @Override
        public void close() {
            // shared by every torrent: the engine closes it
        }
    }
}
