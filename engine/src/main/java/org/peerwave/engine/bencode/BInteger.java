package org.peerwave.engine.bencode;

/** A bencoded integer ({@code i42e}); bencode integers are signed 64-bit here. */
public record BInteger(long value) implements BValue {

    public static BInteger of(long value) {
        return new BInteger(value);
    }
}
