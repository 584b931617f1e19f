package org.peerwave.engine.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses which peers we unchoke (BEP 3 choking). Pure and deterministic given the random generator
 * and the times passed in; not thread-safe (one torrent's event loop owns it).
 *
 * <ul>
 *   <li><b>Leeching (tit-for-tat)</b>: every {@link ChokerSettings#rechokeInterval()} the
 *       {@link ChokerSettings#regularSlots()} interested peers that give us the best download rate
 *       are unchoked; at equal rates a peer already unchoked keeps its slot (no fibrillation).</li>
 *   <li><b>Seeding (round robin)</b>: a regular peer keeps its slot for
 *       {@link ChokerSettings#seedingSlotTime()}, then yields it to the interested peers that have
 *       waited longest since they were last unchoked (never-unchoked peers first, then higher upload
 *       rate), so upload spreads over every interested peer over time.</li>
 *   <li><b>Optimistic unchoke</b>: {@link ChokerSettings#optimisticSlots()} further interested,
 *       not snubbed peers outside the regular set, drawn at random every
 *       {@link ChokerSettings#optimisticInterval()}; peers connected for less than
 *       {@link ChokerSettings#newPeerAge()} weigh {@link ChokerSettings#newPeerWeight()} times more.</li>
 * </ul>
 * Between evaluations the sets only shrink when a peer disconnects or loses interest.
 *
 * @param <P> the session's key for a peer connection
 */
public final class Choker<P> {

    private final RandomGenerator random;
    private ChokerSettings settings;

    private final Set<P> regular = new LinkedHashSet<>();
    private final Set<P> optimistic = new LinkedHashSet<>();
    private final Map<P, Long> unchokedSince = new HashMap<>();
    private final Map<P, Long> lastUnchoked = new HashMap<>();
    private long nextRechoke = Long.MIN_VALUE;
    private long nextOptimistic = Long.MIN_VALUE;
    private boolean started;
    private boolean lastSeeding;

    public Choker(ChokerSettings settings, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The settings in force. */
    public ChokerSettings settings() {
        return settings;
    }

    /** New settings; they apply from the next evaluation, which happens at once. */
    public void apply(ChokerSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
        this.started = false;
    }

    /**
     * The peers to unchoke now; every other connected peer is choked. Call this at least every
     * second or so (and when peers come, go or change interest); it only reshuffles at the
     * intervals of the settings.
     *
     * @param peers every connected peer of the torrent
     * @param seeding true when we have every wanted piece (upload-based rotation)
     */
    public Set<P> evaluate(List<PeerSnapshot<P>> peers, boolean seeding, long nowNanos) {
        Map<P, PeerSnapshot<P>> byPeer = new LinkedHashMap<>();
        for (PeerSnapshot<P> s : peers) {
            byPeer.put(s.peer(), s);
        }
        regular.removeIf(p -> !byPeer.containsKey(p) || !byPeer.get(p).interested());
        optimistic.removeIf(p -> !byPeer.containsKey(p) || !byPeer.get(p).interested());
        unchokedSince.keySet().removeIf(p -> !byPeer.containsKey(p));
        lastUnchoked.keySet().removeIf(p -> !byPeer.containsKey(p));

        if (!started || seeding != lastSeeding || nowNanos - nextRechoke >= 0) {
            rechoke(byPeer, seeding, nowNanos);
            nextRechoke = nowNanos + settings.rechokeInterval().toNanos();
        }
        optimistic.removeAll(regular);
        if (!started || nowNanos - nextOptimistic >= 0) {
            optimistic.clear();
            nextOptimistic = nowNanos + settings.optimisticInterval().toNanos();
        }
        fillOptimistic(byPeer, nowNanos);
        started = true;
        lastSeeding = seeding;

        Set<P> result = new LinkedHashSet<>(regular);
        result.addAll(optimistic);
        for (P p : byPeer.keySet()) {
            if (result.contains(p)) {
                unchokedSince.putIfAbsent(p, nowNanos);
                lastUnchoked.put(p, nowNanos);
            } else {
                unchokedSince.remove(p);
            }
        }
        return result;
    }

    /** The optimistic unchokes chosen at the last evaluation. */
    public Set<P> optimisticUnchokes() {
        return Set.copyOf(optimistic);
    }

    private void rechoke(Map<P, PeerSnapshot<P>> byPeer, boolean seeding, long now) {
        List<PeerSnapshot<P>> candidates = new ArrayList<>();
        for (PeerSnapshot<P> s : byPeer.values()) {
            if (s.interested()) {
                candidates.add(s);
            }
        }
        // a random order first, so that the stable sorts below break remaining ties at random
        shuffle(candidates);
        Comparator<PeerSnapshot<P>> order;
        if (seeding) {
            long slot = settings.seedingSlotTime().toNanos();
            order = Comparator
                    .comparing((PeerSnapshot<P> s) -> !(regular.contains(s.peer())
                            && now - unchokedSince.getOrDefault(s.peer(), now) < slot))
                    .thenComparingLong(s -> regular.contains(s.peer()) ? Long.MAX_VALUE
                            : lastUnchoked.getOrDefault(s.peer(), Long.MIN_VALUE))
                    .thenComparing(Comparator.comparingLong((PeerSnapshot<P> s) -> s.uploadRate()).reversed());
        } else {
            order = Comparator.comparingLong((PeerSnapshot<P> s) -> s.downloadRate()).reversed()
                    .thenComparing(s -> !regular.contains(s.peer()));
        }
        candidates.sort(order);
        regular.clear();
        for (int i = 0; i < candidates.size() && i < settings.regularSlots(); i++) {
            regular.add(candidates.get(i).peer());
        }
    }

    private void fillOptimistic(Map<P, PeerSnapshot<P>> byPeer, long now) {
        long newAge = settings.newPeerAge().toNanos();
        while (optimistic.size() < settings.optimisticSlots()) {
            List<PeerSnapshot<P>> pool = new ArrayList<>();
            long totalWeight = 0;
            for (PeerSnapshot<P> s : byPeer.values()) {
                if (s.interested() && !s.snubbed() && !regular.contains(s.peer()) && !optimistic.contains(s.peer())) {
                    pool.add(s);
                }
            }
            if (pool.isEmpty()) {
                return;
            }
            pool.sort(Comparator.comparingLong(PeerSnapshot::connectedAtNanos));
            long[] weights = new long[pool.size()];
            for (int i = 0; i < pool.size(); i++) {
                weights[i] = now - pool.get(i).connectedAtNanos() < newAge ? settings.newPeerWeight() : 1;
                totalWeight += weights[i];
            }
            long r = random.nextLong(totalWeight);
            int chosen = 0;
            while (r >= weights[chosen]) {
                r -= weights[chosen];
                chosen++;
            }
            optimistic.add(pool.get(chosen).peer());
        }
    }

    private void shuffle(List<PeerSnapshot<P>> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            PeerSnapshot<P> t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
