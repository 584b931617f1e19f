package org.peerwave.engine.dht;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The BEP 44 items stored at this node, by target, at most {@code capacity} (the least recently
 * written one goes first) and each for at most {@code ttlNanos}. Checks every put: an immutable
 * item's target is the hash of its value; a mutable item's signature verifies, its salt and value
 * are within bounds, its {@code seq} is not below the stored one, and its {@code cas} (when given)
 * matches the stored {@code seq}. Not thread-safe (the node's loop).
 */
public final class ItemStore {

    /**
     * One item.
     *
     * @param value     the bencoded {@code v}
     * @param publicKey the key of a mutable item, or null
     * @param salt      the salt (empty for none) of a mutable item
     * @param seq       the sequence number of a mutable item (0 for immutable ones)
     * @param signature the signature of a mutable item, or null
     */
    public record Item(byte[] value, byte[] publicKey, byte[] salt, long seq, byte[] signature, long storedAt) {
        public boolean mutable() {
            return publicKey != null;
        }
    }

    private final int capacity;
    private final long ttlNanos;
    private final Map<String, Item> items = new LinkedHashMap<>(16, 0.75f, false);

    public ItemStore(int capacity, long ttlNanos) {
        if (capacity < 1 || ttlNanos <= 0) {
            throw new IllegalArgumentException("capacity and ttl must be positive");
        }
        this.capacity = capacity;
        this.ttlNanos = ttlNanos;
    }

    private static String key(byte[] target) {
        return HexFormat.of().formatHex(target);
    }

    /** The item at {@code target}, or null (also when it expired). */
    public Item get(byte[] target, long now) {
        Item i = items.get(key(target));
        if (i != null && now - i.storedAt() > ttlNanos) {
            items.remove(key(target));
            return null;
        }
        return i;
    }

    /** Stores an immutable item; its target is the SHA-1 of {@code value}. */
    public byte[] putImmutable(byte[] value, long now) {
        if (value.length > DhtItems.MAX_VALUE) {
            throw new KrpcException(DhtItems.VALUE_TOO_BIG, "message (v field) too big");
        }
        byte[] target = DhtItems.immutableTarget(value);
        store(target, new Item(value.clone(), null, new byte[0], 0, null, now));
        return target;
    }

    /**
     * Stores a mutable item after the BEP 44 checks.
     *
     * @param cas the seq the writer expects stored, or null
     * @throws KrpcException with the BEP 44 error code when a check fails
     */
    public byte[] putMutable(byte[] value, byte[] publicKey, byte[] salt, long seq, byte[] signature, Long cas,
                             long now) {
        if (value.length > DhtItems.MAX_VALUE) {
            throw new KrpcException(DhtItems.VALUE_TOO_BIG, "message (v field) too big");
        }
        if (salt.length > DhtItems.MAX_SALT) {
            throw new KrpcException(DhtItems.SALT_TOO_BIG, "salt (salt field) too big");
        }
        if (publicKey.length != 32 || signature.length != 64) {
            throw new KrpcException(KrpcException.PROTOCOL, "bad key or signature length");
        }
        if (!DhtItems.verify(publicKey, signature, DhtItems.signatureBuffer(salt, seq, value))) {
            throw new KrpcException(DhtItems.INVALID_SIGNATURE, "invalid signature");
        }
        byte[] target = DhtItems.mutableTarget(publicKey, salt);
        Item old = get(target, now);
        if (old != null) {
            if (cas != null && cas != old.seq()) {
                throw new KrpcException(DhtItems.CAS_MISMATCH, "CAS mismatch, re-read value and try again");
            }
            if (seq < old.seq()) {
                throw new KrpcException(DhtItems.SEQ_TOO_LOW, "sequence number less than current");
            }
            if (seq == old.seq() && !Arrays.equals(value, old.value())) {
                throw new KrpcException(DhtItems.SEQ_TOO_LOW, "same sequence number, different value");
            }
        }
        store(target, new Item(value.clone(), publicKey.clone(), salt.clone(), seq, signature.clone(), now));
        return target;
    }

    private void store(byte[] target, Item item) {
        String k = key(target);
        items.remove(k);
        items.put(k, item);
        while (items.size() > capacity) {
            items.remove(items.keySet().iterator().next());
        }
    }

    public int size() {
        return items.size();
    }
}
