package org.peerwave.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The small pure parts: tokens, the peer store, the rate limiters, lookups, settings. */
class DhtPartsTest {

    private static final long SEC = 1_000_000_000L;
    private final Random random = new Random(9);

    @Test
    void tokensRotateAndThePreviousOneStaysValid() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.5");
        InetAddress b = InetAddress.getByName("127.0.0.6");
        TokenManager t = new TokenManager(random, 300 * SEC, 0);
        byte[] token = t.tokenFor(a, 0);
        assertThat(t.isValid(token, a, 10 * SEC)).isTrue();
        assertThat(t.isValid(token, b, 10 * SEC)).isFalse();
        assertThat(t.isValid(token, a, 400 * SEC)).isTrue();   // one rotation later
        assertThat(t.isValid(token, a, 700 * SEC)).isFalse();  // two rotations later
        assertThat(t.isValid(new byte[3], a, 700 * SEC)).isFalse();
    }

    @Test
    void thePeerStoreIsBoundedAndExpires() throws Exception {
        PeerStore s = new PeerStore(2, 3, 100 * SEC);
        NodeId h1 = NodeId.random(random);
        NodeId h2 = NodeId.random(random);
        NodeId h3 = NodeId.random(random);
        for (int i = 0; i < 5; i++) {
            s.add(h1, new InetSocketAddress("127.0.0.1", 1000 + i), 0);
        }
        assertThat(s.get(h1, false, 10, 0, random)).hasSize(3);
        s.add(h2, new InetSocketAddress("127.0.0.1", 1), 0);
        s.add(h3, new InetSocketAddress("127.0.0.1", 2), 0);
        assertThat(s.infoHashCount()).isEqualTo(2);
        assertThat(s.get(h1, false, 10, 0, random)).isEmpty(); // the least recently used hash went
        assertThat(s.get(h3, true, 10, 0, random)).isEmpty();  // other family
        assertThat(s.get(h3, false, 10, 200 * SEC, random)).isEmpty(); // expired
    }

    @Test
    void queriesPerAddressAreLimited() throws Exception {
        QueryRateLimiter l = new QueryRateLimiter(10, 20, 2);
        InetAddress a = InetAddress.getByName("127.0.0.5");
        InetAddress b = InetAddress.getByName("127.0.0.6");
        int granted = 0;
        for (int i = 0; i < 100; i++) {
            if (l.tryAcquire(a, 0)) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(20);
        assertThat(l.tryAcquire(b, 0)).isTrue(); // another address has its own budget
        assertThat(l.tryAcquire(a, SEC / 2)).isTrue(); // refilled 5
        l.tryAcquire(InetAddress.getByName("127.0.0.7"), 0);
        assertThat(l.trackedAddresses()).isEqualTo(2);
        assertThat(new QueryRateLimiter(0, 1, 1).tryAcquire(a, 0)).isTrue();
    }

    @Test
    void outgoingBytesAreLimited() {
        ByteRateLimiter l = new ByteRateLimiter(1000, 0);
        assertThat(l.tryAcquire(600, 0)).isTrue();
        assertThat(l.tryAcquire(600, 0)).isFalse();
        assertThat(l.tryAcquire(600, SEC)).isTrue();
        assertThat(new ByteRateLimiter(0, 0).tryAcquire(1 << 20, 0)).isTrue();
    }

    @Test
    void aLookupQueriesAlphaAtATimeAndConvergesOnTheClosest() {
        NodeId target = NodeId.random(random);
        Lookup l = new Lookup(target, 8, 3, 100);
        l.addRouter(new InetSocketAddress("127.0.0.1", 1));
        assertThat(l.next()).containsExactly(new InetSocketAddress("127.0.0.1", 1));
        assertThat(l.next()).isEmpty();
        List<NodeInfo> closer = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            closer.add(new NodeInfo(target.randomWithPrefix(10 + i % 50, random),
                    new InetSocketAddress("127.0.0.2", 100 + i)));
        }
        l.responded(new InetSocketAddress("127.0.0.1", 1), NodeId.random(random), closer, List.of(), null);
        int sent = 0;
        while (!l.isDone()) {
            List<InetSocketAddress> next = l.next();
            assertThat(l.inFlight()).isLessThanOrEqualTo(3);
            for (InetSocketAddress a : next) {
                sent++;
                if (a.getPort() % 2 == 0) {
                    l.failed(a);
                } else {
                    NodeInfo n = closer.stream().filter(c -> c.address().equals(a)).findFirst().orElseThrow();
                    l.responded(a, n.id(), List.of(), List.of(new InetSocketAddress("10.0.0.1", 5)), new byte[] {1});
                }
            }
        }
        assertThat(sent).isLessThan(20);
        assertThat(l.peers()).containsExactly(new InetSocketAddress("10.0.0.1", 5));
        assertThat(l.closestResponded()).hasSize(8);
        assertThat(l.tokens()).hasSize(8);
    }

    @Test
    void settingsHaveSafeDefaultsAndAreValidated() {
        DhtSettings d = DhtSettings.DEFAULTS;
        assertThat(d.bootstrap()).hasSize(3);
        assertThat(d.tokenRotation()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.reannounceInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(d.alpha()).isEqualTo(3);
        assertThat(d.queriesPerSecondPerIp()).isPositive();
        assertThat(d.outgoingBytesPerSecond()).isPositive();
        assertThatThrownBy(() -> DhtSettings.builder().maxPacketSize(100).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DhtSettings.builder().queryTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DhtSettings.builder().outgoingBytesPerSecond(10).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(d.toBuilder().readOnly(true).build().readOnly()).isTrue();
    }
}
