package org.peerwave.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Piece-hashing throughput of the JDK's {@link MessageDigest} (what the engine uses to hash
 * and verify pieces): SHA-1 for v1 pieces, SHA-256 for v2 merkle leaves.
 *
 * <p><b>Units.</b> One JMH "operation" is one byte hashed ({@link OperationsPerInvocation}
 * equals the buffer size), and the output unit is microseconds, so the score in
 * {@code ops/us} reads directly as <b>MB/s</b> (10<sup>6</sup> bytes per second).
 *
 * <p><b>Per core and all cores.</b> Each case runs twice: {@code *_perCore} with one thread,
 * and {@code *_allCores} with {@link Threads#MAX} threads (one per available processor).
 * JMH sums the threads' throughput, so {@code allCores / perCore} shows how well hashing
 * scales across the machine's cores.
 *
 * <p><b>Sizes.</b> 1 MiB is a typical piece (one {@code update} per piece); 16 KiB is a
 * block and a v2 merkle leaf, where per-call overhead starts to show.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HashingBenchmark {

    private static final int MIB = 1 << 20;
    private static final int BLOCK = 16 << 10;

    @Param({"SHA-1", "SHA-256"})
    public String algorithm;

    private MessageDigest digest;
    private byte[] piece;
    private byte[] block;
    private byte[] out;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        digest = MessageDigest.getInstance(algorithm);
        out = new byte[digest.getDigestLength()];
        // Random, incompressible content; per-thread so threads do not share cache lines.
        SplittableRandom random = new SplittableRandom(Thread.currentThread().threadId());
        piece = new byte[MIB];
        block = new byte[BLOCK];
        fill(random, piece);
        fill(random, block);
    }

    private static void fill(SplittableRandom random, byte[] buffer) {
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = (byte) random.nextInt(256);
        }
    }

    private byte[] hash(byte[] buffer) {
        digest.update(buffer, 0, buffer.length);
        try {
            digest.digest(out, 0, out.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(MIB)
    public byte[] piece1MiB_perCore() {
        return hash(piece);
    }

    @Benchmark
    @Threads(Threads.MAX)
    @OperationsPerInvocation(MIB)
    public byte[] piece1MiB_allCores() {
        return hash(piece);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BLOCK)
    public byte[] block16KiB_perCore() {
        return hash(block);
    }

    @Benchmark
    @Threads(Threads.MAX)
    @OperationsPerInvocation(BLOCK)
    public byte[] block16KiB_allCores() {
        return hash(block);
    }
}
