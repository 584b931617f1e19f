package org.peerwave.engine.wire;

import java.util.Arrays;
import java.util.Optional;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.Bencode;
import org.peerwave.engine.bencode.BencodeDecoder;
import org.peerwave.engine.bencode.BencodeException;
import org.peerwave.engine.bencode.BencodeLimits;

/**
 * BEP 9 ut_metadata messages: the payload of an extended message sent under the peer's
 * {@code ut_metadata} id. A bencoded dictionary with {@code msg_type} and {@code piece}; a data
 * message adds {@code total_size} and is followed by the piece bytes.
 */
public sealed interface UtMetadataMessage {

    /** Extension name in the {@code m} dictionary. */
    String EXTENSION = "ut_metadata";
    /** Metadata is exchanged in 16 KiB pieces (the last may be shorter). */
    int PIECE_SIZE = 16 * 1024;

    int piece();

    /** msg_type 0: please send metadata piece {@code piece}. */
    record Request(int piece) implements UtMetadataMessage {
        public Request {
            requirePiece(piece);
        }
    }

    /** msg_type 1: metadata piece {@code piece} of an info dictionary of {@code totalSize} bytes. */
    record Data(int piece, int totalSize, byte[] data) implements UtMetadataMessage {
        public Data {
            requirePiece(piece);
            if (totalSize < 1) {
                throw new IllegalArgumentException("total_size must be positive, not " + totalSize);
            }
            if (data.length > PIECE_SIZE) {
                throw new IllegalArgumentException("metadata piece of " + data.length + " bytes, more than "
                        + PIECE_SIZE);
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && piece == d.piece && totalSize == d.totalSize && Arrays.equals(data, d.data);
        }

        @Override
        public int hashCode() {
            return (piece * 31 + totalSize) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Data[piece=" + piece + ", totalSize=" + totalSize + ", " + data.length + " bytes]";
        }
    }

    /** msg_type 2: the sender will not send metadata piece {@code piece}. */
    record Reject(int piece) implements UtMetadataMessage {
        public Reject {
            requirePiece(piece);
        }
    }

    /** The payload bytes (without the extended id). */
    static byte[] encode(UtMetadataMessage msg) {
        BDictionary.Builder b = BDictionary.builder();
        byte[] tail = new byte[0];
        switch (msg) {
            case Request r -> b.put("msg_type", 0).put("piece", r.piece());
            case Data d -> {
                b.put("msg_type", 1).put("piece", d.piece()).put("total_size", d.totalSize());
                tail = d.data;
            }
            case Reject r -> b.put("msg_type", 2).put("piece", r.piece());
        }
        byte[] dict = Bencode.encode(b.build());
        byte[] out = Arrays.copyOf(dict, dict.length + tail.length);
        System.arraycopy(tail, 0, out, dict.length, tail.length);
        return out;
    }

    /**
     * Decodes a payload; empty for a {@code msg_type} this version does not know (BEP 9: ignore it).
     * Bytes after the dictionary of a request or reject are ignored.
     *
     * @throws PeerWireException when malformed, or when {@code total_size} exceeds {@code maxMetadataSize}
     */
    static Optional<UtMetadataMessage> decode(byte[] payload, int maxMetadataSize) {
        int end;
        BValue root;
        try {
            end = BencodeScanner.end(payload, 0);
            root = new BencodeDecoder(BencodeLimits.MESSAGE).decode(payload, 0, end);
        } catch (BencodeException e) {
            throw new PeerWireException("ut_metadata message is not bencode: " + e.getMessage());
        }
        if (!(root instanceof BDictionary d)) {
            throw new PeerWireException("ut_metadata message is a " + root.typeName() + ", not a dictionary");
        }
        long type = integer(d, "msg_type");
        long piece = integer(d, "piece");
        if (piece < 0 || piece > Integer.MAX_VALUE) {
            throw new PeerWireException("ut_metadata piece out of range: " + piece);
        }
        return switch ((int) Math.max(-1, Math.min(type, 3))) {
            case 0 -> Optional.of(new Request((int) piece));
            case 2 -> Optional.of(new Reject((int) piece));
            case 1 -> {
                long total = integer(d, "total_size");
                if (total < 1 || total > maxMetadataSize) {
                    throw new PeerWireException("ut_metadata total_size " + total + " outside 1.." + maxMetadataSize);
                }
                int length = payload.length - end;
                if (length > PIECE_SIZE) {
                    throw new PeerWireException("ut_metadata piece of " + length + " bytes, more than " + PIECE_SIZE);
                }
                yield Optional.of(new Data((int) piece, (int) total, Arrays.copyOfRange(payload, end, payload.length)));
            }
            default -> Optional.empty();
        };
    }

    private static long integer(BDictionary d, String key) {
        if (d.get(key) instanceof BInteger(long v)) {
            return v;
        }
        throw new PeerWireException("ut_metadata message without integer " + key);
    }

    private static void requirePiece(int piece) {
        if (piece < 0) {
            throw new IllegalArgumentException("negative metadata piece " + piece);
        }
    }
}
