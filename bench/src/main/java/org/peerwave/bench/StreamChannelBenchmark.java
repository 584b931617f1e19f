package org.peerwave.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.stream.TorrentFile;

/**
 * Sequential read throughput of the streaming channel ({@code TorrentFile.openChannel()}) on a
 * complete torrent, against reading the same file directly with a {@link FileChannel}: the cost of
 * the channel's checks and hops (piece verified? then a read through the session's storage).
 *
 * <p>The setup writes a {@value #FILE_SIZE}-byte file of random bytes, makes a v1 torrent of it
 * with pieces of {@code pieceLength}, adds it to an engine (the check finds every piece) and opens
 * the file for streaming. Each invocation reads the whole file from position 0 with a buffer of
 * {@code bufferSize} bytes (both cases the same). The file is in the page cache after the first
 * pass, so this measures the software path, not the disk.
 *
 * <p><b>Units.</b> One operation is one byte ({@link OperationsPerInvocation}), the unit is
 * microseconds: the score reads as <b>MB/s</b>. The ratio of {@code torrentFileChannel} to
 * {@code fileChannel} is the figure of interest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class StreamChannelBenchmark {

    static final int FILE_SIZE = 128 * 1024 * 1024;

    @Param({"262144", "1048576"})
    public int pieceLength;

    @Param({"65536", "1048576"})
    public int bufferSize;

    private Path dir;
    private Path file;
    private Engine engine;
    private TorrentFile torrentFile;
    private SeekableByteChannel stream;
    private FileChannel direct;
    private ByteBuffer buffer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("peerwave-stream-bench");
        file = dir.resolve("data/movie.bin");
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < FILE_SIZE; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(file).mode(TorrentCreator.Mode.V1)
                .pieceLength(pieceLength).creationDate(null).create();
        TorrentMetainfo meta = TorrentMetainfo.parse(created.bytes());
        engine = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getLoopbackAddress()).listenPort(0)
                .build());
        TorrentHandle handle = engine.add(meta, file.getParent(), AddOptions.DEFAULT);
        handle.completion().get(2, TimeUnit.MINUTES);
        torrentFile = TorrentFile.open(handle, 0).get(1, TimeUnit.MINUTES);
        stream = torrentFile.openChannel();
        direct = FileChannel.open(file, StandardOpenOption.READ);
        buffer = ByteBuffer.allocate(bufferSize);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stream.close();
        direct.close();
        engine.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(FILE_SIZE)
    public long torrentFileChannel() throws IOException {
        return readAll(stream);
    }

    @Benchmark
    @OperationsPerInvocation(FILE_SIZE)
    public long fileChannel() throws IOException {
        return readAll(direct);
    }

    private long readAll(SeekableByteChannel ch) throws IOException {
        ch.position(0);
        long total = 0;
        long sum = 0;
        int n;
        while (true) {
            buffer.clear();
            n = ch.read(buffer);
            if (n < 0) {
                break;
            }
            total += n;
            sum += buffer.get(0);
        }
        if (total != FILE_SIZE) {
            throw new IllegalStateException("read " + total + " of " + FILE_SIZE + " bytes");
        }
        return sum;
    }
}
