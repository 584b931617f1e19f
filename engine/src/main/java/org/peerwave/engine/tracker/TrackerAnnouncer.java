package org.peerwave.engine.tracker;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces one torrent to its trackers over time (BEP 3, BEP 12).
 *
 * <p>It owns no thread: its owner calls {@link #poll()} regularly (the session's once-a-second
 * tick), and {@code poll} starts an announce when one is due. Time comes from an
 * {@link InstantSource}, so tests drive it by hand.
 *
 * <ul>
 *   <li>{@link #start()} makes the first announce due at once; each tracker gets {@code started}
 *       on its first successful announce.</li>
 *   <li>{@link #completed()} sends {@code completed} once, on the next poll (never when the
 *       torrent was already complete when it started: then {@code started} carried {@code left=0}).</li>
 *   <li>{@link #stop()} sends {@code stopped} to every tracker that was started; nothing after.</li>
 *   <li>Regular announces follow the working tracker's {@code interval};
 *       {@link #requestAnnounce()} honours {@code min interval}. When every tracker fails, the next
 *       try waits {@link TrackerSettings#failureRetryBase()}·2^(failures-1), at most
 *       {@link TrackerSettings#failureRetryMax()}.</li>
 *   <li>At most one announce is in flight.</li>
 * </ul>
 */
public final class TrackerAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerAnnouncer.class);

    /** The counters sent with each announce. */
    public record Transfer(long uploaded, long downloaded, long left) {
    }

    /** Told about each announce result; called on whatever thread completed the announce. */
    public interface Listener {
        void onAnnounce(String url, AnnounceEvent event, AnnounceResponse response);

        default void onFailure(String url, AnnounceEvent event, TrackerException error) {
        }
    }

    private final TrackerTiers tiers;
    private final TrackerClient client;
    private final AnnounceRequest template;
    private final Supplier<Transfer> transfer;
    private final InstantSource clock;
    private final TrackerSettings settings;
    private final Listener listener;

    private boolean active;
    private boolean stopped;
    private boolean inFlight;
    private boolean completePending;
    private boolean completedSent;
    private Instant nextAnnounce;
    private int consecutiveFailures;
    private String working;

    /**
     * @param template info hash, peer id, port, key, numwant and compact of every announce; its
     *                 event and counters are replaced
     */
    public TrackerAnnouncer(TrackerTiers tiers, TrackerClient client, AnnounceRequest template,
            Supplier<Transfer> transfer, InstantSource clock, TrackerSettings settings, Listener listener) {
        this.tiers = Objects.requireNonNull(tiers);
        this.client = Objects.requireNonNull(client);
        this.template = Objects.requireNonNull(template);
        this.transfer = Objects.requireNonNull(transfer);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
        this.listener = Objects.requireNonNull(listener);
    }

    /** Makes the first announce ({@code started}) due now. */
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("announcer was stopped");
        }
        if (!active) {
            active = true;
            nextAnnounce = clock.instant();
        }
    }

    /** The download finished: {@code completed} goes out on the next poll, once. */
    public synchronized void completed() {
        if (!completedSent && !completePending) {
            completePending = true;
            if (active) {
                nextAnnounce = clock.instant();
            }
        }
    }

    /** Asks for an announce on the next poll; false when {@code min interval} does not allow one yet. */
    public synchronized boolean requestAnnounce() {
        if (!active || inFlight) {
            return false;
        }
        Instant now = clock.instant();
        if (working != null) {
            Optional<Instant> earliest = tiers.earliestAnnounce(working);
            if (earliest.isPresent() && now.isBefore(earliest.get())) {
                return false;
            }
        }
        nextAnnounce = now;
        return true;
    }

    /**
     * Starts an announce if one is due. The future completes when that announce has tried its
     * trackers (never exceptionally); it is already complete when nothing was due.
     */
    public CompletableFuture<Void> poll() {
        synchronized (this) {
            if (!active || inFlight || tiers.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (clock.instant().isBefore(nextAnnounce)) {
                return CompletableFuture.completedFuture(null);
            }
            inFlight = true;
        }
        return attempt(tiers.order(), 0).whenComplete((v, e) -> {
            synchronized (this) {
                inFlight = false;
            }
            if (e != null) {
                LOG.warn("announce failed unexpectedly", e);
            }
        });
    }

    /** Sends {@code stopped} to every started tracker; no announce follows. */
    public CompletableFuture<Void> stop() {
        List<String> started;
        synchronized (this) {
            active = false;
            stopped = true;
            started = tiers.order().stream().filter(tiers::isStarted).toList();
        }
        return CompletableFuture.allOf(started.stream().map(this::sendStopped).toArray(CompletableFuture[]::new));
    }

    /** When the next regular announce is due (empty before {@link #start()} or after {@link #stop()}). */
    public synchronized Optional<Instant> nextAnnounce() {
        return active ? Optional.ofNullable(nextAnnounce) : Optional.empty();
    }

    /** The URL of the tracker that answered last. */
    public synchronized Optional<String> workingTracker() {
        return Optional.ofNullable(working);
    }

    public synchronized List<TrackerTiers.TrackerStatus> statuses() {
        return tiers.statuses();
    }

    private CompletableFuture<Void> attempt(List<String> urls, int index) {
        if (index >= urls.size()) {
            allFailed();
            return CompletableFuture.completedFuture(null);
        }
        String url = urls.get(index);
        AnnounceRequest request;
        synchronized (this) {
            if (!active) {
                return CompletableFuture.completedFuture(null);
            }
            request = requestFor(url, eventFor(url));
        }
        return send(url, request).handle((response, error) -> {
            if (error == null) {
                succeeded(url, request, response);
                return CompletableFuture.<Void>completedFuture(null);
            }
            TrackerException te = asTrackerException(error);
            synchronized (this) {
                tiers.recordFailure(url, te.getMessage(), clock.instant());
            }
            LOG.info("announce to {} failed: {}", url, te.getMessage());
            listener.onFailure(url, request.event(), te);
            return attempt(urls, index + 1);
        }).thenCompose(f -> f);
    }

    private void succeeded(String url, AnnounceRequest request, AnnounceResponse response) {
        boolean stopNow;
        synchronized (this) {
            Instant now = clock.instant();
            tiers.recordSuccess(url, request.event(), response, now);
            working = url;
            consecutiveFailures = 0;
            if (request.event() == AnnounceEvent.COMPLETED
                    || (request.event() == AnnounceEvent.STARTED && request.left() == 0)) {
                completedSent = true;
                completePending = false;
            }
            nextAnnounce = tiers.status(url).flatMap(TrackerTiers.TrackerStatus::nextAnnounce).orElse(now);
            // stop() ran while this announce was in flight and did not know this tracker was started
            stopNow = !active && request.event() == AnnounceEvent.STARTED;
        }
        response.warningMessage().ifPresent(w -> LOG.info("tracker {} warns: {}", url, w));
        listener.onAnnounce(url, request.event(), response);
        if (stopNow) {
            sendStopped(url);
        }
    }

    private void allFailed() {
        synchronized (this) {
            consecutiveFailures++;
            Duration wait = settings.failureRetryBase().multipliedBy(1L << Math.min(consecutiveFailures - 1, 20));
            if (wait.compareTo(settings.failureRetryMax()) > 0) {
                wait = settings.failureRetryMax();
            }
            nextAnnounce = clock.instant().plus(wait);
            for (String url : tiers.order()) {
                tiers.scheduleNext(url, nextAnnounce);
            }
            LOG.info("every tracker failed ({} in a row); next try in {} s", consecutiveFailures, wait.toSeconds());
        }
    }

    private CompletableFuture<Void> sendStopped(String url) {
        AnnounceRequest request;
        synchronized (this) {
            request = requestFor(url, AnnounceEvent.STOPPED);
            tiers.recordStopped(url);
        }
        return send(url, request).handle((response, error) -> {
            if (error != null) {
                LOG.info("stopped announce to {} failed: {}", url, asTrackerException(error).getMessage());
            } else {
                listener.onAnnounce(url, AnnounceEvent.STOPPED, response);
            }
            return null;
        });
    }

    private AnnounceEvent eventFor(String url) {
        if (!tiers.isStarted(url)) {
            return AnnounceEvent.STARTED;
        }
        return completePending && !completedSent ? AnnounceEvent.COMPLETED : AnnounceEvent.NONE;
    }

    private AnnounceRequest requestFor(String url, AnnounceEvent event) {
        Transfer t = transfer.get();
        return template.withEvent(event).withTransfer(t.uploaded(), t.downloaded(), t.left())
                .withTrackerId(tiers.trackerId(url));
    }

    private CompletableFuture<AnnounceResponse> send(String url, AnnounceRequest request) {
        try {
            return client.announce(URI.create(url), request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.UNSUPPORTED,
                    "bad tracker URL " + url + ": " + e.getMessage(), e));
        }
    }

    private static TrackerException asTrackerException(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof TrackerException te ? te
                : new TrackerException(TrackerException.Kind.NETWORK, String.valueOf(t.getMessage()), t);
    }
}
