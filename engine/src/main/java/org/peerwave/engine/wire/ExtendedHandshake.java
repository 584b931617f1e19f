package org.peerwave.engine.wire;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.Bencode;
import org.peerwave.engine.bencode.BencodeDecoder;
import org.peerwave.engine.bencode.BencodeException;
import org.peerwave.engine.bencode.BencodeLimits;

/**
 * The BEP 10 extended handshake (extended message id 0). Optional fields are {@code null} when
 * absent. Keys we do not model are kept in {@code extra} and written back unchanged.
 *
 * @param m            extension name → the id the sender wants to receive it under (1..255);
 *                     an entry with id 0 (the sender disables the extension) is dropped on decode
 * @param client       {@code v}: client name and version, or null
 * @param port         {@code p}: the sender's listen port (1..65535), or null
 * @param requestQueue {@code reqq}: how many outstanding requests the sender allows, or null
 * @param yourIp       {@code yourip}: our address as the sender sees it (4 or 16 bytes), or null
 * @param metadataSize {@code metadata_size} (BEP 9): size of the info dictionary, or null
 * @param extra        every other key, as decoded
 */
public record ExtendedHandshake(Map<String, Integer> m, String client, Integer port, Integer requestQueue,
                                byte[] yourIp, Integer metadataSize, Map<BString, BValue> extra) {

    private static final Set<String> KNOWN = Set.of("m", "v", "p", "reqq", "yourip", "metadata_size");

    public ExtendedHandshake {
        Map<String, Integer> copy = new TreeMap<>();
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            int id = Objects.requireNonNull(e.getValue(), "id");
            if (id < 0 || id > 255) {
                throw new IllegalArgumentException("extension id of " + e.getKey() + " out of range: " + id);
            }
            copy.put(Objects.requireNonNull(e.getKey()), id);
        }
        m = Collections.unmodifiableMap(copy);
        if (port != null && (port < 1 || port > 0xFFFF)) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (requestQueue != null && requestQueue < 1) {
            throw new IllegalArgumentException("reqq must be positive: " + requestQueue);
        }
        if (yourIp != null) {
            if (yourIp.length != 4 && yourIp.length != 16) {
                throw new IllegalArgumentException("yourip must have 4 or 16 bytes, not " + yourIp.length);
            }
            yourIp = yourIp.clone();
        }
        if (metadataSize != null && metadataSize < 0) {
            throw new IllegalArgumentException("negative metadata_size " + metadataSize);
        }
        Map<BString, BValue> e = new LinkedHashMap<>(extra);
        for (String k : KNOWN) {
            e.remove(BString.of(k));
        }
        extra = Collections.unmodifiableMap(e);
    }

    /** A handshake with only an {@code m} dictionary. */
    public static ExtendedHandshake of(Map<String, Integer> m) {
        return new ExtendedHandshake(m, null, null, null, null, null, Map.of());
    }

    @Override
    public byte[] yourIp() {
        return yourIp == null ? null : yourIp.clone();
    }

    public ExtendedHandshake withClient(String v) {
        return new ExtendedHandshake(m, v, port, requestQueue, yourIp, metadataSize, extra);
    }

    public ExtendedHandshake withPort(Integer p) {
        return new ExtendedHandshake(m, client, p, requestQueue, yourIp, metadataSize, extra);
    }

    public ExtendedHandshake withRequestQueue(Integer reqq) {
        return new ExtendedHandshake(m, client, port, reqq, yourIp, metadataSize, extra);
    }

    public ExtendedHandshake withYourIp(byte[] ip) {
        return new ExtendedHandshake(m, client, port, requestQueue, ip, metadataSize, extra);
    }

    public ExtendedHandshake withMetadataSize(Integer size) {
        return new ExtendedHandshake(m, client, port, requestQueue, yourIp, size, extra);
    }

    /** The id the sender wants {@code extension} sent under, or 0 when it does not support it. */
    public int idOf(String extension) {
        return m.getOrDefault(extension, 0);
    }

    /** Canonical bencoded payload (without the extended id byte). */
    public byte[] encode() {
        BDictionary.Builder mb = BDictionary.builder();
        m.forEach(mb::put);
        BDictionary.Builder b = BDictionary.builder();
        extra.forEach(b::put);
        b.put("m", mb.build());
        if (client != null) {
            b.put("v", client);
        }
        if (port != null) {
            b.put("p", port);
        }
        if (requestQueue != null) {
            b.put("reqq", requestQueue);
        }
        if (yourIp != null) {
            b.put("yourip", yourIp);
        }
        if (metadataSize != null) {
            b.put("metadata_size", metadataSize);
        }
        return Bencode.encode(b.build());
    }

    /**
     * Decodes a payload. Lenient like libtorrent where the field is advisory (a malformed {@code p},
     * {@code reqq}, {@code yourip}, {@code v} or {@code m} entry is dropped), strict where it matters:
     * the payload must be a bencoded dictionary within {@link BencodeLimits#MESSAGE} and the
     * extended message size, and {@code metadata_size} must be 0..{@code maxMetadataSize}.
     *
     * @throws PeerWireException when it is not acceptable
     */
    public static ExtendedHandshake decode(byte[] payload, WireLimits limits) {
        BValue root;
        try {
            root = new BencodeDecoder(BencodeLimits.MESSAGE.withMaxInputSize(
                    Math.min(BencodeLimits.MESSAGE.maxInputSize(), limits.maxExtendedMessageSize())))
                    .decode(payload);
        } catch (BencodeException e) {
            throw new PeerWireException("extended handshake is not bencode: " + e.getMessage());
        }
        if (!(root instanceof BDictionary d)) {
            throw new PeerWireException("extended handshake is a " + root.typeName() + ", not a dictionary");
        }
        Map<String, Integer> m = new TreeMap<>();
        if (d.get("m") instanceof BDictionary md) {
            for (Map.Entry<BString, BValue> e : md.entries().entrySet()) {
                if (e.getValue() instanceof BInteger(long id) && id > 0 && id <= 255 && e.getKey().isValidUtf8()) {
                    m.put(e.getKey().utf8(), (int) id);
                }
            }
        }
        String v = d.get("v") instanceof BString s ? s.utf8() : null;
        Integer p = d.get("p") instanceof BInteger(long pv) && pv > 0 && pv <= 0xFFFF ? (int) pv : null;
        Integer reqq = d.get("reqq") instanceof BInteger(long q) && q > 0
                ? (int) Math.min(q, Integer.MAX_VALUE) : null;
        byte[] yourIp = d.get("yourip") instanceof BString ip && (ip.length() == 4 || ip.length() == 16)
                ? ip.bytes() : null;
        Integer metadataSize = null;
        BValue ms = d.get("metadata_size");
        if (ms != null) {
            if (!(ms instanceof BInteger(long size))) {
                throw new PeerWireException("metadata_size is a " + ms.typeName() + ", not an integer");
            }
            if (size < 0 || size > limits.maxMetadataSize()) {
                throw new PeerWireException("metadata_size " + size + " outside 0.." + limits.maxMetadataSize());
            }
            metadataSize = (int) size;
        }
        return new ExtendedHandshake(m, v, p, reqq, yourIp, metadataSize, d.entries());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedHandshake h && m.equals(h.m) && Objects.equals(client, h.client)
                && Objects.equals(port, h.port) && Objects.equals(requestQueue, h.requestQueue)
                && Arrays.equals(yourIp, h.yourIp) && Objects.equals(metadataSize, h.metadataSize)
                && extra.equals(h.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(m, client, port, requestQueue, Arrays.hashCode(yourIp), metadataSize, extra);
    }

    @Override
    public String toString() {
        return "ExtendedHandshake[m=" + m + ", v=" + client + ", p=" + port + ", reqq=" + requestQueue
                + ", metadata_size=" + metadataSize + ", extra=" + extra.keySet() + "]";
    }
}
