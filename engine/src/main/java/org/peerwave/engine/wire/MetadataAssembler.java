package org.peerwave.engine.wire;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.OptionalInt;
import org.peerwave.engine.metainfo.InfoHashes;

/**
 * Collects the info dictionary of a magnet link from BEP 9 data messages, in 16 KiB pieces, and
 * checks it against the info hash: SHA-1 for v1, SHA-256 for v2 (both for a hybrid). On a mismatch
 * it forgets every piece and starts again. Pure: no sockets, no threads; one instance per torrent
 * (pieces may come from several peers). Not thread-safe.
 */
public final class MetadataAssembler {

    /** What a received piece led to. */
    public sealed interface Result {
        /** More pieces are needed. */
        record Incomplete(int received, int total) implements Result {
        }

        /** All pieces arrived and the hash matched: the bencoded info dictionary. */
        record Complete(byte[] infoBytes) implements Result {
            public Complete {
                infoBytes = infoBytes.clone();
            }

            @Override
            public byte[] infoBytes() {
                return infoBytes.clone();
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Complete c && Arrays.equals(infoBytes, c.infoBytes);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(infoBytes);
            }
        }

        /** All pieces arrived but the hash did not match; everything was discarded to start again. */
        record HashMismatch() implements Result {
        }
    }

    private final InfoHashes expected;
    private final int metadataSize;
    private final int pieceCount;
    private final byte[] buffer;
    private final BitSet received = new BitSet();
    private final BitSet requested = new BitSet();

    /**
     * @param expected     the info hashes from the magnet link
     * @param metadataSize the peer's {@code metadata_size}
     * @param limits       bounds {@code metadataSize} (its {@code maxMetadataSize})
     * @throws PeerWireException when {@code metadataSize} is not 1..maxMetadataSize
     */
    public MetadataAssembler(InfoHashes expected, int metadataSize, WireLimits limits) {
        if (metadataSize < 1 || metadataSize > limits.maxMetadataSize()) {
            throw new PeerWireException("metadata_size " + metadataSize + " outside 1.." + limits.maxMetadataSize());
        }
        this.expected = expected;
        this.metadataSize = metadataSize;
        this.pieceCount = (metadataSize + UtMetadataMessage.PIECE_SIZE - 1) / UtMetadataMessage.PIECE_SIZE;
        this.buffer = new byte[metadataSize];
    }

    public int metadataSize() {
        return metadataSize;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Length of piece {@code piece}. */
    public int pieceLength(int piece) {
        return piece == pieceCount - 1 ? metadataSize - piece * UtMetadataMessage.PIECE_SIZE
                : UtMetadataMessage.PIECE_SIZE;
    }

    /** A piece neither received nor already requested, now marked requested; empty when none is left. */
    public OptionalInt nextRequest() {
        for (int i = 0; i < pieceCount; i++) {
            if (!received.get(i) && !requested.get(i)) {
                requested.set(i);
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** A request was rejected or timed out: the piece may be requested again (from another peer). */
    public void requestFailed(int piece) {
        requested.clear(piece);
    }

    /** True when every piece is received (and so the last call returned Complete or HashMismatch). */
    public boolean isComplete() {
        return received.cardinality() == pieceCount;
    }

    /**
     * Takes a data message.
     *
     * @throws PeerWireException when it does not fit this metadata (other total size, piece out of
     *                           range, wrong length): the sender misbehaves
     */
    public Result accept(UtMetadataMessage.Data data) {
        if (data.totalSize() != metadataSize) {
            throw new PeerWireException("metadata piece with total_size " + data.totalSize() + ", expected "
                    + metadataSize);
        }
        int piece = data.piece();
        if (piece >= pieceCount) {
            throw new PeerWireException("metadata piece " + piece + " out of range 0.." + (pieceCount - 1));
        }
        byte[] bytes = data.data();
        if (bytes.length != pieceLength(piece)) {
            throw new PeerWireException("metadata piece " + piece + " has " + bytes.length + " bytes, expected "
                    + pieceLength(piece));
        }
        System.arraycopy(bytes, 0, buffer, piece * UtMetadataMessage.PIECE_SIZE, bytes.length);
        received.set(piece);
        requested.clear(piece);
        if (received.cardinality() < pieceCount) {
            return new Result.Incomplete(received.cardinality(), pieceCount);
        }
        if (matches(buffer)) {
            return new Result.Complete(buffer);
        }
        received.clear();
        requested.clear();
        Arrays.fill(buffer, (byte) 0);
        return new Result.HashMismatch();
    }

    private boolean matches(byte[] info) {
        boolean ok = true;
        if (expected.hasV1()) {
            ok = MessageDigest.isEqual(digest("SHA-1", info), expected.v1().bytes());
        }
        if (ok && expected.hasV2()) {
            ok = MessageDigest.isEqual(digest("SHA-256", info), expected.v2().bytes());
        }
        return ok;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
        }
    }
}
