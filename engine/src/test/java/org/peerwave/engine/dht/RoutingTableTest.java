package org.peerwave.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static final long MIN = 60_000_000_000L;
    private final Random random = new Random(5);
    private final NodeId own = NodeId.fromHex("0000000000000000000000000000000000000000");
    private int port = 1000;

    private NodeInfo node(NodeId id) {
        return new NodeInfo(id, new InetSocketAddress("127.0.0.1", port++));
    }

    private NodeInfo withPrefix(int prefix) {
        return node(own.randomWithPrefix(prefix, random));
    }

    @Test
    void farNodesFillOneBucketThenGoToTheReplacementCache() {
        RoutingTable t = RoutingTable.standard(own, 0);
        // all in the far half (first bit differs); the first bucket splits once, then holds 8
        for (int i = 0; i < 12; i++) {
            t.add(withPrefix(0), true, 0);
        }
        assertThat(t.size()).isEqualTo(8);
        assertThat(t.replacementCount()).isEqualTo(4);
    }

    @Test
    void onlyTheBucketHoldingOurIdSplits() {
        RoutingTable t = RoutingTable.standard(own, 0);
        for (int p = 0; p < 40; p++) {
            for (int i = 0; i < 8; i++) {
                t.add(withPrefix(p), true, 0);
            }
        }
        assertThat(t.bucketCount()).isGreaterThan(30);
        assertThat(t.size()).isEqualTo(40 * 8);
        // more far nodes do not split again
        int buckets = t.bucketCount();
        t.add(withPrefix(0), true, 0);
        assertThat(t.bucketCount()).isEqualTo(buckets);
        assertThat(t.size()).isEqualTo(40 * 8);
    }

    @Test
    void nodeStatesFollowAnswersQueriesAndFailures() {
        RoutingTable t = RoutingTable.standard(own, 0);
        NodeInfo n = withPrefix(3);
        t.add(n, true, 0);
        assertThat(t.status(n.address(), 0)).isEqualTo(RoutingTable.Status.GOOD);
        assertThat(t.status(n.address(), 16 * MIN)).isEqualTo(RoutingTable.Status.QUESTIONABLE);
        t.add(n, false, 16 * MIN); // it queried us, having answered before
        assertThat(t.status(n.address(), 17 * MIN)).isEqualTo(RoutingTable.Status.GOOD);
        for (int i = 0; i < 3; i++) {
            t.failed(n.address(), 17 * MIN);
        }
        assertThat(t.status(n.address(), 17 * MIN)).isEqualTo(RoutingTable.Status.BAD);
        assertThat(t.closest(own, 8, 17 * MIN)).doesNotContain(n);
    }

    @Test
    void aBadNodeIsReplacedFromTheCacheAndAFullBucketAsksForAPing() {
        RoutingTable t = RoutingTable.standard(own, 0);
        List<NodeInfo> far = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            NodeInfo n = withPrefix(0);
            far.add(n);
            t.add(n, true, 0);
        }
        t.add(withPrefix(7), true, 0); // forces the split so the far bucket cannot split any more
        NodeInfo extra = withPrefix(0);
        // all good: no ping wanted, goes to the cache
        assertThat(t.add(extra, true, 0)).isNull();
        assertThat(t.contains(extra.address())).isFalse();
        // once they are questionable, a new verified node asks for the oldest to be pinged
        NodeInfo another = withPrefix(0);
        assertThat(t.add(another, true, 20 * MIN)).isIn(far);
        // a node that goes bad is replaced by a cached one
        for (int i = 0; i < 3; i++) {
            t.failed(far.getFirst().address(), 20 * MIN);
        }
        assertThat(t.contains(far.getFirst().address())).isFalse();
        assertThat(t.contains(another.address()) || t.contains(extra.address())).isTrue();
    }

    @Test
    void unverifiedNodesNeverPushOutKnownOnesAndOwnIdIsRefused() {
        RoutingTable t = RoutingTable.standard(own, 0);
        assertThat(t.add(node(own), true, 0)).isNull();
        assertThat(t.size()).isZero();
        NodeInfo n = withPrefix(2);
        t.add(n, true, 0);
        // another id at the same address without a verified answer does not replace it
        t.add(new NodeInfo(NodeId.random(random), n.address()), false, 0);
        assertThat(t.nodes()).containsExactly(n);
    }

    @Test
    void closestIsSortedByXorDistance() {
        RoutingTable t = RoutingTable.standard(own, 0);
        for (int i = 0; i < 60; i++) {
            t.add(node(NodeId.random(random)), true, 0);
        }
        NodeId target = NodeId.random(random);
        List<NodeInfo> c = t.closest(target, 8, 0);
        assertThat(c).hasSize(8);
        for (int i = 1; i < c.size(); i++) {
            assertThat(target.compareDistance(c.get(i - 1).id(), c.get(i).id())).isNegative();
        }
        for (NodeInfo other : t.nodes()) {
            if (!c.contains(other)) {
                assertThat(target.compareDistance(c.getLast().id(), other.id())).isNegative();
            }
        }
    }

    @Test
    void staleBucketsAreRefreshedWithATargetInTheirRange() {
        RoutingTable t = RoutingTable.standard(own, 0);
        for (int p = 0; p < 5; p++) {
            for (int i = 0; i < 8; i++) {
                t.add(withPrefix(p), true, 0);
            }
        }
        assertThat(t.refreshTargets(MIN, 15 * MIN, random)).isEmpty();
        List<NodeId> targets = t.refreshTargets(16 * MIN, 15 * MIN, random);
        assertThat(targets).hasSize(t.bucketCount());
        for (int i = 0; i < targets.size() - 1; i++) {
            assertThat(own.commonPrefixLength(targets.get(i))).isEqualTo(i);
        }
        assertThat(t.refreshTargets(16 * MIN, 15 * MIN, random)).isEmpty(); // counted as refreshed
        assertThat(t.toPing(16 * MIN, 15 * MIN, 100)).hasSize(t.size());
    }
}
