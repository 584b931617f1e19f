package org.peerwave.engine.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * Every limit of the peer-wire layer, with safe defaults. Immutable; each field is checked here so
 * a bad setting fails when it is made, not on the first connection.
 *
 * @param maxFrameSize           largest length prefix accepted (bytes after the 4-byte prefix); a
 *                               larger frame closes the connection. Default 1 MiB: a 16 KiB block
 *                               needs 16 397, a bitfield of 8 million pieces needs 1 MiB + 1.
 * @param maxRequestLength       largest block a peer may request from us (BEP 3: clients use 16 KiB;
 *                               libtorrent rejects more). Default 16 KiB.
 * @param maxMetadataSize        largest {@code metadata_size} (BEP 9) we accept or fetch. Default
 *                               30 MiB, as libtorrent.
 * @param maxExtendedMessageSize largest BEP 10 extended message payload. Default 256 KiB.
 * @param maxQueuedRequests      most requests of one peer we hold at once, from their arrival until
 *                               their block is written to the socket (advertised as {@code reqq});
 *                               one more closes the connection as a request flood. It bounds the
 *                               memory a peer that asks and does not read can pin: this many blocks.
 *                               Default 512 (8 MiB of 16 KiB blocks).
 * @param maxUnrequestedBlocks   blocks we did not ask for (late answers to cancelled requests are
 *                               normal) tolerated on one connection before closing it. Default 64.
 * @param handshakeTimeout       time a new connection has to complete the handshake. Default 20 s.
 * @param idleTimeout            a connection that sends nothing at all (not even a keep-alive) for
 *                               this long is closed. Default 180 s.
 * @param keepAliveInterval      we send a keep-alive after this long without sending anything; less
 *                               than {@code idleTimeout}. Default 90 s (BEP 3 suggests two minutes).
 * @param maxReadsInFlight       blocks of one peer's requests read from disk (or waiting for the
 *                               upload limit) at once; the others wait in the request queue, costing
 *                               no memory; contiguous ones are read with one positional read.
 *                               Default 8 (128 KiB of 16 KiB blocks).
 */
public record WireLimits(int maxFrameSize, int maxRequestLength, int maxMetadataSize, int maxExtendedMessageSize,
                         int maxQueuedRequests, int maxUnrequestedBlocks, Duration handshakeTimeout,
                         Duration idleTimeout, Duration keepAliveInterval, int maxReadsInFlight) {

    /** A block is 16 KiB; request lengths up to it are always allowed. */
    public static final int BLOCK_SIZE = 16 * 1024;
    /** Size of a piece message without its block: length prefix excluded, id + index + begin. */
    public static final int PIECE_HEADER = 9;

    public static final WireLimits DEFAULT = new WireLimits(1024 * 1024, BLOCK_SIZE, 30 * 1024 * 1024, 256 * 1024,
            512, 64, Duration.ofSeconds(20), Duration.ofSeconds(180), Duration.ofSeconds(90), 8);

    public WireLimits {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        if (maxRequestLength < 1 || maxRequestLength > PeerMessage.Request.MAX_LENGTH) {
            throw new IllegalArgumentException("maxRequestLength must be 1.." + PeerMessage.Request.MAX_LENGTH
                    + ", not " + maxRequestLength);
        }
        if (maxFrameSize < BLOCK_SIZE + PIECE_HEADER) {
            throw new IllegalArgumentException("maxFrameSize must hold a piece message of a 16 KiB block ("
                    + (BLOCK_SIZE + PIECE_HEADER) + " bytes), not " + maxFrameSize);
        }
        if (maxMetadataSize < 1) {
            throw new IllegalArgumentException("maxMetadataSize must be positive, not " + maxMetadataSize);
        }
        if (maxExtendedMessageSize < 1024) {
            throw new IllegalArgumentException("maxExtendedMessageSize must be at least 1024, not "
                    + maxExtendedMessageSize);
        }
        if (maxQueuedRequests < 1 || maxQueuedRequests > 100_000) {
            throw new IllegalArgumentException("maxQueuedRequests must be 1..100000, not " + maxQueuedRequests);
        }
        if (maxReadsInFlight < 1 || maxReadsInFlight > 1024) {
            throw new IllegalArgumentException("maxReadsInFlight must be 1..1024, not " + maxReadsInFlight);
        }
        if (maxUnrequestedBlocks < 0) {
            throw new IllegalArgumentException("maxUnrequestedBlocks must not be negative, not " + maxUnrequestedBlocks);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (keepAliveInterval.isNegative() || keepAliveInterval.isZero() || keepAliveInterval.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("keepAliveInterval must be positive and less than idleTimeout ("
                    + idleTimeout + "), not " + keepAliveInterval);
        }
    }

    public WireLimits withMaxFrameSize(int v) {
        return new WireLimits(v, maxRequestLength, maxMetadataSize, maxExtendedMessageSize, maxQueuedRequests,
                maxUnrequestedBlocks, handshakeTimeout, idleTimeout, keepAliveInterval, maxReadsInFlight);
    }

    public WireLimits withMaxRequestLength(int v) {
        return new WireLimits(maxFrameSize, v, maxMetadataSize, maxExtendedMessageSize, maxQueuedRequests,
                maxUnrequestedBlocks, handshakeTimeout, idleTimeout, keepAliveInterval, maxReadsInFlight);
    }

    public WireLimits withMaxMetadataSize(int v) {
        return new WireLimits(maxFrameSize, maxRequestLength, v, maxExtendedMessageSize, maxQueuedRequests,
                maxUnrequestedBlocks, handshakeTimeout, idleTimeout, keepAliveInterval, maxReadsInFlight);
    }

    public WireLimits withMaxExtendedMessageSize(int v) {
        return new WireLimits(maxFrameSize, maxRequestLength, maxMetadataSize, v, maxQueuedRequests,
                maxUnrequestedBlocks, handshakeTimeout, idleTimeout, keepAliveInterval, maxReadsInFlight);
    }

    public WireLimits withMaxQueuedRequests(int v) {
        return new WireLimits(maxFrameSize, maxRequestLength, maxMetadataSize, maxExtendedMessageSize, v,
                maxUnrequestedBlocks, handshakeTimeout, idleTimeout, keepAliveInterval, maxReadsInFlight);
    }

    public WireLimits withMaxUnrequestedBlocks(int v) {
        return new WireLimits(maxFrameSize, maxRequestLength, maxMetadataSize, maxExtendedMessageSize,
                maxQueuedRequests, v, handshakeTimeout, idleTimeout, keepAliveInterval, maxReadsInFlight);
    }

    public WireLimits withHandshakeTimeout(Duration v) {
        return new WireLimits(maxFrameSize, maxRequestLength, maxMetadataSize, maxExtendedMessageSize,
                maxQueuedRequests, maxUnrequestedBlocks, v, idleTimeout, keepAliveInterval, maxReadsInFlight);
    }

    /** Both time-outs at once (the keep-alive interval must stay below the idle time-out). */
    public WireLimits withIdleTimeout(Duration idle, Duration keepAlive) {
        return new WireLimits(maxFrameSize, maxRequestLength, maxMetadataSize, maxExtendedMessageSize,
                maxQueuedRequests, maxUnrequestedBlocks, handshakeTimeout, idle, keepAlive, maxReadsInFlight);
    }

    public WireLimits withMaxReadsInFlight(int v) {
        return new WireLimits(maxFrameSize, maxRequestLength, maxMetadataSize, maxExtendedMessageSize,
                maxQueuedRequests, maxUnrequestedBlocks, handshakeTimeout, idleTimeout, keepAliveInterval, v);
    }
}
