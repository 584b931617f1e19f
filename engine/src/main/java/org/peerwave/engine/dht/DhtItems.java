package org.peerwave.engine.dht;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * BEP 44 arithmetic without sockets: target ids of immutable and mutable items, the buffer a
 * mutable item's signature covers, and Ed25519 signing and verification (RFC 8032 keys: a 32-byte
 * seed and a 32-byte public key; the JDK's Ed25519 provider).
 */
public final class DhtItems {

    /** Largest bencoded {@code v} (BEP 44: 1000 bytes). */
    public static final int MAX_VALUE = 1000;
    /** Largest salt (BEP 44: 64 bytes). */
    public static final int MAX_SALT = 64;
    /** Error codes of BEP 44. */
    public static final int VALUE_TOO_BIG = 205;
    public static final int INVALID_SIGNATURE = 206;
    public static final int SALT_TOO_BIG = 207;
    public static final int CAS_MISMATCH = 301;
    public static final int SEQ_TOO_LOW = 302;

    private DhtItems() {
    }

    /** SHA-1 of the bencoded value: the target of an immutable item. */
    public static byte[] immutableTarget(byte[] encodedValue) {
        return sha1(encodedValue);
    }

    /** SHA-1 of the public key and the salt (may be empty): the target of a mutable item. */
    public static byte[] mutableTarget(byte[] publicKey, byte[] salt) {
        byte[] both = Arrays.copyOf(publicKey, publicKey.length + salt.length);
        System.arraycopy(salt, 0, both, publicKey.length, salt.length);
        return sha1(both);
    }

    /** {@code 4:salt<len>:<salt>3:seqi<seq>e1:v<v>} (the salt part only for a non-empty salt). */
    public static byte[] signatureBuffer(byte[] salt, long seq, byte[] encodedValue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encodedValue.length + salt.length + 40);
        if (salt.length > 0) {
            out.writeBytes(("4:salt" + salt.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(salt);
        }
        out.writeBytes(("3:seqi" + seq + "e1:v").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(encodedValue);
        return out.toByteArray();
    }

    /** True when {@code signature} (64 bytes) by {@code publicKey} (32 bytes) covers {@code message}. */
    public static boolean verify(byte[] publicKey, byte[] signature, byte[] message) {
        if (publicKey.length != 32 || signature.length != 64) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey(publicKey));
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // not a point on the curve, say
        }
    }

    /** An Ed25519 key pair made from a 32-byte seed. */
    public record KeyPair(byte[] seed, byte[] publicKey) {
        public KeyPair {
            seed = seed.clone();
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] seed() {
            return seed.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** A new random key pair. */
        public static KeyPair random() {
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            return fromSeed(seed);
        }

        /** The key pair of {@code seed} (32 bytes). */
        public static KeyPair fromSeed(byte[] seed) {
            if (seed.length != 32) {
                throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
            }
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
                g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
                EdECPublicKey pk = (EdECPublicKey) g.generateKeyPair().getPublic();
                return new KeyPair(seed, encode(pk.getPoint()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no Ed25519 in this JDK", e);
            }
        }

        /** Signs {@code message}. */
        public byte[] sign(byte[] message) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(
                        new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
                s.update(message);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no Ed25519 in this JDK", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyPair k && Arrays.equals(seed, k.seed) && Arrays.equals(publicKey, k.publicKey);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "KeyPair[" + java.util.HexFormat.of().formatHex(publicKey) + "]";
        }
    }

    /** Gives the generator our seed as its "random" private key. */
    private static final class FixedRandom extends SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
        }
    }

    /** RFC 8032 encoding: y little-endian, the top bit the sign of x. */
    private static byte[] encode(EdECPoint p) {
        byte[] be = p.getY().toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < Math.min(32, be.length); i++) {
            out[i] = be[be.length - 1 - i];
        }
        if (p.isXOdd()) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    private static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        byte[] le = raw.clone();
        boolean xOdd = (le[31] & 0x80) != 0;
        le[31] &= 0x7F;
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, be));
        return KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519,
                point));
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(Objects.requireNonNull(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
