package org.peerwave.engine.tracker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * BEP 12 tiers of one torrent, and what is known about each tracker. Pure logic: no I/O, no
 * clock, not thread-safe (its owner, {@link TrackerAnnouncer}, serialises access).
 *
 * <p>Each tier is shuffled once, here. An announce tries the URLs in {@link #order()} (first tier
 * first, each tier in its current order) until one succeeds; the one that succeeded moves to the
 * front of its tier. Duplicate and blank URLs are dropped.
 */
public final class TrackerTiers {

    /** What the UI shows for one tracker. */
    public record TrackerStatus(String url, int tier, Optional<Instant> lastAnnounce, Optional<Instant> nextAnnounce,
            Optional<Instant> earliestAnnounce, Optional<String> lastError, Optional<String> warning, int seeds,
            int peers, int consecutiveFailures, boolean started) {
    }

    private static final class Entry {
        final String url;
        Instant lastAnnounce;
        Instant nextAnnounce;
        Instant earliestAnnounce;
        String lastError;
        String warning;
        String trackerId;
        int seeds = -1;
        int peers = -1;
        int failures;
        boolean started;

        Entry(String url) {
            this.url = url;
        }
    }

    private final List<List<Entry>> tiers = new ArrayList<>();
    private final Duration minIntervalFloor;

    /**
     * @param announceList     tiers of tracker URLs, as in {@code announce-list} (BEP 12)
     * @param random           shuffles each tier once
     * @param minIntervalFloor the shortest interval accepted from a tracker
     */
    public TrackerTiers(List<List<String>> announceList, RandomGenerator random, Duration minIntervalFloor) {
        this.minIntervalFloor = minIntervalFloor;
        Set<String> seen = new HashSet<>();
        for (List<String> tier : announceList) {
            List<Entry> entries = new ArrayList<>();
            for (String url : tier) {
                if (url != null && !url.isBlank() && seen.add(url.strip())) {
                    entries.add(new Entry(url.strip()));
                }
            }
            if (!entries.isEmpty()) {
                shuffle(entries, random);
                tiers.add(entries);
            }
        }
    }

    private static void shuffle(List<Entry> list, RandomGenerator random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    public boolean isEmpty() {
        return tiers.isEmpty();
    }

    /** Every URL in the order an announce tries them. */
    public List<String> order() {
        return tiers.stream().flatMap(t -> t.stream().map(e -> e.url)).toList();
    }

    /** The tiers in their current order. */
    public List<List<String>> tiers() {
        return tiers.stream().map(t -> t.stream().map(e -> e.url).toList()).toList();
    }

    /** Records a successful announce and moves the URL to the front of its tier. */
    public void recordSuccess(String url, AnnounceEvent event, AnnounceResponse response, Instant now) {
        Entry e = entry(url);
        Duration interval = max(response.interval(), minIntervalFloor);
        Duration minInterval = response.minInterval().map(m -> min(m, interval)).orElse(Duration.ZERO);
        e.lastAnnounce = now;
        e.nextAnnounce = now.plus(interval);
        e.earliestAnnounce = now.plus(minInterval);
        e.lastError = null;
        e.warning = response.warningMessage().orElse(null);
        e.trackerId = response.trackerId().orElse(e.trackerId);
        e.seeds = response.complete();
        e.peers = response.incomplete();
        e.failures = 0;
        e.started = event != AnnounceEvent.STOPPED;
        for (List<Entry> tier : tiers) {
            if (tier.remove(e)) {
                tier.addFirst(e);
                return;
            }
        }
    }

    /** Records a failed announce; the URL keeps its place. */
    public void recordFailure(String url, String error, Instant now) {
        Entry e = entry(url);
        e.lastAnnounce = now;
        e.lastError = error;
        e.failures++;
    }

    /** Marks that a {@code stopped} event was sent (or given up on): the next announce is a {@code started} again. */
    public void recordStopped(String url) {
        entry(url).started = false;
    }

    /** Sets when the next regular announce of this URL is due (after failures, for instance). */
    public void scheduleNext(String url, Instant next) {
        entry(url).nextAnnounce = next;
    }

    /** True once a {@code started} announce to this URL succeeded (and no {@code stopped} since). */
    public boolean isStarted(String url) {
        return entry(url).started;
    }

    public Optional<String> trackerId(String url) {
        return Optional.ofNullable(entry(url).trackerId);
    }

    /** The earliest time the tracker allows another announce ({@code min interval}), if it said. */
    public Optional<Instant> earliestAnnounce(String url) {
        return Optional.ofNullable(entry(url).earliestAnnounce);
    }

    public List<TrackerStatus> statuses() {
        List<TrackerStatus> out = new ArrayList<>();
        for (int t = 0; t < tiers.size(); t++) {
            for (Entry e : tiers.get(t)) {
                out.add(new TrackerStatus(e.url, t, Optional.ofNullable(e.lastAnnounce),
                        Optional.ofNullable(e.nextAnnounce), Optional.ofNullable(e.earliestAnnounce),
                        Optional.ofNullable(e.lastError), Optional.ofNullable(e.warning), e.seeds, e.peers,
                        e.failures, e.started));
            }
        }
        return out;
    }

    public Optional<TrackerStatus> status(String url) {
        return statuses().stream().filter(s -> s.url().equals(url)).findFirst();
    }

    private Entry entry(String url) {
        for (List<Entry> tier : tiers) {
            for (Entry e : tier) {
                if (e.url.equals(url)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unknown tracker " + url);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
