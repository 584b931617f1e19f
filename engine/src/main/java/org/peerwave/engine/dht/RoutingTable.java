package org.peerwave.engine.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The Kademlia routing table of BEP 5, for one address family. Pure: no sockets, no threads, the
 * time comes in as {@code now} (nanoseconds); its owner (one event loop) calls every method.
 *
 * <p>Invariants: bucket {@code i} below the last holds nodes sharing exactly {@code i} leading bits
 * with our id; the last bucket holds every node sharing at least {@code buckets-1} bits (it is the one
 * containing our id, and the only one that splits). A bucket holds at most {@code k} nodes and a
 * replacement cache of at most {@code replacements} more; one entry per address and per id.
 *
 * <p>Node states: <em>good</em> when it answered a query of ours within {@code goodFor}, or answered
 * once and sent us a query within {@code goodFor}; <em>bad</em> after {@code maxFailures} queries in
 * a row went unanswered; otherwise <em>questionable</em>. A full bucket replaces a bad node at once;
 * when it has only questionable ones {@link #add} returns the oldest so that the owner pings it (and
 * reports the outcome through {@link #responded} or {@link #failed}).
 */
public final class RoutingTable {

    /** One entry. */
    public static final class Entry {
        final NodeId id;
        final InetSocketAddress address;
        long lastResponse = Long.MIN_VALUE;
        long lastQuery = Long.MIN_VALUE;
        long added;
        int failures;
        boolean everResponded;

        Entry(NodeId id, InetSocketAddress address, long now) {
            this.id = id;
            this.address = address;
            this.added = now;
        }

        public NodeInfo node() {
            return new NodeInfo(id, address);
        }

        long lastSeen() {
            return Math.max(lastResponse, lastQuery);
        }
    }

    /** A node's standing. */
    public enum Status { GOOD, QUESTIONABLE, BAD }

    private static final class Bucket {
        final List<Entry> nodes = new ArrayList<>();
        final List<Entry> replacements = new ArrayList<>();
        long lastChanged;

        Bucket(long now) {
            lastChanged = now;
        }
    }

    private final NodeId own;
    private final int k;
    private final int replacements;
    private final int maxFailures;
    private final long goodForNanos;
    private final List<Bucket> buckets = new ArrayList<>();
    private final Map<InetSocketAddress, Entry> byAddress = new HashMap<>();

    public RoutingTable(NodeId own, int k, int replacements, int maxFailures, long goodForNanos, long now) {
        if (k < 1 || replacements < 0 || maxFailures < 1 || goodForNanos <= 0) {
            throw new IllegalArgumentException("bad routing table parameters");
        }
        this.own = own;
        this.k = k;
        this.replacements = replacements;
        this.maxFailures = maxFailures;
        this.goodForNanos = goodForNanos;
        buckets.add(new Bucket(now));
    }

    /** BEP 5 defaults: k = 8, 8 replacements, bad after 3 failures, good for 15 minutes. */
    public static RoutingTable standard(NodeId own, long now) {
        return new RoutingTable(own, 8, 8, 3, 15L * 60 * 1_000_000_000L, now);
    }

    public NodeId ownId() {
        return own;
    }

    public int bucketCount() {
        return buckets.size();
    }

    /** Nodes in the buckets (not the replacement caches). */
    public int size() {
        return (int) byAddress.values().stream().filter(this::inBuckets).count();
    }

    private boolean inBuckets(Entry e) {
        return bucketOf(e.id).nodes.contains(e);
    }

    public int goodCount(long now) {
        int n = 0;
        for (Bucket b : buckets) {
            for (Entry e : b.nodes) {
                if (status(e, now) == Status.GOOD) {
                    n++;
                }
            }
        }
        return n;
    }

    public Status status(Entry e, long now) {
        if (e.failures >= maxFailures) {
            return Status.BAD;
        }
        if (e.lastResponse != Long.MIN_VALUE && now - e.lastResponse <= goodForNanos) {
            return Status.GOOD;
        }
        if (e.everResponded && e.lastQuery != Long.MIN_VALUE && now - e.lastQuery <= goodForNanos) {
            return Status.GOOD;
        }
        return Status.QUESTIONABLE;
    }

    /** The status of the node at {@code address}, or null when it is not in the table. */
    public Status status(InetSocketAddress address, long now) {
        Entry e = byAddress.get(address);
        return e == null || !inBuckets(e) ? null : status(e, now);
    }

    private int bucketIndex(NodeId id) {
        return Math.min(own.commonPrefixLength(id), buckets.size() - 1);
    }

    private Bucket bucketOf(NodeId id) {
        return buckets.get(bucketIndex(id));
    }

    /**
     * A node answered a query of ours ({@code responded} true) or sent us one: it is added or
     * refreshed. Returns a questionable node of the full bucket to ping (the caller then reports
     * {@link #responded}/{@link #failed}), or null.
     */
    public NodeInfo add(NodeInfo node, boolean responded, long now) {
        if (node.id().equals(own) || node.address().getPort() == 0) {
            return null;
        }
        Entry existing = byAddress.get(node.address());
        if (existing != null && !existing.id.equals(node.id())) {
            // the address now claims another id: only a verified answer replaces the old entry
            if (!responded) {
                return null;
            }
            remove(existing);
            existing = null;
        }
        if (existing != null) {
            touch(existing, responded, now);
            if (!inBuckets(existing)) {
                return insert(existing, now);
            }
            return null;
        }
        Entry sameId = findById(node.id());
        if (sameId != null) {
            return null; // an id at a second address: keep the first (BEP 42 spirit: one id, one address)
        }
        Entry e = new Entry(node.id(), node.address(), now);
        touch(e, responded, now);
        byAddress.put(e.address, e);
        return insert(e, now);
    }

    private void touch(Entry e, boolean responded, long now) {
        if (responded) {
            e.lastResponse = now;
            e.everResponded = true;
            e.failures = 0;
        } else {
            e.lastQuery = now;
        }
    }

    private Entry findById(NodeId id) {
        for (Entry e : bucketOf(id).nodes) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        for (Entry e : bucketOf(id).replacements) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        return null;
    }

    private NodeInfo insert(Entry e, long now) {
        while (true) {
            int index = bucketIndex(e.id);
            Bucket b = buckets.get(index);
            b.replacements.remove(e);
            if (b.nodes.size() < k) {
                b.nodes.add(e);
                b.lastChanged = now;
                return null;
            }
            if (index == buckets.size() - 1 && buckets.size() < NodeId.BITS) {
                split(now);
                continue;
            }
            for (Iterator<Entry> it = b.nodes.iterator(); it.hasNext(); ) {
                Entry old = it.next();
                if (status(old, now) == Status.BAD) {
                    it.remove();
                    byAddress.remove(old.address);
                    b.nodes.add(e);
                    b.lastChanged = now;
                    return null;
                }
            }
            addReplacement(b, e);
            if (!e.everResponded) {
                return null; // an unverified node never pushes out a known one
            }
            return b.nodes.stream().filter(o -> status(o, now) == Status.QUESTIONABLE)
                    .min(Comparator.comparingLong(Entry::lastSeen)).map(Entry::node).orElse(null);
        }
    }

    private void addReplacement(Bucket b, Entry e) {
        if (replacements == 0) {
            byAddress.remove(e.address);
            return;
        }
        b.replacements.remove(e);
        b.replacements.add(e);
        while (b.replacements.size() > replacements) {
            Entry dropped = b.replacements.removeFirst();
            byAddress.remove(dropped.address);
        }
    }

    private void split(long now) {
        Bucket last = buckets.getLast();
        Bucket next = new Bucket(now);
        int newIndex = buckets.size();
        buckets.add(next);
        last.lastChanged = now;
        move(last.nodes, next.nodes, newIndex);
        move(last.replacements, next.replacements, newIndex);
        // refill the old bucket from its replacement cache
        while (last.nodes.size() < k && !last.replacements.isEmpty()) {
            last.nodes.add(last.replacements.removeLast());
        }
    }

    private void move(List<Entry> from, List<Entry> to, int newIndex) {
        for (Iterator<Entry> it = from.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (own.commonPrefixLength(e.id) >= newIndex) {
                it.remove();
                to.add(e);
            }
        }
        while (to.size() > k) {
            Entry extra = to.removeLast();
            byAddress.remove(extra.address);
        }
    }

    private void remove(Entry e) {
        Bucket b = bucketOf(e.id);
        b.nodes.remove(e);
        b.replacements.remove(e);
        byAddress.remove(e.address);
    }

    /** A query to {@code address} was answered (by the id it claims). */
    public void responded(NodeInfo node, long now) {
        add(node, true, now);
    }

    /**
     * A query to {@code address} timed out. A node that turns bad is replaced by the most recently
     * seen replacement of its bucket.
     */
    public void failed(InetSocketAddress address, long now) {
        Entry e = byAddress.get(address);
        if (e == null) {
            return;
        }
        e.failures++;
        Bucket b = bucketOf(e.id);
        if (!b.nodes.contains(e)) {
            if (e.failures >= maxFailures) {
                remove(e);
            }
            return;
        }
        if (status(e, now) == Status.BAD && !b.replacements.isEmpty()) {
            Entry best = b.replacements.stream().filter(r -> r.everResponded).reduce((x, y) -> y)
                    .orElse(b.replacements.getLast());
            b.replacements.remove(best);
            b.nodes.remove(e);
            byAddress.remove(e.address);
            b.nodes.add(best);
            b.lastChanged = now;
        }
    }

    /** Removes the node at {@code address} (bucket or replacement cache). */
    public void remove(InetSocketAddress address) {
        Entry e = byAddress.get(address);
        if (e != null) {
            remove(e);
        }
    }

    public boolean contains(InetSocketAddress address) {
        Entry e = byAddress.get(address);
        return e != null && inBuckets(e);
    }

    /** Up to {@code n} nodes closest to {@code target}, good ones before questionable ones; no bad ones. */
    public List<NodeInfo> closest(NodeId target, int n, long now) {
        List<Entry> all = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Entry e : b.nodes) {
                if (status(e, now) != Status.BAD) {
                    all.add(e);
                }
            }
        }
        all.sort((a, b) -> target.compareDistance(a.id, b.id));
        List<NodeInfo> out = new ArrayList<>(Math.min(n, all.size()));
        for (int i = 0; i < all.size() && out.size() < n; i++) {
            out.add(all.get(i).node());
        }
        return out;
    }

    /** Every node in the buckets. */
    public List<NodeInfo> nodes() {
        List<NodeInfo> out = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Entry e : b.nodes) {
                out.add(e.node());
            }
        }
        return out;
    }

    /** Questionable nodes not heard from for {@code quietFor} (to ping), oldest first, at most {@code max}. */
    public List<NodeInfo> toPing(long now, long quietForNanos, int max) {
        List<Entry> q = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Entry e : b.nodes) {
                if (status(e, now) == Status.QUESTIONABLE && (e.lastSeen() == Long.MIN_VALUE
                        ? now - e.added >= quietForNanos : now - e.lastSeen() >= quietForNanos)) {
                    q.add(e);
                }
            }
        }
        q.sort(Comparator.comparingLong(Entry::lastSeen));
        return q.stream().limit(max).map(Entry::node).toList();
    }

    /**
     * Targets to refresh: for each bucket that has not changed for {@code staleAfter}, a random id in
     * its range (the caller runs a find_node lookup on it). Each returned bucket counts as changed now.
     */
    public List<NodeId> refreshTargets(long now, long staleAfterNanos, Random random) {
        List<NodeId> out = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (now - b.lastChanged >= staleAfterNanos) {
                b.lastChanged = now;
                out.add(i == buckets.size() - 1 ? randomIn(i, random) : own.randomWithPrefix(i, random));
            }
        }
        return out;
    }

    private NodeId randomIn(int lastIndex, Random random) {
        // the last bucket covers every id sharing at least lastIndex bits: flip any bit at or after it
        int prefix = lastIndex + random.nextInt(NodeId.BITS - lastIndex);
        return own.randomWithPrefix(prefix, random);
    }

    /** Bucket and replacement counts, for stats. */
    public int replacementCount() {
        int n = 0;
        for (Bucket b : buckets) {
            n += b.replacements.size();
        }
        return n;
    }

    /** Marks the bucket of {@code target}'s range as refreshed (a lookup went through it). */
    public void touchedBucketOf(NodeId target, long now) {
        bucketOf(target).lastChanged = now;
    }
}
