package org.peerwave.engine.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The peers other nodes announced to us ({@code announce_peer}), per info hash, each kept for
 * {@code ttl}. Bounded: at most {@code maxInfoHashes} hashes (the least recently announced one goes)
 * and {@code maxPeersPerHash} peers each (the oldest goes). Pure; owned by one thread.
 */
public final class PeerStore {

    private final int maxInfoHashes;
    private final int maxPeersPerHash;
    private final long ttlNanos;
    /** Access order: the least recently announced hash first. */
    private final LinkedHashMap<NodeId, LinkedHashMap<InetSocketAddress, Long>> peers =
            new LinkedHashMap<>(16, 0.75f, true);

    public PeerStore(int maxInfoHashes, int maxPeersPerHash, long ttlNanos) {
        this.maxInfoHashes = maxInfoHashes;
        this.maxPeersPerHash = maxPeersPerHash;
        this.ttlNanos = ttlNanos;
    }

    public void add(NodeId infoHash, InetSocketAddress peer, long now) {
        LinkedHashMap<InetSocketAddress, Long> set = peers.computeIfAbsent(infoHash, h -> new LinkedHashMap<>());
        set.remove(peer);
        set.put(peer, now);
        while (set.size() > maxPeersPerHash) {
            set.pollFirstEntry();
        }
        while (peers.size() > maxInfoHashes) {
            peers.pollFirstEntry();
        }
    }

    /** Up to {@code max} live peers of {@code infoHash} of one family, in random order. */
    public List<InetSocketAddress> get(NodeId infoHash, boolean v6, int max, long now, Random random) {
        LinkedHashMap<InetSocketAddress, Long> set = peers.get(infoHash);
        if (set == null) {
            return List.of();
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (Iterator<Map.Entry<InetSocketAddress, Long>> it = set.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<InetSocketAddress, Long> e = it.next();
            if (now - e.getValue() > ttlNanos) {
                it.remove();
            } else if (CompactNodes.isV6(e.getKey().getAddress()) == v6) {
                out.add(e.getKey());
            }
        }
        if (set.isEmpty()) {
            peers.remove(infoHash);
        }
        Collections.shuffle(out, random);
        return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
    }

    /** Drops expired peers. */
    public void expire(long now) {
        for (Iterator<LinkedHashMap<InetSocketAddress, Long>> it = peers.values().iterator(); it.hasNext(); ) {
            LinkedHashMap<InetSocketAddress, Long> set = it.next();
            set.values().removeIf(t -> now - t > ttlNanos);
            if (set.isEmpty()) {
                it.remove();
            }
        }
    }

    public int infoHashCount() {
        return peers.size();
    }

    public int peerCount() {
        return peers.values().stream().mapToInt(Map::size).sum();
    }
}
