package org.peerwave.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.testing.ExternalTool;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP stream server against a real libtorrent seeder (tools/lt_test_peer.py) held to
 * {@value #UPLOAD_LIMIT} B/s, read by {@link HttpClient}, raw sockets and curl.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StreamServerTest {

    private static final Logger LOG = LoggerFactory.getLogger(StreamServerTest.class);
    private static final int PIECE = 256 * 1024;
    private static final int UPLOAD_LIMIT = 1024 * 1024;
    private static final StreamServerSettings SETTINGS = StreamServerSettings.builder()
            .stream(StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).build()).build();

    @TempDir
    static Path work;
    static Path tree;
    static Path movie;
    static HttpClient http;

    @BeforeAll
    static void data() throws IOException {
        tree = work.resolve("seed/Stream Test");
        TestTrees.file(tree.resolve("a-notes.txt"), 12_345, 11);
        TestTrees.file(tree.resolve("b-extra.srt"), 3L * PIECE + 4_321, 12);
        movie = TestTrees.file(tree.resolve("c movie é.mp4"), 20L * 1024 * 1024 + 777, 13);
        TestTrees.file(tree.resolve("d-tail.bin"), 70_001, 14);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    private record Swarm(LibtorrentPeer seed, Engine engine, TorrentHandle handle, TorrentMetainfo meta,
                         StreamServer server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try (engine; seed; server) {
                // all closed
            }
        }
    }

    /** A hybrid torrent of the tree; seeded by libtorrent when {@code seedIp} is not null. */
    private static Swarm swarm(String name, String seedIp, String ourIp, StreamServerSettings settings)
            throws Exception {
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(tree).mode(TorrentCreator.Mode.HYBRID)
                .pieceLength(PIECE).creationDate(null).create();
        Path torrentFile = Files.write(Files.createDirectories(work.resolve("torrents")).resolve(name + ".torrent"),
                created.bytes());
        TorrentMetainfo meta = TorrentMetainfo.parse(created.bytes());
        LibtorrentPeer seed = seedIp == null ? null : LibtorrentPeer.seed(torrentFile, tree.getParent(), seedIp,
                work.resolve("lt-" + name), "--upload-limit", Integer.toString(UPLOAD_LIMIT));
        Engine engine = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getByName(ourIp))
                .listenPort(0).ioThreads(2).build());
        TorrentHandle h = engine.add(meta, Files.createDirectories(work.resolve("out-" + name)), AddOptions.DEFAULT);
        if (seed != null) {
            h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
        }
        return new Swarm(seed, engine, h, meta, StreamServer.start(engine, settings));
    }

    private static int movieIndex(TorrentMetainfo meta) {
        List<FileEntry> files = meta.files();
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).path().getLast().startsWith("c movie")) {
                return i;
            }
        }
        throw new AssertionError("no movie");
    }

    private static byte[] source(long position, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(movie.toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(position);
            f.readFully(b);
            return b;
        }
    }

    private static HttpResponse<byte[]> get(String url, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40));
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    /** Checks a 206 answer for [first, last] of the movie: status, headers and bytes. */
    private static void assertPartial(HttpResponse<byte[]> r, long first, long last, long size) throws IOException {
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(header(r, "Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + size);
        assertThat(header(r, "Content-Length")).isEqualTo(Long.toString(last - first + 1));
        assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(r, "Content-Type")).isEqualTo("video/mp4");
        assertThat(r.body()).as("bytes %d-%d", first, last).isEqualTo(source(first, (int) (last - first + 1)));
    }

    private static double progress(TorrentHandle h) throws Exception {
        return h.stats().get(5, TimeUnit.SECONDS).progress();
    }

    @Test
    void rangeRequestsAtTheStartMiddleAndEndReturnTheSourceBytesBeforeTheDownloadCompletes() throws Exception {
        try (Swarm s = swarm("ranges", "127.0.0.171", "127.0.0.172", SETTINGS)) {
            int index = movieIndex(s.meta());
            String url = s.server().url(s.handle(), index);
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/stream/[0-9a-f]{32}/"
                    + s.handle().infoHashes().v1().hex() + "/" + index + "/c%20movie%20%C3%A9\\.mp4");
            long size = Files.size(movie);

            assertPartial(get(url, "bytes=0-99999"), 0, 99_999, size);
            assertPartial(get(url, "bytes=" + (size / 2) + "-" + (size / 2 + 70_000)), size / 2, size / 2 + 70_000,
                    size);
            assertPartial(get(url, "bytes=" + (size - 5_000) + "-"), size - 5_000, size - 1, size);
            assertPartial(get(url, "bytes=-3000"), size - 3_000, size - 1, size);
            assertPartial(get(url, "bytes=" + (size - 10) + "-" + (size + 1_000_000)), size - 10, size - 1, size);

            HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(URI.create(url))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(header(head, "Content-Length")).isEqualTo(Long.toString(size));
            assertThat(header(head, "Accept-Ranges")).isEqualTo("bytes");
            assertThat(header(head, "Content-Type")).isEqualTo("video/mp4");

            // several clients at once, each on its own connection
            List<CompletableFuture<HttpResponse<byte[]>>> concurrent = new ArrayList<>();
            long[] starts = {size / 5, size * 3 / 10, size * 7 / 10, size * 9 / 10};
            for (long start : starts) {
                HttpClient own = HttpClient.newHttpClient();
                concurrent.add(own.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                        .header("Range", "bytes=" + start + "-" + (start + 150_000)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> own.close()));
            }
            for (int i = 0; i < starts.length; i++) {
                assertPartial(concurrent.get(i).get(60, TimeUnit.SECONDS), starts[i], starts[i] + 150_000, size);
            }
            double progress = progress(s.handle());
            LOG.info("9 range requests answered at torrent progress {}", progress);
            assertThat(progress).as("the ranges were served before the download completed").isLessThan(1.0);
        }
    }

    @Test
    void refusesForeignHostsWrongTokensBadMethodsAndUnsatisfiableRanges() throws Exception {
        try (Swarm s = swarm("refusals", null, "127.0.0.173", SETTINGS)) {
            int index = movieIndex(s.meta());
            String url = s.server().url(s.handle(), index);
            long size = Files.size(movie);
            URI u = URI.create(url);
            String path = u.getRawPath();

            String rebound = raw(s.server().address(), "GET " + path + " HTTP/1.1\r\nHost: evil.example:"
                    + u.getPort() + "\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n");
            assertThat(rebound).startsWith("HTTP/1.1 403 ");
            String noHost = raw(s.server().address(), "GET " + path + " HTTP/1.0\r\n\r\n");
            assertThat(noHost).startsWith("HTTP/1.0 403 ");
            String loopbackName = raw(s.server().address(), "HEAD " + path + " HTTP/1.1\r\nHost: localhost:"
                    + u.getPort() + "\r\nConnection: close\r\n\r\n");
            assertThat(loopbackName).startsWith("HTTP/1.1 200 ").contains("content-length: " + size);

            String token = path.split("/")[2];
            String other = token.substring(0, 31) + (token.charAt(31) == '0' ? '1' : '0');
            assertThat(get(url.replace(token, other), null).statusCode()).as("wrong token").isEqualTo(404);
            assertThat(get(url.replace("/" + index + "/", "/99/"), null).statusCode()).as("no such file")
                    .isEqualTo(404);
            assertThat(get(url.replace(s.handle().infoHashes().v1().hex(), "ab".repeat(20)), null).statusCode())
                    .as("unknown torrent").isEqualTo(404);
            String v2 = url.replace(s.handle().infoHashes().v1().hex(), s.handle().infoHashes().v2().hex());
            HttpResponse<byte[]> byV2 = http.send(HttpRequest.newBuilder(URI.create(v2))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(byV2.statusCode()).as("the v2 info hash names the torrent too").isEqualTo(200);

            HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(u)
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(header(post, "Allow")).isEqualTo("GET, HEAD");

            HttpResponse<byte[]> beyond = get(url, "bytes=" + size + "-");
            assertThat(beyond.statusCode()).isEqualTo(416);
            assertThat(header(beyond, "Content-Range")).isEqualTo("bytes */" + size);
            assertThat(get(url, "bytes=-0").statusCode()).isEqualTo(416);
        }
    }

    @Test
    void aClientThatDisconnectsClosesItsChannelAndDropsItsCriticalPieces() throws Exception {
        try (Swarm s = swarm("disconnect", null, "127.0.0.174", SETTINGS)) {
            String url = s.server().url(s.handle(), movieIndex(s.meta()));
            URI u = URI.create(url);
            try (Socket socket = new Socket()) {
                socket.connect(s.server().address(), 5_000);
                socket.getOutputStream().write(("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Range: bytes=5000000-\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                // no peer: the read waits for its piece, which is now critical
                awaitCritical(s.handle(), true);
            }
            awaitCritical(s.handle(), false);
        }
    }

    private static void awaitCritical(TorrentHandle h, boolean present) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.criticalPieces().get(5, TimeUnit.SECONDS).isEmpty() == present) {
            assertThat(System.nanoTime()).as("critical pieces present: %s", present).isLessThan(end);
            Thread.sleep(20);
        }
    }

    @Test
    void aConnectionThatPipelinesTooManyRequestsIsClosed() throws Exception {
        StreamServerSettings two = SETTINGS.toBuilder().maxPipelinedRequests(2).build();
        try (Swarm s = swarm("pipeline", null, "127.0.0.179", two)) {
            String path = URI.create(s.server().url(s.handle(), movieIndex(s.meta()))).getRawPath();
            // no peer: the first request waits for its piece while the others queue behind it
            String get = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=1000000-1000099\r\n\r\n";
            long start = System.nanoTime();
            String answer = raw(s.server().address(), get.repeat(3));
            assertThat(answer).as("closed without an answer").doesNotContain("206 Partial");
            assertThat(System.nanoTime() - start).as("closed before the read time-out")
                    .isLessThan(TimeUnit.SECONDS.toNanos(10));
            awaitCritical(s.handle(), false);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        StreamServerSettings two = SETTINGS.toBuilder().maxConnections(2).build();
        try (Swarm s = swarm("limit", null, "127.0.0.175", two);
             Socket a = new Socket(); Socket b = new Socket(); Socket c = new Socket()) {
            a.connect(s.server().address(), 5_000);
            b.connect(s.server().address(), 5_000);
            c.connect(s.server().address(), 5_000);
            c.setSoTimeout(5_000);
            assertThat(c.getInputStream().read()).as("the third connection is closed").isEqualTo(-1);
            a.close();
            Thread.sleep(200);
            String head = raw(s.server().address(), "HEAD " + URI.create(s.server().url(s.handle(), 0)).getRawPath()
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(head).as("a free slot serves again").startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void curlDownloadsTheWholeFileWhileTheTorrentDownloads() throws Exception {
        ExternalTool.require("/usr/bin/curl", "curl");
        try (Swarm s = swarm("curl", "127.0.0.176", "127.0.0.177", SETTINGS)) {
            String url = s.server().url(s.handle(), movieIndex(s.meta()));
            Path out = work.resolve("curl-out.mp4");
            String code = ExternalTool.run(Duration.ofSeconds(80), List.of("/usr/bin/curl", "--silent", "--show-error",
                    "--fail", "--max-time", "75", "--output", out.toString(), "--write-out", "%{http_code}", url));
            assertThat(code).isEqualTo("200");
            assertThat(Files.mismatch(movie, out)).as("curl got the source bytes").isEqualTo(-1L);
        }
    }

    /** Sends {@code request} on a new socket and returns everything the server sent until it closed. */
    private static String raw(InetSocketAddress server, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 5_000);
            socket.setSoTimeout(10_000);
            OutputStream o = socket.getOutputStream();
            o.write(request.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void settingsAreChecked() {
        assertThat(StreamServerSettings.DEFAULT.bindAddress().isLoopbackAddress()).isTrue();
        assertThat(StreamServerSettings.DEFAULT.port()).isZero();
        assertThatThrownBy(() -> SETTINGS.toBuilder().port(70_000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> SETTINGS.toBuilder().chunkSize(10).build()).hasMessageContaining("chunkSize");
        assertThatThrownBy(() -> SETTINGS.toBuilder().maxConnections(0).build()).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> SETTINGS.toBuilder().maxHeaderSize(10).build()).hasMessageContaining("maxHeaderSize");
        assertThatThrownBy(() -> SETTINGS.toBuilder().maxPipelinedRequests(0).build())
                .hasMessageContaining("maxPipelinedRequests");
        assertThatThrownBy(() -> SETTINGS.toBuilder().openTimeout(Duration.ZERO).build())
                .hasMessageContaining("openTimeout");
    }

    @Test
    void anOversizedHeaderIsRefused() throws Exception {
        StreamServerSettings small = SETTINGS.toBuilder().maxHeaderSize(512).build();
        try (Swarm s = swarm("header", null, "127.0.0.178", small)) {
            String path = URI.create(s.server().url(s.handle(), 0)).getRawPath();
            String ok = raw(s.server().address(), "HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(ok).startsWith("HTTP/1.1 200 ");
            String big = raw(s.server().address(), "HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "
                    + "x".repeat(2_000) + "\r\nConnection: close\r\n\r\n");
            assertThat(big).doesNotStartWith("HTTP/1.1 200 ");
        }
    }
}
