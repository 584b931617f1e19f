package org.peerwave.engine.wire;

/** Helpers for BEP 3 bitfields (high bit of byte 0 is piece 0). */
public final class Bitfields {

    private Bitfields() {
    }

    /** Bytes a bitfield of {@code pieceCount} pieces has. */
    public static int byteLength(int pieceCount) {
        if (pieceCount < 0) {
            throw new IllegalArgumentException("negative piece count " + pieceCount);
        }
        return (int) ((pieceCount + 7L) / 8);
    }

    /**
     * Checks a received bitfield against the torrent's piece count: exact length, spare bits at the
     * end clear (BEP 3: "Clients should drop the connection if they receive bitfields that are not
     * of the correct size, or if the bitfield has any of the spare bits set").
     *
     * @throws PeerWireException when it is wrong
     */
    public static void validate(byte[] bits, int pieceCount) {
        int expected = byteLength(pieceCount);
        if (bits.length != expected) {
            throw new PeerWireException("bitfield of " + bits.length + " bytes for " + pieceCount
                    + " pieces (expected " + expected + ")");
        }
        int spare = expected * 8 - pieceCount;
        if (spare > 0 && (bits[expected - 1] & ((1 << spare) - 1)) != 0) {
            throw new PeerWireException("bitfield has spare bits set past piece " + (pieceCount - 1));
        }
    }

    /** True when bit {@code index} is set; false past the end or for a negative index. */
    public static boolean has(byte[] bits, int index) {
        if (index < 0 || index / 8 >= bits.length) {
            return false;
        }
        return (bits[index >>> 3] & (0x80 >>> (index & 7))) != 0;
    }

    /** Sets bit {@code index}. */
    public static void set(byte[] bits, int index) {
        bits[index >>> 3] |= (byte) (0x80 >>> (index & 7));
    }

    /** A bitfield with all {@code pieceCount} bits set and spare bits clear. */
    public static byte[] full(int pieceCount) {
        byte[] bits = new byte[byteLength(pieceCount)];
        for (int i = 0; i < pieceCount; i++) {
            set(bits, i);
        }
        return bits;
    }
}
