package org.peerwave.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.Main;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;

/** {@code peerwave stream} in-process against a Peerwave seeder on loopback, read over HTTP. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StreamCommandTest {

    @TempDir
    Path dir;
    Path content;
    Path movie;
    Path torrentFile;
    TorrentMetainfo meta;

    @BeforeEach
    void data() throws IOException {
        content = dir.resolve("seed").resolve("Show");
        Random r = new Random(9);
        Files.createDirectories(content);
        Files.write(content.resolve("big-extras.bin"), bytes(r, 3_000_000));
        movie = Files.write(content.resolve("episode 1.mkv"), bytes(r, 2_000_000));
        Files.write(content.resolve("episode 1.srt"), bytes(r, 20_000));
        TorrentCreator.CreatedTorrent t = TorrentCreator.builder(content).pieceLength(64 * 1024).create();
        meta = t.metainfo();
        torrentFile = Files.write(dir.resolve("show.torrent"), t.bytes());
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void streamPrintsAUrlThatServesRangesOfTheLargestMediaFileUntilInterrupted() throws Exception {
        try (Engine seeder = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.181"))
                .ioThreads(1).build())) {
            seeder.add(meta, content.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            StringWriter outText = new StringWriter();
            StringWriter errText = new StringWriter();
            AtomicInteger status = new AtomicInteger(-1);
            Path out = dir.resolve("out");
            Thread streaming = new Thread(() -> status.set(Main.run(CliTest.offline(new String[] {"stream",
                torrentFile.toString(), "-o", out.toString(), "--listen", "127.0.0.182", "--peer",
                "127.0.0.181:" + seeder.listenPort()}),
                    new PrintWriter(outText, true), new PrintWriter(errText, true))));
            streaming.start();
            try {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (outText.toString().lines().count() < 2 && System.nanoTime() < end && streaming.isAlive()) {
                    Thread.sleep(50);
                }
                List<String> lines = outText.toString().lines().toList();
                assertThat(lines).as("stdout %s, stderr %s", outText, errText).hasSizeGreaterThanOrEqualTo(2);
                assertThat(lines.get(0)).matches("http://127\\.0\\.0\\.1:\\d+/stream/[0-9a-f]{32}/[0-9a-f]{40}/\\d+/"
                        + "episode%201\\.mkv");
                assertThat(lines.get(1)).isEqualTo("streaming episode 1.mkv of Show (Ctrl+C to stop)");
                try (HttpClient http = HttpClient.newHttpClient()) {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(lines.get(0)))
                            .timeout(Duration.ofSeconds(30)).header("Range", "bytes=1500000-1599999").build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(r.statusCode()).isEqualTo(206);
                    assertThat(r.headers().firstValue("Content-Type")).contains("video/x-matroska");
                    assertThat(r.body()).isEqualTo(slice(movie, 1_500_000, 100_000));
                }
            } finally {
                streaming.interrupt();
                streaming.join(20_000);
            }
            assertThat(streaming.isAlive()).isFalse();
            assertThat(status.get()).as("stderr %s", errText).isZero();
            assertThat(out.resolve("Show").resolve("big-extras.bin")).as("only the streamed file is downloaded")
                    .doesNotExist();
        }
    }

    @Test
    void fileChoiceAndBadOptions() throws Exception {
        int mkv = StreamCommand.choose(meta, null);
        assertThat(meta.files().get(mkv).path().getLast()).as("the largest media file, not the largest file")
                .isEqualTo("episode 1.mkv");
        assertThat(StreamCommand.choose(meta, 0)).isZero();
        CliTest.Result bad = CliTest.run("stream", torrentFile.toString(), "-o", dir.resolve("x").toString(),
                "--file", "70");
        assertThat(bad.status()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(bad.errLines()).containsExactly("peerwave: error: --file must be 0.." + (meta.files().size() - 1)
                + " for this torrent, not 70");
        int pad = 0;
        while (!meta.files().get(pad).pad()) {
            pad++;
        }
        CliTest.Result padFile = CliTest.run("stream", torrentFile.toString(), "-o", dir.resolve("x").toString(),
                "--file", Integer.toString(pad));
        assertThat(padFile.errLines()).containsExactly("peerwave: error: --file " + pad + " is a pad file, not a file"
                + " of the torrent");
        CliTest.Result port = CliTest.run("stream", torrentFile.toString(), "--http-port", "70000");
        assertThat(port.status()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(port.errLines()).containsExactly("peerwave: error: --http-port must be 0..65535, not 70000");
    }

    private static byte[] slice(Path file, long position, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(position);
            f.readFully(b);
            return b;
        }
    }
}
