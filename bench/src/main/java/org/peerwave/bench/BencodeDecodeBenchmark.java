package org.peerwave.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.Bencode;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * Decoding a large .torrent: the bencode decoder alone ({@link #decode}) and the full metainfo
 * parse ({@link #parse}: decode, validation, path sanitizing, info hashes over the original
 * info bytes and, for v2, piece-layer checks).
 *
 * <p>The input is built once per trial by {@link LargeTorrent} (its own bencode writer, so the
 * benchmark does not depend on the engine's encoder): by default 10,000 files in 100 folders
 * and about 20,000 pieces of 256 KiB: 0.93 MB for v1, 3.2 MB for hybrid. The score is
 * the average time of one decode in milliseconds; the input size is printed at setup, so
 * MB/s = size / score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// A fixed heap: each parse allocates tens of MB, and heap resizing would add noise.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class BencodeDecodeBenchmark {

    /** {@code v1}: BEP 3 multi-file; {@code hybrid}: BEP 52 file tree and piece layers plus v1 with pad files. */
    @Param({"v1", "hybrid"})
    public String layout;

    @Param({"10000"})
    public int files;

    @Param({"20000"})
    public int pieces;

    @Param({"262144"})
    public int pieceLength;

    private byte[] torrent;

    @Setup(Level.Trial)
    public void setUp() {
        LargeTorrent built = LargeTorrent.build(LargeTorrent.Layout.valueOf(layout.toUpperCase(java.util.Locale.ROOT)),
                files, pieces, pieceLength, 42);
        torrent = built.bytes();

        // Fail fast if the generated torrent is not what the engine reads back.
        if (!(Bencode.decode(torrent) instanceof BDictionary)) {
            throw new IllegalStateException("generated torrent is not a dictionary");
        }
        TorrentMetainfo meta = TorrentMetainfo.parse(torrent);
        if (meta.contentFiles().size() != files || meta.pieceCount() != built.pieceCount()) {
            throw new IllegalStateException("engine read " + meta + ", generated " + files + " files, "
                    + built.pieceCount() + " pieces");
        }
        System.out.printf("%n[setup] %s torrent: %,d bytes, %,d files, %,d pieces of %,d bytes (%s)%n",
                layout, torrent.length, files, built.pieceCount(), pieceLength, meta.kind());
    }

    @Benchmark
    public BValue decode() {
        return Bencode.decode(torrent);
    }

    @Benchmark
    public TorrentMetainfo parse() {
        return TorrentMetainfo.parse(torrent);
    }
}
