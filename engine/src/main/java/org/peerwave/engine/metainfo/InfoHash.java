package org.peerwave.engine.metainfo;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An info hash: the SHA-1 of a v1 info dictionary (20 bytes) or the SHA-256 of a v2 one (32 bytes).
 * Immutable value; equality is by algorithm and bytes.
 */
public final class InfoHash implements Comparable<InfoHash> {

    /** Which hash function made this info hash. */
    public enum Version {
        /** SHA-1, 20 bytes (BEP 3). */
        V1(20),
        /** SHA-256, 32 bytes (BEP 52). */
        V2(32);

        private final int length;

        Version(int length) {
            this.length = length;
        }

        /** Length of the hash in bytes. */
        public int length() {
            return length;
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final Version version;
    private final byte[] bytes;

    private InfoHash(Version version, byte[] bytes) {
        if (bytes.length != version.length) {
            throw new IllegalArgumentException(
                    "a " + version + " info hash has " + version.length + " bytes, not " + bytes.length);
        }
        this.version = version;
        this.bytes = bytes.clone();
    }

    /** A v1 (SHA-1) info hash from its 20 bytes. */
    public static InfoHash v1(byte[] bytes) {
        return new InfoHash(Version.V1, bytes);
    }

    /** A v2 (SHA-256) info hash from its 32 bytes. */
    public static InfoHash v2(byte[] bytes) {
        return new InfoHash(Version.V2, bytes);
    }

    /** Parses 40 (v1) or 64 (v2) hexadecimal digits, either case. */
    public static InfoHash fromHex(String hex) {
        byte[] b;
        try {
            b = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hexadecimal info hash: " + abbreviate(hex));
        }
        return switch (b.length) {
            case 20 -> v1(b);
            case 32 -> v2(b);
            default -> throw new IllegalArgumentException(
                    "an info hash has 40 or 64 hex digits, not " + hex.length());
        };
    }

    public Version version() {
        return version;
    }

    /** A copy of the hash bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hexadecimal. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /**
     * The 20 bytes used where the wire has room for 20 (handshake, trackers, DHT): a v1 hash itself,
     * or the first 20 bytes of a v2 hash (BEP 52).
     */
    public byte[] wireBytes() {
        return Arrays.copyOf(bytes, 20);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash other && version == other.version && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * version.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(InfoHash o) {
        int c = version.compareTo(o.version);
        return c != 0 ? c : Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return version.name().toLowerCase(Locale.ROOT) + ":" + hex();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
