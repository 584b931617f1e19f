package org.peerwave.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peerwave.app.service.TorrentQueue.Entry;

/** The queue: at most N downloads and M seeds run; the earliest added go first; the user's pauses stay. */
class TorrentQueueTest {

    static Entry dl(String id) {
        return new Entry(id, TorrentStatus.DOWNLOADING, false);
    }

    static Entry seed(String id) {
        return new Entry(id, TorrentStatus.SEEDING, true);
    }

    static Entry queued(String id, boolean complete) {
        return new Entry(id, TorrentStatus.QUEUED, complete);
    }

    @Test
    void downloadsPastTheLimitAreQueuedLatestFirst() {
        var plan = TorrentQueue.plan(List.of(dl("a"), dl("b"), dl("c"), dl("d")), Set.of(), 2, 0);
        assertThat(plan.queue()).containsExactly("c", "d");
        assertThat(plan.start()).isEmpty();
    }

    @Test
    void noLimitQueuesNothingAndStartsTheQueued() {
        var plan = TorrentQueue.plan(List.of(dl("a"), queued("b", false)), Set.of("b"), 0, 0);
        assertThat(plan.queue()).isEmpty();
        assertThat(plan.start()).containsExactly("b");
    }

    @Test
    void aFreeSlotStartsTheEarliestQueued() {
        // a finished (now seeding): one download slot of two is free
        var plan = TorrentQueue.plan(List.of(seed("a"), dl("b"), queued("c", false), queued("d", false)),
                Set.of("c", "d"), 2, 0);
        assertThat(plan.start()).containsExactly("c");
        assertThat(plan.queue()).isEmpty();
    }

    @Test
    void stableWhenFull() {
        var plan = TorrentQueue.plan(List.of(dl("a"), dl("b"), queued("c", false)), Set.of("c"), 2, 0);
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void seedsHaveTheirOwnLimit() {
        var plan = TorrentQueue.plan(List.of(seed("a"), seed("b"), dl("c"), seed("d")), Set.of(), 1, 2);
        assertThat(plan.queue()).containsExactly("d");
        var later = TorrentQueue.plan(List.of(seed("a"), queued("d", true)), Set.of("d"), 1, 2);
        assertThat(later.start()).containsExactly("d");
    }

    @Test
    void userPausedErroredAndCheckingAreLeftAlone() {
        var plan = TorrentQueue.plan(List.of(new Entry("p", TorrentStatus.PAUSED, false),
                new Entry("e", TorrentStatus.ERRORED, false), new Entry("k", TorrentStatus.CHECKING, false),
                dl("a"), dl("b")), Set.of(), 1, 0);
        assertThat(plan.queue()).containsExactly("b");
        assertThat(plan.start()).isEmpty();
    }
}
