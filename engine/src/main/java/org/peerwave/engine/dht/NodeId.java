package org.peerwave.engine.dht;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * A 160-bit DHT node id (also the key space of info hashes). Distance is XOR, compared as an
 * unsigned big-endian number. Immutable.
 */
public final class NodeId implements Comparable<NodeId> {

    public static final int LENGTH = 20;
    public static final int BITS = 160;

    private static final byte[] V4_MASK = {0x03, 0x0f, 0x3f, (byte) 0xff};
    private static final byte[] V6_MASK = {0x01, 0x03, 0x07, 0x0f, 0x1f, 0x3f, 0x7f, (byte) 0xff};

    private final byte[] bytes;

    private NodeId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of 20 bytes as an id. */
    public static NodeId of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a node id has 20 bytes, not "
                    + (bytes == null ? "none" : bytes.length));
        }
        return new NodeId(bytes.clone());
    }

    public static NodeId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public static NodeId random(Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new NodeId(b);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    /** The XOR distance to {@code other}, itself an id-sized number. */
    public NodeId distance(NodeId other) {
        byte[] d = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            d[i] = (byte) (bytes[i] ^ other.bytes[i]);
        }
        return new NodeId(d);
    }

    /** Negative when {@code a} is closer to this id than {@code b}, positive when farther, 0 when equally far. */
    public int compareDistance(NodeId a, NodeId b) {
        for (int i = 0; i < LENGTH; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xff;
            int db = (b.bytes[i] ^ bytes[i]) & 0xff;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return 0;
    }

    /** The number of leading bits this id shares with {@code other} (160 when equal). */
    public int commonPrefixLength(NodeId other) {
        for (int i = 0; i < LENGTH; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    /** Bit {@code i}, counted from the most significant (0) to the least (159). */
    public boolean bit(int i) {
        return (bytes[i >>> 3] & (0x80 >>> (i & 7))) != 0;
    }

    /**
     * A random id sharing exactly {@code prefix} leading bits with this one (bit {@code prefix} is
     * flipped, the rest random); {@code prefix} 160 gives this id.
     */
    public NodeId randomWithPrefix(int prefix, Random random) {
        if (prefix < 0 || prefix > BITS) {
            throw new IllegalArgumentException("prefix must be 0..160, not " + prefix);
        }
        if (prefix == BITS) {
            return this;
        }
        byte[] r = new byte[LENGTH];
        random.nextBytes(r);
        byte[] out = bytes.clone();
        for (int i = prefix; i < BITS; i++) {
            int byteIndex = i >>> 3;
            int mask = 0x80 >>> (i & 7);
            boolean v = i == prefix ? !bit(i) : (r[byteIndex] & mask) != 0;
            out[byteIndex] = (byte) (v ? (out[byteIndex] | mask) : (out[byteIndex] & ~mask));
        }
        return new NodeId(out);
    }

    // ------------------------------------------------------------------ BEP 42

    /**
     * A BEP 42 id for {@code address}: the first 21 bits from the CRC32-C of the masked address and
     * {@code r}, the last byte {@code r}, the rest random.
     */
    public static NodeId secure(InetAddress address, int r, Random random) {
        byte[] id = new byte[LENGTH];
        random.nextBytes(id);
        int crc = secureCrc(address.getAddress(), r & 0xff);
        id[0] = (byte) (crc >>> 24);
        id[1] = (byte) (crc >>> 16);
        id[2] = (byte) (((crc >>> 8) & 0xf8) | (id[2] & 0x07));
        id[LENGTH - 1] = (byte) r;
        return new NodeId(id);
    }

    /**
     * True when this id is valid for {@code address} under BEP 42. Addresses BEP 42 exempts (loopback,
     * private and link-local ranges) are always valid.
     */
    public boolean isSecureFor(InetAddress address) {
        if (isExempt(address)) {
            return true;
        }
        int crc = secureCrc(address.getAddress(), bytes[LENGTH - 1] & 0xff);
        return (bytes[0] & 0xff) == ((crc >>> 24) & 0xff)
                && (bytes[1] & 0xff) == ((crc >>> 16) & 0xff)
                && (bytes[2] & 0xf8) == ((crc >>> 8) & 0xf8);
    }

    /** Loopback, private (10/8, 172.16/12, 192.168/16), link-local, unique-local v6 and the like. */
    static boolean isExempt(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }

    private static int secureCrc(byte[] ip, int r) {
        byte[] mask = ip.length == 4 ? V4_MASK : V6_MASK;
        byte[] masked = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            masked[i] = (byte) (ip[i] & mask[i]);
        }
        masked[0] |= (byte) ((r & 0x07) << 5);
        CRC32C crc = new CRC32C();
        crc.update(masked);
        return (int) crc.getValue();
    }

    @Override
    public int compareTo(NodeId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
