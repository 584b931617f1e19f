package org.peerwave.engine.storage;

import java.util.Arrays;

/**
 * A set of pieces (have or need), with the BitTorrent wire layout: piece 0 is the high bit of the
 * first byte; spare bits in the last byte are zero. Not thread-safe; {@link #copy()} to share.
 */
public final class Bitfield {

    private final int pieceCount;
    private final byte[] bits;
    private int count;

    public Bitfield(int pieceCount) {
        if (pieceCount < 0) {
            throw new IllegalArgumentException("negative piece count " + pieceCount);
        }
        this.pieceCount = pieceCount;
        this.bits = new byte[wireLength(pieceCount)];
    }

    /** Bytes a bitfield of {@code pieceCount} pieces takes on the wire. */
    public static int wireLength(int pieceCount) {
        return (int) ((pieceCount + 7L) / 8);
    }

    /**
     * Parses a wire bitfield; fails with an {@link IllegalArgumentException} when the length is not
     * exactly {@link #wireLength(int)} or a spare bit is set.
     */
    public static Bitfield fromWire(byte[] wire, int pieceCount) {
        Bitfield b = new Bitfield(pieceCount);
        if (wire.length != b.bits.length) {
            throw new IllegalArgumentException("bitfield of " + wire.length + " bytes for " + pieceCount
                    + " pieces; expected " + b.bits.length);
        }
        int spare = b.bits.length * 8 - pieceCount;
        if (spare > 0 && (wire[wire.length - 1] & ((1 << spare) - 1)) != 0) {
            throw new IllegalArgumentException("bitfield has spare bits set past piece " + (pieceCount - 1));
        }
        System.arraycopy(wire, 0, b.bits, 0, wire.length);
        for (byte x : wire) {
            b.count += Integer.bitCount(x & 0xff);
        }
        return b;
    }

    /** A bitfield with every piece set. */
    public static Bitfield all(int pieceCount) {
        Bitfield b = new Bitfield(pieceCount);
        b.setAll();
        return b;
    }

    public int pieceCount() {
        return pieceCount;
    }

    public boolean get(int piece) {
        checkIndex(piece);
        return (bits[piece >>> 3] & (0x80 >>> (piece & 7))) != 0;
    }

    public void set(int piece) {
        checkIndex(piece);
        int mask = 0x80 >>> (piece & 7);
        if ((bits[piece >>> 3] & mask) == 0) {
            bits[piece >>> 3] |= (byte) mask;
            count++;
        }
    }

    public void set(int piece, boolean value) {
        if (value) {
            set(piece);
        } else {
            clear(piece);
        }
    }

    public void clear(int piece) {
        checkIndex(piece);
        int mask = 0x80 >>> (piece & 7);
        if ((bits[piece >>> 3] & mask) != 0) {
            bits[piece >>> 3] &= (byte) ~mask;
            count--;
        }
    }

    public void setAll() {
        for (int i = 0; i < pieceCount; i++) {
            set(i);
        }
    }

    /** Number of pieces set. */
    public int count() {
        return count;
    }

    public boolean isComplete() {
        return count == pieceCount;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Next set piece at or after {@code from}, or -1. */
    public int nextSet(int from) {
        for (int i = Math.max(0, from); i < pieceCount; i++) {
            if (get(i)) {
                return i;
            }
        }
        return -1;
    }

    /** Sets every piece that is set in {@code other}. */
    public void or(Bitfield other) {
        sameSize(other);
        for (int i = 0; i < pieceCount; i++) {
            if (other.get(i)) {
                set(i);
            }
        }
    }

    /** Clears every piece that is set in {@code other}. */
    public void andNot(Bitfield other) {
        sameSize(other);
        for (int i = 0; i < pieceCount; i++) {
            if (other.get(i)) {
                clear(i);
            }
        }
    }

    /** The wire form (a copy). */
    public byte[] toWire() {
        return bits.clone();
    }

    public Bitfield copy() {
        return fromWire(bits, pieceCount);
    }

    private void sameSize(Bitfield other) {
        if (other.pieceCount != pieceCount) {
            throw new IllegalArgumentException("bitfields of " + pieceCount + " and " + other.pieceCount + " pieces");
        }
    }

    private void checkIndex(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bitfield b && b.pieceCount == pieceCount && Arrays.equals(b.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * pieceCount + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "Bitfield[" + count + "/" + pieceCount + "]";
    }
}
