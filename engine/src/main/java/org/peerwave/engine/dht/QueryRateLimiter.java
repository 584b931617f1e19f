package org.peerwave.engine.dht;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inbound queries per source IP: a token bucket per address ({@code perSecond} refill, {@code burst}
 * capacity) in a table of at most {@code maxAddresses} (the least recently seen address is forgotten).
 * Pure; owned by one thread.
 */
public final class QueryRateLimiter {

    private static final long NANOS = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final LinkedHashMap<InetAddress, double[]> buckets;

    /** @param perSecond 0 means unlimited */
    public QueryRateLimiter(int perSecond, int burst, int maxAddresses) {
        if (perSecond < 0 || burst < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("bad rate limit parameters");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, double[]> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** True when a query from {@code source} may be answered now (and counts it). */
    public boolean tryAcquire(InetAddress source, long now) {
        if (perSecond == 0) {
            return true;
        }
        double[] b = buckets.get(source); // [tokens, last]
        if (b == null) {
            b = new double[] {burst, now};
            buckets.put(source, b);
        } else {
            double elapsed = (now - (long) b[1]) / (double) NANOS;
            b[0] = Math.min(burst, b[0] + Math.max(0, elapsed) * perSecond);
            b[1] = now;
        }
        if (b[0] >= 1) {
            b[0] -= 1;
            return true;
        }
        return false;
    }

    public int trackedAddresses() {
        return buckets.size();
    }
}
