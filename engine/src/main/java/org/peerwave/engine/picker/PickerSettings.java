package org.peerwave.engine.picker;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the piece picker and of request pipelining. Immutable; build with {@link #builder()}.
 *
 * @param randomFirstPieces while we have fewer verified pieces than this, new pieces are chosen at
 *     random rather than rarest first (a whole piece soon, to have something to upload)
 * @param minPipelineDepth the fewest requests kept outstanding to a peer that is not snubbed
 * @param initialPipelineDepth the requests kept outstanding before a peer's rate is known
 * @param maxPipelineDepth the most requests kept outstanding to one peer
 * @param targetLatency how much of a peer's data we want queued: depth = rate × latency / block
 * @param requestTimeout a request is given up (and its block picked again, maybe from another peer)
 *     when the peer delivered nothing for this long since the request was sent
 * @param snubTimeout a peer with outstanding requests that delivered nothing for this long is
 *     snubbed: pipeline depth 1 until it delivers a block again
 * @param maxRequestsPerBlock in end game, how many peers may be asked for the same block
 * @param rateSampleInterval how often a peer's download rate is sampled for pipeline sizing
 * @param maxLateRequestsPerBlock streaming: how many peers may be asked at once for a block of a
 *     time-critical piece whose deadline has passed ({@link PiecePicker#duplicateLate}); 1 turns
 *     the duplication off
 */
public record PickerSettings(
        int randomFirstPieces,
        int minPipelineDepth,
        int initialPipelineDepth,
        int maxPipelineDepth,
        Duration targetLatency,
        Duration requestTimeout,
        Duration snubTimeout,
        int maxRequestsPerBlock,
        Duration rateSampleInterval,
        int maxLateRequestsPerBlock) {

    /** The defaults: see {@link Builder}. */
    public static final PickerSettings DEFAULT = builder().build();

    public PickerSettings {
        Objects.requireNonNull(targetLatency, "targetLatency");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(snubTimeout, "snubTimeout");
        Objects.requireNonNull(rateSampleInterval, "rateSampleInterval");
        if (randomFirstPieces < 0) {
            throw new IllegalArgumentException("randomFirstPieces must not be negative: " + randomFirstPieces);
        }
        if (minPipelineDepth < 1 || maxPipelineDepth < minPipelineDepth) {
            throw new IllegalArgumentException("pipeline depth bounds must satisfy 1 <= min <= max: "
                    + minPipelineDepth + ", " + maxPipelineDepth);
        }
        if (initialPipelineDepth < minPipelineDepth || initialPipelineDepth > maxPipelineDepth) {
            throw new IllegalArgumentException("initialPipelineDepth must be within [min, max]: " + initialPipelineDepth);
        }
        positive(targetLatency, "targetLatency");
        positive(requestTimeout, "requestTimeout");
        positive(snubTimeout, "snubTimeout");
        positive(rateSampleInterval, "rateSampleInterval");
        if (maxRequestsPerBlock < 1) {
            throw new IllegalArgumentException("maxRequestsPerBlock must be at least 1: " + maxRequestsPerBlock);
        }
        if (maxLateRequestsPerBlock < 1) {
            throw new IllegalArgumentException("maxLateRequestsPerBlock must be at least 1: " + maxLateRequestsPerBlock);
        }
    }

    private static void positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .randomFirstPieces(randomFirstPieces)
                .pipelineDepth(minPipelineDepth, initialPipelineDepth, maxPipelineDepth)
                .targetLatency(targetLatency)
                .requestTimeout(requestTimeout)
                .snubTimeout(snubTimeout)
                .maxRequestsPerBlock(maxRequestsPerBlock)
                .rateSampleInterval(rateSampleInterval)
                .maxLateRequestsPerBlock(maxLateRequestsPerBlock);
    }

    /** The most peers that may ask for one block at once: in end game or for a late critical piece. */
    public int maxRequestersPerBlock() {
        return Math.max(maxRequestsPerBlock, maxLateRequestsPerBlock);
    }

    /** Builder with the defaults. */
    public static final class Builder {
        private int randomFirstPieces = 4;
        private int minPipelineDepth = 2;
        private int initialPipelineDepth = 4;
        private int maxPipelineDepth = 250;
        private Duration targetLatency = Duration.ofSeconds(3);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration snubTimeout = Duration.ofSeconds(20);
        private int maxRequestsPerBlock = 2;
        private Duration rateSampleInterval = Duration.ofSeconds(1);
        private int maxLateRequestsPerBlock = 3;

        private Builder() {
        }

        /** Default 4. */
        public Builder randomFirstPieces(int n) {
            this.randomFirstPieces = n;
            return this;
        }

        /** Defaults 2, 4 and 250. */
        public Builder pipelineDepth(int min, int initial, int max) {
            this.minPipelineDepth = min;
            this.initialPipelineDepth = initial;
            this.maxPipelineDepth = max;
            return this;
        }

        /** Default 3 s. */
        public Builder targetLatency(Duration d) {
            this.targetLatency = d;
            return this;
        }

        /** Default 30 s. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        /** Default 20 s. */
        public Builder snubTimeout(Duration d) {
            this.snubTimeout = d;
            return this;
        }

        /** Default 2. */
        public Builder maxRequestsPerBlock(int n) {
            this.maxRequestsPerBlock = n;
            return this;
        }

        /** Default 1 s. */
        public Builder rateSampleInterval(Duration d) {
            this.rateSampleInterval = d;
            return this;
        }

        /** Default 3: the first peer asked and up to two of the fastest others. */
        public Builder maxLateRequestsPerBlock(int n) {
            this.maxLateRequestsPerBlock = n;
            return this;
        }

        public PickerSettings build() {
            return new PickerSettings(randomFirstPieces, minPipelineDepth, initialPipelineDepth, maxPipelineDepth,
                    targetLatency, requestTimeout, snubTimeout, maxRequestsPerBlock, rateSampleInterval,
                    maxLateRequestsPerBlock);
        }
    }
}
