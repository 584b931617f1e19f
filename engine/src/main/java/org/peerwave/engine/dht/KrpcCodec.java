package org.peerwave.engine.dht;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.BencodeDecoder;
import org.peerwave.engine.bencode.BencodeEncoder;
import org.peerwave.engine.bencode.BencodeException;
import org.peerwave.engine.bencode.BencodeLimits;

/**
 * Decodes and encodes KRPC packets. Decoding is strict and bounded: the packet size, the bencode
 * nesting depth and value count are limited, and every field KRPC needs is checked for presence and
 * type; any failure is a {@link KrpcException} (with the transaction id of a query, so that the
 * node can answer with an error). Stateless and thread-safe.
 */
public final class KrpcCodec {

    /** Longest query method name accepted. */
    public static final int MAX_METHOD_LENGTH = 32;
    private static final int MAX_ERROR_MESSAGE = 512;

    private final int maxPacketSize;
    private final BencodeDecoder decoder;

    /** @param maxPacketSize larger packets are refused before they are parsed */
    public KrpcCodec(int maxPacketSize) {
        if (maxPacketSize < 64 || maxPacketSize > 65_507) {
            throw new IllegalArgumentException("maxPacketSize must be 64..65507, not " + maxPacketSize);
        }
        this.maxPacketSize = maxPacketSize;
        this.decoder = new BencodeDecoder(new BencodeLimits(maxPacketSize, 8, 1024));
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    public KrpcMessage decode(byte[] packet) {
        return decode(packet, 0, packet.length);
    }

    public KrpcMessage decode(byte[] packet, int offset, int length) {
        if (length > maxPacketSize) {
            throw new KrpcException(KrpcException.PROTOCOL, "packet of " + length + " bytes is larger than "
                    + maxPacketSize);
        }
        BValue v;
        try {
            v = decoder.decode(packet, offset, length);
        } catch (BencodeException e) {
            throw new KrpcException(KrpcException.PROTOCOL, "invalid bencode: " + e.getMessage(), e);
        }
        if (!(v instanceof BDictionary d)) {
            throw new KrpcException(KrpcException.PROTOCOL, "a KRPC message is a dictionary, not a " + v.typeName());
        }
        BString t = KrpcFields.string(d, "t", "key");
        if (t.length() > KrpcMessage.MAX_TRANSACTION_ID) {
            throw new KrpcException(KrpcException.PROTOCOL, "transaction id of " + t.length() + " bytes");
        }
        byte[] tid = t.bytes();
        BString y = KrpcFields.string(d, "y", "key");
        if (y.contentEquals("q")) {
            try {
                return query(d, tid);
            } catch (KrpcException e) {
                throw new KrpcException(e.code(), e.getMessage(), tid);
            }
        } else if (y.contentEquals("r")) {
            BDictionary r = KrpcFields.dictionary(d, "r", "key");
            NodeId id = KrpcFields.id(r, "id", "response value");
            return new KrpcMessage.Response(tid, id, without(r, "id"), requester(d));
        } else if (y.contentEquals("e")) {
            return error(d, tid);
        }
        throw new KrpcException(KrpcException.PROTOCOL, "unknown message type '" + y + "'");
    }

    private static KrpcMessage.Query query(BDictionary d, byte[] tid) {
        BString q = KrpcFields.string(d, "q", "key");
        if (q.length() == 0 || q.length() > MAX_METHOD_LENGTH || !q.isValidUtf8()) {
            throw new KrpcException(KrpcException.PROTOCOL, "bad query method name");
        }
        BDictionary a = KrpcFields.dictionary(d, "a", "key");
        NodeId id = KrpcFields.id(a, "id", "argument");
        boolean ro = KrpcFields.optionalInteger(d, "ro", "key", 0) == 1;
        return new KrpcMessage.Query(tid, q.utf8(), id, without(a, "id"), ro);
    }

    private static KrpcMessage.Error error(BDictionary d, byte[] tid) {
        BValue e = d.get("e");
        if (e instanceof BList l && l.size() >= 2 && l.get(0) instanceof BInteger code
                && l.get(1) instanceof BString msg) {
            String text = msg.utf8();
            if (text.length() > MAX_ERROR_MESSAGE) {
                text = text.substring(0, MAX_ERROR_MESSAGE);
            }
            return new KrpcMessage.Error(tid, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                    code.value())), text);
        }
        throw new KrpcException(KrpcException.PROTOCOL, "an error is a list of a code and a message");
    }

    private static InetSocketAddress requester(BDictionary d) {
        BValue ip = d.get("ip");
        if (ip instanceof BString s && (s.length() == CompactNodes.PEER_V4 || s.length() == CompactNodes.PEER_V6)) {
            return CompactNodes.decodePeer(s.bytes());
        }
        return null; // absent or malformed: an optional hint, ignored
    }

    private static BDictionary without(BDictionary d, String key) {
        BDictionary.Builder b = BDictionary.builder();
        d.entries().forEach((k, v) -> {
            if (!k.contentEquals(key)) {
                b.put(k, v);
            }
        });
        return b.build();
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Encodes a message; our own id goes into queries and responses ({@code ownId}), {@code ro=1}
     * into queries of a read-only node.
     */
    public static byte[] encode(KrpcMessage m, NodeId ownId) {
        BDictionary.Builder top = BDictionary.builder().put("t", m.transactionId());
        switch (m) {
            case KrpcMessage.Query q -> {
                top.put("y", "q").put("q", q.method()).put("a", with(q.args(), ownId));
                if (q.readOnly()) {
                    top.put("ro", 1);
                }
            }
            case KrpcMessage.Response r -> {
                top.put("y", "r").put("r", with(r.values(), ownId));
                if (r.requester() != null) {
                    top.put("ip", CompactNodes.encodePeer(r.requester()));
                }
            }
            case KrpcMessage.Error e -> top.put("y", "e").put("e", BList.of(BInteger.of(e.code()),
                    BString.of(e.message().getBytes(StandardCharsets.UTF_8))));
        }
        return BencodeEncoder.encode(top.build());
    }

    private static BDictionary with(BDictionary d, NodeId id) {
        BDictionary.Builder b = BDictionary.builder();
        d.entries().forEach(b::put);
        b.put("id", id.bytes());
        return b.build();
    }
}
