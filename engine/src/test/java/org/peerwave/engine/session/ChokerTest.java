package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChokerTest {

    static final long SEC = 1_000_000_000L;

    static PeerSnapshot<String> peer(String name, boolean interested, long down, long up) {
        return new PeerSnapshot<>(name, interested, false, down, up, -3600 * SEC, false);
    }

    static List<PeerSnapshot<String>> leechers(long... downRates) {
        List<PeerSnapshot<String>> list = new ArrayList<>();
        for (int i = 0; i < downRates.length; i++) {
            list.add(peer("p" + i, true, downRates[i], 0));
        }
        return list;
    }

    @Test
    void leechingUnchokesTheBestUploadersToUsPlusOneOptimistic() {
        Choker<String> c = new Choker<>(ChokerSettings.DEFAULT, new SplittableRandom(1));
        List<PeerSnapshot<String>> peers = leechers(100, 900, 300, 800, 50, 700, 10);
        peers.add(peer("idle", false, 5000, 0));
        Set<String> unchoked = c.evaluate(peers, false, 0);
        assertThat(unchoked).hasSize(5).contains("p1", "p3", "p5", "p2").doesNotContain("idle");
        assertThat(c.optimisticUnchokes()).hasSize(1).isSubsetOf(Set.of("p0", "p4", "p6"));
    }

    @Test
    void regularSlotsOnlyChangeEveryTenSeconds() {
        Choker<String> c = new Choker<>(ChokerSettings.builder().optimisticSlots(0).regularSlots(2).build(),
                new SplittableRandom(1));
        assertThat(c.evaluate(leechers(100, 200, 300), false, 0)).containsExactlyInAnyOrder("p1", "p2");
        assertThat(c.evaluate(leechers(900, 200, 100), false, 5 * SEC)).containsExactlyInAnyOrder("p1", "p2");
        assertThat(c.evaluate(leechers(900, 200, 100), false, 10 * SEC)).containsExactlyInAnyOrder("p0", "p1");
    }

    @Test
    void aPeerThatLosesInterestOrLeavesFreesItsSlotAtOnce() {
        Choker<String> c = new Choker<>(ChokerSettings.builder().optimisticSlots(0).regularSlots(2).build(),
                new SplittableRandom(1));
        c.evaluate(leechers(100, 200, 300), false, 0);
        List<PeerSnapshot<String>> later = leechers(100, 200);
        later.set(1, peer("p1", false, 200, 0));
        assertThat(c.evaluate(later, false, SEC)).isEmpty();
        assertThat(c.evaluate(later, false, 10 * SEC)).containsExactly("p0");
    }

    @Test
    void atEqualRatesTheCurrentlyUnchokedKeepTheirSlots() {
        Choker<String> c = new Choker<>(ChokerSettings.builder().optimisticSlots(0).regularSlots(2).build(),
                new SplittableRandom(1));
        Set<String> first = c.evaluate(leechers(0, 0, 0, 0, 0), false, 0);
        for (int i = 1; i < 20; i++) {
            assertThat(c.evaluate(leechers(0, 0, 0, 0, 0), false, i * 10 * SEC)).isEqualTo(first);
        }
    }

    @Test
    void theOptimisticUnchokeRotatesEveryThirtySecondsAndSkipsSnubbedPeers() {
        Choker<String> c = new Choker<>(ChokerSettings.DEFAULT, new SplittableRandom(3));
        List<PeerSnapshot<String>> peers = leechers(900, 800, 700, 600, 0, 0, 0, 0);
        peers.add(new PeerSnapshot<>("snubbed", true, false, 0, 0, -3600 * SEC, true));
        Set<String> chosen = new HashSet<>();
        Set<String> previous = null;
        for (long s = 0; s < 30 * 40; s++) {
            c.evaluate(peers, false, s * SEC);
            Set<String> now = c.optimisticUnchokes();
            assertThat(now).hasSize(1).doesNotContain("snubbed", "p0", "p1", "p2", "p3");
            if (previous != null && s % 30 != 0) {
                assertThat(now).as("only rotates at 30 s boundaries (s=%d)", s).isEqualTo(previous);
            }
            previous = now;
            chosen.addAll(now);
        }
        assertThat(chosen).containsExactlyInAnyOrder("p4", "p5", "p6", "p7");
    }

    @Test
    void newPeersAreThreeTimesLikelierToBeTheOptimisticUnchoke() {
        ChokerSettings s = ChokerSettings.builder().regularSlots(0).optimisticSlots(1)
                .newPeerAge(Duration.ofDays(365)).build();
        Choker<String> c = new Choker<>(s, new SplittableRandom(5));
        long start = 0;
        List<PeerSnapshot<String>> peers = List.of(
                new PeerSnapshot<>("new", true, false, 0, 0, start, false),
                new PeerSnapshot<>("old1", true, false, 0, 0, start - 400L * 86400 * SEC, false),
                new PeerSnapshot<>("old2", true, false, 0, 0, start - 400L * 86400 * SEC, false),
                new PeerSnapshot<>("old3", true, false, 0, 0, start - 400L * 86400 * SEC, false));
        Map<String, Integer> counts = new HashMap<>();
        int rounds = 6000;
        for (int i = 0; i < rounds; i++) {
            c.evaluate(peers, false, start + i * 30L * SEC);
            counts.merge(c.optimisticUnchokes().iterator().next(), 1, Integer::sum);
        }
        // expected shares: new 3/6, each old 1/6
        assertThat(counts.get("new")).isBetween(2700, 3300);
        assertThat(counts.get("old1")).isBetween(850, 1150);
    }

    @Test
    void seedingSpreadsUnchokesFairlyOverTime() {
        Choker<String> c = new Choker<>(ChokerSettings.DEFAULT, new SplittableRandom(7));
        List<PeerSnapshot<String>> peers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            peers.add(peer("p" + i, true, 0, 1000L * (i + 1)));
        }
        Map<String, Integer> seconds = new HashMap<>();
        int changes = 0;
        Set<String> last = Set.of();
        for (long s = 0; s < 3600; s++) {
            Set<String> unchoked = c.evaluate(peers, true, s * SEC);
            assertThat(unchoked).hasSize(5);
            for (String p : unchoked) {
                seconds.merge(p, 1, Integer::sum);
            }
            if (!unchoked.equals(last)) {
                changes++;
            }
            last = unchoked;
        }
        assertThat(seconds).hasSize(12);
        int min = seconds.values().stream().min(Integer::compare).orElseThrow();
        int max = seconds.values().stream().max(Integer::compare).orElseThrow();
        assertThat((double) max / min).as("unchoke time per peer %s", seconds).isLessThan(1.5);
        assertThat(changes).as("no fibrillation: changes at most every 10 s").isLessThanOrEqualTo(361);
    }

    @Test
    void becomingASeedRechokesAtOnceByUploadRotation() {
        Choker<String> c = new Choker<>(ChokerSettings.builder().regularSlots(2).optimisticSlots(0).build(),
                new SplittableRandom(1));
        List<PeerSnapshot<String>> peers = List.of(peer("a", true, 900, 0), peer("b", true, 800, 0),
                peer("c", true, 0, 0), peer("d", true, 0, 0));
        assertThat(c.evaluate(peers, false, 0)).containsExactlyInAnyOrder("a", "b");
        // a and b hold their slots for the seeding slot time, then c and d (never unchoked) get them
        assertThat(c.evaluate(peers, true, SEC)).containsExactlyInAnyOrder("a", "b");
        assertThat(c.evaluate(peers, true, 31 * SEC)).containsExactlyInAnyOrder("c", "d");
        assertThat(c.evaluate(peers, true, 41 * SEC)).containsExactlyInAnyOrder("c", "d");
        assertThat(c.evaluate(peers, true, 61 * SEC)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void settingsValidate() {
        assertThatThrownBy(() -> ChokerSettings.builder().regularSlots(0).optimisticSlots(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChokerSettings.builder().rechokeInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChokerSettings.builder().newPeerWeight(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ChokerSettings.DEFAULT.toBuilder().build()).isEqualTo(ChokerSettings.DEFAULT);
        assertThat(ChokerSettings.DEFAULT.regularSlots()).isEqualTo(4);
    }
}
