package org.peerwave.engine.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 merkle trees of BEP 52. Leaves are the hashes of 16 KiB blocks; leaves past the end
 * of a file are zero, so a subtree of only padding has a fixed "pad hash" per height.
 */
public final class MerkleTree {

    /** Size of a v2 leaf block. */
    public static final int BLOCK_SIZE = 16 * 1024;
    /** Length of a SHA-256 hash. */
    public static final int HASH_SIZE = 32;

    private MerkleTree() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** The smallest power of two that is at least {@code n} (1 for n &lt;= 1). */
    public static long nextPowerOfTwo(long n) {
        if (n <= 1) {
            return 1;
        }
        return Long.highestOneBit(n - 1) << 1;
    }

    /** The root of a tree of {@code leaves} zero leaves ({@code leaves} a power of two). */
    public static byte[] padHash(long leaves) {
        MessageDigest md = sha256();
        byte[] h = new byte[HASH_SIZE];
        for (long n = leaves; n > 1; n >>= 1) {
            md.update(h);
            md.update(h);
            h = md.digest();
        }
        return h;
    }

    /**
     * The root over {@code count} hashes stored back to back in {@code hashes} from {@code offset},
     * padded up to the next power of two with {@code pad}.
     */
    public static byte[] root(byte[] hashes, int offset, int count, byte[] pad) {
        return root(hashes, offset, count, nextPowerOfTwo(count), pad);
    }

    /**
     * The root over {@code count} hashes padded with {@code pad} to {@code width} leaves
     * ({@code width} a power of two, at least {@code count}).
     */
    public static byte[] root(byte[] hashes, int offset, int count, long width, byte[] pad) {
        if (count <= 0 || width < count || Long.bitCount(width) != 1) {
            throw new IllegalArgumentException("bad merkle tree shape: " + count + " leaves, width " + width);
        }
        MessageDigest md = sha256();
        byte[] level = new byte[count * HASH_SIZE];
        System.arraycopy(hashes, offset, level, 0, count * HASH_SIZE);
        byte[] padAtLevel = pad.clone();
        int filled = count;
        for (long w = width; w > 1; w >>= 1) {
            int next = (filled + 1) / 2;
            for (int i = 0; i < next; i++) {
                md.update(level, 2 * i * HASH_SIZE, HASH_SIZE);
                if (2 * i + 1 < filled) {
                    md.update(level, (2 * i + 1) * HASH_SIZE, HASH_SIZE);
                } else {
                    md.update(padAtLevel);
                }
                try {
                    md.digest(level, i * HASH_SIZE, HASH_SIZE);
                } catch (java.security.DigestException e) {
                    throw new IllegalStateException(e);
                }
            }
            md.update(padAtLevel);
            md.update(padAtLevel);
            padAtLevel = md.digest();
            filled = next;
        }
        byte[] root = new byte[HASH_SIZE];
        System.arraycopy(level, 0, root, 0, HASH_SIZE);
        return root;
    }
}
