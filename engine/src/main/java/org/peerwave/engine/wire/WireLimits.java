package org.peerwave.engine.wire;

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
 */
public record WireLimits(int maxFrameSize, int maxRequestLength, int maxMetadataSize, int maxExtendedMessageSize) {

    /** A block is 16 KiB; request lengths up to it are always allowed. */
    public static final int BLOCK_SIZE = 16 * 1024;
    /** Size of a piece message without its block: length prefix excluded, id + index + begin. */
    public static final int PIECE_HEADER = 9;

    public static final WireLimits DEFAULT = new WireLimits(1024 * 1024, BLOCK_SIZE, 30 * 1024 * 1024, 256 * 1024);

    public WireLimits {
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
    }

    public WireLimits withMaxFrameSize(int v) {
        return new WireLimits(v, maxRequestLength, maxMetadataSize, maxExtendedMessageSize);
    }

    public WireLimits withMaxRequestLength(int v) {
        return new WireLimits(maxFrameSize, v, maxMetadataSize, maxExtendedMessageSize);
    }

    public WireLimits withMaxMetadataSize(int v) {
        return new WireLimits(maxFrameSize, maxRequestLength, v, maxExtendedMessageSize);
    }

    public WireLimits withMaxExtendedMessageSize(int v) {
        return new WireLimits(maxFrameSize, maxRequestLength, maxMetadataSize, v);
    }
}
