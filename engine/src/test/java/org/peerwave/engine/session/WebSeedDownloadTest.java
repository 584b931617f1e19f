package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.ExternalTool;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.WebSeedOrigin;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.peerwave.engine.testing.peers.ManagedProcess;
import org.peerwave.engine.testing.peers.Net;
import org.peerwave.engine.webseed.WebSeedSettings;

/**
 * Web seeds (BEP 19, BEP 17) in whole downloads: from Python's {@code http.server} (a real origin
 * that ignores {@code Range}), from a range-capable test origin with faults (503 + Retry-After,
 * corrupt data, wrong sizes), alone and together with a libtorrent seeder; every byte compared.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebSeedDownloadTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebSeedDownloadTest.class);

    @TempDir
    static Path work;
    static Path single;
    static Path tree;

    @BeforeAll
    static void data() throws Exception {
        Path origin = Files.createDirectories(work.resolve("origin"));
        single = TestTrees.file(origin.resolve("big video.mkv"), 9L * 1024 * 1024 + 4_321, 31);
        tree = TestTrees.unicodeTree(origin);
        TestTrees.oddTree(tree); // odd sizes, nested folders, empty files inside the unicode tree
        TestTrees.file(tree.resolve("video/part one.bin"), 3L * 1024 * 1024 + 77, 32);
    }

    private static TorrentMetainfo torrent(Path source, TorrentCreator.Mode mode, List<String> webSeeds,
                                           List<String> httpSeeds) throws Exception {
        return TorrentMetainfo.parse(TorrentCreator.builder(source).mode(mode).pieceLength(256 * 1024)
                .webSeeds(webSeeds).httpSeeds(httpSeeds).creationDate(null).create().bytes());
    }

    private static EngineSettings settings(String ip, WebSeedSettings web) throws Exception {
        return SwarmFixtures.settings(ip).toBuilder().webSeeds(web).build();
    }

    private static WebSeedSettings fastRetries() {
        return WebSeedSettings.builder().retryBase(Duration.ofMillis(100)).retryMax(Duration.ofSeconds(2)).build();
    }

    /** Python's http.server on {@code ip}, serving {@code dir}: it answers range requests with the whole file. */
    private record PyServer(ManagedProcess process, String url) implements AutoCloseable {
        static PyServer start(Path dir, String ip, Path workDir) throws Exception {
            ExternalTool.require("/usr/bin/python3", "python3");
            int port = Net.freePort(ip);
            Files.createDirectories(workDir);
            ManagedProcess p = new ManagedProcess("http.server", List.of("/usr/bin/python3", "-m", "http.server",
                    String.valueOf(port), "--bind", ip, "--directory", dir.toString()), workDir, Map.of());
            try {
                Net.awaitTcp(ip, port, Duration.ofSeconds(20));
            } catch (RuntimeException | Error e) {
                p.close();
                throw e;
            }
            return new PyServer(p, "http://" + ip + ":" + port);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private static WebSeedInfo onlyWebSeed(TorrentHandle h) throws Exception {
        List<WebSeedInfo> list = h.webSeeds().get(5, TimeUnit.SECONDS);
        assertThat(list).hasSize(1);
        return list.getFirst();
    }

    private static void await(TorrentHandle h, int seconds, Object... diagnostics) throws Exception {
        try {
            h.completion().get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\nweb seeds "
                    + h.webSeeds().get(5, TimeUnit.SECONDS) + "\n" + List.of(diagnostics), e);
        }
    }

    @Test
    void singleFileFromPythonHttpServerOnly() throws Exception {
        try (PyServer server = PyServer.start(single.getParent(), "127.0.0.41", work.resolve("py-single"));
             Engine engine = Engine.create(settings("127.0.0.42", fastRetries()))) {
            String url = server.url() + "/"; // ends in a slash: the torrent's name is added
            TorrentMetainfo t = torrent(single, TorrentCreator.Mode.V1, List.of(url), List.of());
            Path out = Files.createDirectories(work.resolve("out-single"));
            TorrentHandle h = engine.add(t, out, AddOptions.DEFAULT);
            await(h, 120);
            WebSeedInfo w = onlyWebSeed(h);
            assertThat(w.downloaded()).isEqualTo(Files.size(single));
            assertThat(SwarmFixtures.stats(h).peers()).isZero();
            assertThat(Files.mismatch(single, out.resolve(single.getFileName().toString()))).isEqualTo(-1L);
        }
    }

    @Test
    void multiFileWithPadFilesFromPythonHttpServerOnly() throws Exception {
        try (PyServer server = PyServer.start(tree.getParent(), "127.0.0.43", work.resolve("py-multi"));
             Engine engine = Engine.create(settings("127.0.0.44", fastRetries()))) {
            String url = server.url(); // no slash: one is added before the name
            TorrentMetainfo t = torrent(tree, TorrentCreator.Mode.HYBRID, List.of(url), List.of());
            assertThat(t.files()).anyMatch(org.peerwave.engine.metainfo.FileEntry::pad);
            Path out = Files.createDirectories(work.resolve("out-multi"));
            TorrentHandle h = engine.add(t, out, AddOptions.DEFAULT);
            await(h, 150);
            // padding blocks are never asked of anyone (the picker fills them in): the files' bytes,
            // plus the pad bytes that share a block with file bytes
            assertThat(onlyWebSeed(h).downloaded()).isBetween(t.totalLength(), t.storageLength() - 1);
            SwarmFixtures.assertSameFilesSmall(tree, out.resolve(tree.getFileName().toString()));
        }
    }

    @Test
    void magnetWebSeedAndLibtorrentPeerBothContribute() throws Exception {
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(single).mode(TorrentCreator.Mode.V1)
                .pieceLength(256 * 1024).creationDate(null).create();
        TorrentMetainfo plain = TorrentMetainfo.parse(created.bytes());
        Path torrentFile = Files.createDirectories(work.resolve("torrents")).resolve("mixed.torrent");
        Files.write(torrentFile, created.bytes());
        try (WebSeedOrigin origin = new WebSeedOrigin("127.0.0.45", single.getParent()).rateLimit(1_500_000);
             LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, single.getParent(), "127.0.0.46",
                     work.resolve("lt-mixed"), "--upload-limit", "1500000");
             Engine engine = Engine.create(settings("127.0.0.47", fastRetries()))) {
            String ws = origin.baseUrl(); // ends in a slash: the torrent's name is added
            MagnetLink magnet = MagnetLink.parse(MagnetLink.of(plain.infoHashes(), plain.name(), List.of(),
                    List.of(ws)).toUri());
            assertThat(magnet.webSeeds()).containsExactly(ws);
            Path out = Files.createDirectories(work.resolve("out-mixed"));
            TorrentHandle h = engine.add(magnet, out, AddOptions.DEFAULT);
            h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
            await(h, 120, seed.diagnostics());
            WebSeedInfo w = onlyWebSeed(h);
            TorrentStats s = SwarmFixtures.stats(h);
            long fromPeers = s.downloaded() - w.downloaded();
            assertThat(w.url()).isEqualTo(ws);
            assertThat(w.downloaded()).as("bytes from the web seed").isPositive();
            assertThat(fromPeers).as("bytes from libtorrent").isPositive();
            assertThat(origin.bytesServed()).isGreaterThanOrEqualTo(w.downloaded());
            assertThat(Files.mismatch(single, out.resolve(single.getFileName().toString()))).isEqualTo(-1L);
            LOG.info("mixed download: {} bytes from the web seed, {} from libtorrent", w.downloaded(), fromPeers);
        }
    }

    @Test
    void webSeedServingBadDataIsDroppedAndThePeerCompletes() throws Exception {
        Path torrentFile = Files.createDirectories(work.resolve("torrents")).resolve("bad.torrent");
        try (WebSeedOrigin origin = new WebSeedOrigin("127.0.0.48", single.getParent()).corrupt(true);
             Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.50").toBuilder()
                     .webSeeds(fastRetries().toBuilder().failureLimit(2).build()).build())) {
            TorrentCreator.CreatedTorrent created = TorrentCreator.builder(single).mode(TorrentCreator.Mode.V1)
                    .pieceLength(256 * 1024)
                    .webSeeds(List.of(origin.baseUrl())).creationDate(null).create();
            Files.write(torrentFile, created.bytes());
            try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, single.getParent(), "127.0.0.49",
                    work.resolve("lt-bad"), "--upload-limit", "3000000")) {
                Path out = Files.createDirectories(work.resolve("out-bad"));
                TorrentHandle h = engine.add(TorrentMetainfo.parse(created.bytes()), out, AddOptions.DEFAULT);
                h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
                await(h, 120, seed.diagnostics());
                WebSeedInfo w = onlyWebSeed(h);
                assertThat(w.status()).isEqualTo("dropped");
                assertThat(w.failures()).isGreaterThanOrEqualTo(2);
                assertThat(w.lastError()).contains("failed its hash check");
                List<EngineEvent> events = engine.events().drain();
                assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(EngineEvent.WebSeedDropped.class,
                        d -> assertThat(d.url()).isEqualTo(origin.baseUrl())));
                assertThat(events).noneMatch(e -> e instanceof EngineEvent.PeerBanned);
                assertThat(Files.mismatch(single, out.resolve(single.getFileName().toString()))).isEqualTo(-1L);
            }
        }
    }

    @Test
    void busyWebSeedIsAskedAgainAfterItsRetryAfter() throws Exception {
        // the back-off after errors is a minute: finishing in time shows the 1 s Retry-After was used
        WebSeedSettings slowBackOff = WebSeedSettings.builder().retryBase(Duration.ofSeconds(60))
                .retryMax(Duration.ofSeconds(120)).maxConnections(1).build();
        try (WebSeedOrigin origin = new WebSeedOrigin("127.0.0.51", single.getParent()).busyFirst(2, 1, false);
             Engine engine = Engine.create(settings("127.0.0.52", slowBackOff))) {
            TorrentMetainfo t = torrent(single, TorrentCreator.Mode.V1, List.of(origin.baseUrl()), List.of());
            Path out = Files.createDirectories(work.resolve("out-busy"));
            TorrentHandle h = engine.add(t, out, AddOptions.DEFAULT);
            await(h, 40);
            assertThat(origin.busyAnswers()).isEqualTo(2);
            List<Long> times = origin.requestTimes();
            assertThat(times.size()).isGreaterThan(2);
            assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(Duration.ofNanos(times.get(2) - times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(onlyWebSeed(h).downloaded()).isEqualTo(Files.size(single));
            assertThat(Files.mismatch(single, out.resolve(single.getFileName().toString()))).isEqualTo(-1L);
        }
    }

    @Test
    void wrongSizeIsDetectedAndTheOtherWebSeedCompletes() throws Exception {
        try (WebSeedOrigin wrong = new WebSeedOrigin("127.0.0.53", single.getParent()).wrongTotal(true);
             WebSeedOrigin good = new WebSeedOrigin("127.0.0.54", single.getParent()).rateLimit(4_000_000);
             Engine engine = Engine.create(settings("127.0.0.55", fastRetries().toBuilder().failureLimit(2).build()))) {
            TorrentMetainfo t = torrent(single, TorrentCreator.Mode.V1, List.of(wrong.baseUrl(), good.baseUrl()),
                    List.of());
            Path out = Files.createDirectories(work.resolve("out-wrong"));
            TorrentHandle h = engine.add(t, out, AddOptions.DEFAULT);
            await(h, 60);
            List<WebSeedInfo> seeds = h.webSeeds().get(5, TimeUnit.SECONDS);
            WebSeedInfo bad = seeds.stream().filter(w -> w.url().equals(wrong.baseUrl())).findFirst().orElseThrow();
            WebSeedInfo ok = seeds.stream().filter(w -> w.url().equals(good.baseUrl())).findFirst().orElseThrow();
            assertThat(bad.status()).isEqualTo("dropped");
            assertThat(bad.lastError()).contains("wrong size").contains("the torrent says");
            assertThat(bad.downloaded()).isZero();
            assertThat(wrong.requests()).isGreaterThanOrEqualTo(2);
            assertThat(ok.downloaded()).isEqualTo(Files.size(single));
            assertThat(Files.mismatch(single, out.resolve(single.getFileName().toString()))).isEqualTo(-1L);
        }
    }

    @Test
    void severalWebSeedsAtOnceShareTheDownload() throws Exception {
        try (WebSeedOrigin a = new WebSeedOrigin("127.0.0.56", tree.getParent()).rateLimit(2_000_000);
             WebSeedOrigin b = new WebSeedOrigin("127.0.0.57", tree.getParent()).rateLimit(2_000_000);
             Engine engine = Engine.create(settings("127.0.0.58", fastRetries().toBuilder()
                     .requestSize(512 * 1024).build()))) {
            TorrentMetainfo t = torrent(tree, TorrentCreator.Mode.V1, List.of(a.baseUrl(), b.baseUrl()), List.of());
            Path out = Files.createDirectories(work.resolve("out-two"));
            TorrentHandle h = engine.add(t, out, AddOptions.DEFAULT);
            await(h, 90);
            List<WebSeedInfo> seeds = h.webSeeds().get(5, TimeUnit.SECONDS);
            assertThat(seeds).hasSize(2).allSatisfy(w -> assertThat(w.downloaded()).isPositive());
            assertThat(seeds.stream().mapToLong(WebSeedInfo::downloaded).sum()).isEqualTo(t.totalLength());
            assertThat(a.rangeRequests() + b.rangeRequests()).isEqualTo(a.requests() + b.requests());
            SwarmFixtures.assertSameFilesSmall(tree, out.resolve(tree.getFileName().toString()));
        }
    }

    @Test
    void bep17HttpSeedOnlyWithPadFiles() throws Exception {
        try (WebSeedOrigin origin = new WebSeedOrigin("127.0.0.59", tree.getParent());
             Engine engine = Engine.create(settings("127.0.0.60", fastRetries()))) {
            TorrentMetainfo t = torrent(tree, TorrentCreator.Mode.HYBRID, List.of(), List.of(origin.baseUrl() + "seed"));
            origin.bep17(t);
            Path out = Files.createDirectories(work.resolve("out-bep17"));
            TorrentHandle h = engine.add(t, out, AddOptions.DEFAULT);
            await(h, 90);
            assertThat(t.storageLength()).isGreaterThan(t.totalLength());
            assertThat(onlyWebSeed(h).downloaded()).isBetween(t.totalLength(), t.storageLength() - 1);
            assertThat(origin.bytesServed()).as("pad files are never requested").isEqualTo(t.totalLength());
            assertThat(origin.requests()).isGreaterThanOrEqualTo(t.pieceCount());
            assertThat(origin.rangeRequests()).isZero();
            SwarmFixtures.assertSameFilesSmall(tree, out.resolve(tree.getFileName().toString()));
        }
    }

    @Test
    void webSeedsCanBeTurnedOff() throws Exception {
        try (WebSeedOrigin origin = new WebSeedOrigin("127.0.0.61", single.getParent());
             Engine engine = Engine.create(settings("127.0.0.62",
                     WebSeedSettings.builder().enabled(false).build()))) {
            TorrentMetainfo t = torrent(single, TorrentCreator.Mode.V1, List.of(origin.baseUrl()), List.of());
            TorrentHandle h = engine.add(t, Files.createDirectories(work.resolve("out-off")), AddOptions.DEFAULT);
            SwarmFixtures.awaitState(h, TorrentState.Downloading.class, Duration.ofSeconds(20));
            Thread.sleep(1500);
            assertThat(h.webSeeds().get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(origin.requests()).isZero();
        }
    }
}
