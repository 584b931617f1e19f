package org.peerwave.engine.dht;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;

/**
 * The write tokens of {@code get_peers} / {@code announce_peer} (BEP 5): a token is the first 8
 * bytes of SHA-1(secret, requester's IP). The secret rotates every {@code rotation}; a token of the
 * current or the previous secret is accepted, so a token stays valid between one and two rotations.
 * Pure (the time comes in); owned by one thread.
 */
public final class TokenManager {

    static final int TOKEN_LENGTH = 8;

    private final Random random;
    private final long rotationNanos;
    private byte[] current = new byte[16];
    private byte[] previous = new byte[16];
    private long rotatedAt;

    public TokenManager(Random random, long rotationNanos, long now) {
        if (rotationNanos <= 0) {
            throw new IllegalArgumentException("rotation must be positive");
        }
        this.random = random;
        this.rotationNanos = rotationNanos;
        random.nextBytes(current);
        random.nextBytes(previous);
        this.rotatedAt = now;
    }

    private void rotateIfDue(long now) {
        while (now - rotatedAt >= rotationNanos) {
            previous = current;
            current = new byte[16];
            random.nextBytes(current);
            rotatedAt += rotationNanos;
            if (now - rotatedAt >= 2 * rotationNanos) { // long idle: both old secrets are void anyway
                random.nextBytes(previous);
                rotatedAt = now;
            }
        }
    }

    /** The token to give {@code requester} now. */
    public byte[] tokenFor(InetAddress requester, long now) {
        rotateIfDue(now);
        return token(current, requester);
    }

    /** True when {@code token} was given to {@code requester} under the current or the previous secret. */
    public boolean isValid(byte[] token, InetAddress requester, long now) {
        rotateIfDue(now);
        if (token == null || token.length != TOKEN_LENGTH) {
            return false;
        }
        return MessageDigest.isEqual(token, token(current, requester))
                || MessageDigest.isEqual(token, token(previous, requester));
    }

    private static byte[] token(byte[] secret, InetAddress ip) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(secret);
            sha1.update(ip.getAddress());
            return Arrays.copyOf(sha1.digest(), TOKEN_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
