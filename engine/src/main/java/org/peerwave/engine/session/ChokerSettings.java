package org.peerwave.engine.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link Choker}. Immutable; build with {@link #builder()}.
 *
 * @param regularSlots peers unchoked for reciprocation (leeching) or in rotation (seeding)
 * @param optimisticSlots peers unchoked optimistically on top of the regular ones (0 disables)
 * @param rechokeInterval how often the regular unchokes are re-evaluated (BEP 3: 10 s)
 * @param optimisticInterval how often the optimistic unchoke rotates (BEP 3: 30 s)
 * @param newPeerAge peers connected for less than this count as new
 * @param newPeerWeight how much likelier a new peer is to be the optimistic unchoke (BEP 3: 3)
 * @param seedingSlotTime seeding: how long a peer keeps its regular slot before it may be rotated out
 */
public record ChokerSettings(
        int regularSlots,
        int optimisticSlots,
        Duration rechokeInterval,
        Duration optimisticInterval,
        Duration newPeerAge,
        int newPeerWeight,
        Duration seedingSlotTime) {

    public static final ChokerSettings DEFAULT = builder().build();

    public ChokerSettings {
        Objects.requireNonNull(rechokeInterval, "rechokeInterval");
        Objects.requireNonNull(optimisticInterval, "optimisticInterval");
        Objects.requireNonNull(newPeerAge, "newPeerAge");
        Objects.requireNonNull(seedingSlotTime, "seedingSlotTime");
        if (regularSlots < 0 || optimisticSlots < 0 || regularSlots + optimisticSlots == 0) {
            throw new IllegalArgumentException("slots must not be negative and not all zero: "
                    + regularSlots + ", " + optimisticSlots);
        }
        if (newPeerWeight < 1) {
            throw new IllegalArgumentException("newPeerWeight must be at least 1: " + newPeerWeight);
        }
        for (Duration d : new Duration[] {rechokeInterval, optimisticInterval, seedingSlotTime}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("intervals must be positive: " + d);
            }
        }
        if (newPeerAge.isNegative()) {
            throw new IllegalArgumentException("newPeerAge must not be negative: " + newPeerAge);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().regularSlots(regularSlots).optimisticSlots(optimisticSlots)
                .rechokeInterval(rechokeInterval).optimisticInterval(optimisticInterval)
                .newPeerAge(newPeerAge).newPeerWeight(newPeerWeight).seedingSlotTime(seedingSlotTime);
    }

    /** Builder with the defaults. */
    public static final class Builder {
        private int regularSlots = 4;
        private int optimisticSlots = 1;
        private Duration rechokeInterval = Duration.ofSeconds(10);
        private Duration optimisticInterval = Duration.ofSeconds(30);
        private Duration newPeerAge = Duration.ofMinutes(1);
        private int newPeerWeight = 3;
        private Duration seedingSlotTime = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Default 4. */
        public Builder regularSlots(int n) {
            regularSlots = n;
            return this;
        }

        /** Default 1. */
        public Builder optimisticSlots(int n) {
            optimisticSlots = n;
            return this;
        }

        /** Default 10 s. */
        public Builder rechokeInterval(Duration d) {
            rechokeInterval = d;
            return this;
        }

        /** Default 30 s. */
        public Builder optimisticInterval(Duration d) {
            optimisticInterval = d;
            return this;
        }

        /** Default 1 min. */
        public Builder newPeerAge(Duration d) {
            newPeerAge = d;
            return this;
        }

        /** Default 3. */
        public Builder newPeerWeight(int w) {
            newPeerWeight = w;
            return this;
        }

        /** Default 30 s. */
        public Builder seedingSlotTime(Duration d) {
            seedingSlotTime = d;
            return this;
        }

        public ChokerSettings build() {
            return new ChokerSettings(regularSlots, optimisticSlots, rechokeInterval, optimisticInterval,
                    newPeerAge, newPeerWeight, seedingSlotTime);
        }
    }
}
