package org.peerwave.engine.bencode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A bencoded dictionary ({@code d...e}). Entries keep the order they had in the input (real
 * torrents do not always sort their keys); the encoder always writes them sorted. A dictionary
 * that came from {@link BencodeDecoder} remembers where it was in the input, so that a hash can
 * be taken over the original bytes (the info hash).
 */
public final class BDictionary implements BValue {

    private final Map<BString, BValue> entries;
    private final int sourceOffset;
    private final int sourceLength;

    BDictionary(Map<BString, BValue> entries, int sourceOffset, int sourceLength) {
        this.entries = Collections.unmodifiableMap(entries);
        this.sourceOffset = sourceOffset;
        this.sourceLength = sourceLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The entries in input order (or insertion order for built dictionaries). */
    public Map<BString, BValue> entries() {
        return entries;
    }

    public BValue get(String key) {
        return entries.get(BString.of(key));
    }

    public BValue get(BString key) {
        return entries.get(key);
    }

    public boolean containsKey(String key) {
        return entries.containsKey(BString.of(key));
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** True when this dictionary was decoded from input and knows its byte span there. */
    public boolean hasSource() {
        return sourceOffset >= 0;
    }

    /** Offset of the leading {@code d} in the decoded input, or -1. */
    public int sourceOffset() {
        return sourceOffset;
    }

    /** Length in bytes of this dictionary's encoding in the decoded input, or -1. */
    public int sourceLength() {
        return sourceLength;
    }

    /** Equality is by content only; the source span does not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BDictionary other && new TreeMap<>(entries).equals(new TreeMap<>(other.entries));
    }

    @Override
    public int hashCode() {
        return new TreeMap<>(entries).hashCode();
    }

    @Override
    public String toString() {
        return "BDictionary" + entries.keySet();
    }

    /** Builds a dictionary; later puts of the same key replace earlier ones. */
    public static final class Builder {
        private final Map<BString, BValue> entries = new LinkedHashMap<>();

        public Builder put(BString key, BValue value) {
            entries.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder put(String key, BValue value) {
            return put(BString.of(key), value);
        }

        public Builder put(String key, long value) {
            return put(key, BInteger.of(value));
        }

        public Builder put(String key, String value) {
            return put(key, BString.of(value));
        }

        public Builder put(String key, byte[] value) {
            return put(key, BString.of(value));
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }

        public BDictionary build() {
            return new BDictionary(new LinkedHashMap<>(entries), -1, -1);
        }
    }
}
