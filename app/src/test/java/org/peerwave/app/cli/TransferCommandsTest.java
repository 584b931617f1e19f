package org.peerwave.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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
import org.peerwave.engine.session.TorrentHandle;

/** {@code peerwave download} and {@code peerwave seed} against a Peerwave engine on loopback. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TransferCommandsTest {

    @TempDir
    Path dir;
    Path content;
    Path torrentFile;
    TorrentMetainfo meta;

    @BeforeEach
    void data() throws IOException {
        content = dir.resolve("seed").resolve("Some Album");
        Random r = new Random(5);
        for (int i = 0; i < 6; i++) {
            byte[] b = new byte[300_000 + r.nextInt(700_000)];
            r.nextBytes(b);
            Files.createDirectories(content.resolve("cd" + (i % 2)));
            Files.write(content.resolve("cd" + (i % 2)).resolve("track " + i + ".flac"), b);
        }
        TorrentCreator.CreatedTorrent t = TorrentCreator.builder(content).pieceLength(64 * 1024).create();
        meta = t.metainfo();
        torrentFile = Files.write(dir.resolve("album.torrent"), t.bytes());
    }

    static EngineSettings on(String ip) throws IOException {
        return EngineSettings.builder().listenAddress(InetAddress.getByName(ip)).ioThreads(1).build();
    }

    @Test
    void downloadPrintsJsonProgressAndExitsZeroWhenVerified() throws Exception {
        Path out = dir.resolve("out");
        try (Engine seeder = Engine.create(on("127.0.0.21"))) {
            seeder.add(meta, content.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            CliTest.Result r = CliTest.run("download", torrentFile.toString(), "-o", out.toString(),
                    "--listen", "127.0.0.22", "--peer", "127.0.0.21:" + seeder.listenPort(), "--json-progress");
            assertThat(r.err()).isEmpty();
            assertThat(r.status()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).isNotEmpty().allMatch(l -> l.matches("\\{\"progress\": [0-9.]+, \"downloadRate\": \\d+,"
                    + " \"uploadRate\": \\d+, \"peers\": \\d+, \"state\": \"[a-z]+\"}"));
            assertThat(lines.getLast()).startsWith("{\"progress\": 1.0000,").endsWith("\"state\": \"seeding\"}");
        }
        assertSameTree(content, out.resolve(content.getFileName().toString()));
    }

    @Test
    void downloadFetchesAMagnetsMetadataFromAPeer() throws Exception {
        Path out = dir.resolve("magnet-out");
        try (Engine seeder = Engine.create(on("127.0.0.26"))) {
            seeder.add(meta, content.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            TorrentMetainfo v1 = TorrentCreator.builder(content).mode(TorrentCreator.Mode.V1).pieceLength(64 * 1024)
                    .create().metainfo();
            seeder.add(v1, content.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            String magnet = org.peerwave.engine.metainfo.MagnetLink.forTorrent(v1).toUri();
            CliTest.Result r = CliTest.run("download", magnet, "-o", out.toString(), "--listen", "127.0.0.27",
                    "--peer", "127.0.0.26:" + seeder.listenPort());
            assertThat(r.err()).isEmpty();
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("downloaded Some Album to ");

            CliTest.Result hybrid = CliTest.run("download", org.peerwave.engine.metainfo.MagnetLink.forTorrent(meta)
                    .toUri(), "-o", out.toString(), "--listen", "127.0.0.27", "--peer",
                    "127.0.0.26:" + seeder.listenPort());
            assertThat(hybrid.status()).isEqualTo(Cli.EXIT_FAILURE);
            assertThat(hybrid.errLines()).singleElement().asString().startsWith("peerwave: error: magnet link: v2 and"
                    + " hybrid magnet links");
        }
        assertSameTree(content, out.resolve(content.getFileName().toString()));
    }

    @Test
    void downloadSelectDownloadsOnlyTheListedFilesOfATorrentFileOrAMagnet() throws Exception {
        Path fromFile = dir.resolve("select-file");
        Path fromMagnet = dir.resolve("select-magnet");
        try (Engine seeder = Engine.create(on("127.0.0.28"))) {
            TorrentCreator.CreatedTorrent created = TorrentCreator.builder(content).mode(TorrentCreator.Mode.V1)
                    .pieceLength(64 * 1024).create();
            TorrentMetainfo v1 = created.metainfo();
            Path v1File = Files.write(dir.resolve("album-v1.torrent"), created.bytes());
            seeder.add(v1, content.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            String peer = "127.0.0.28:" + seeder.listenPort();
            CliTest.Result file = CliTest.run("download", v1File.toString(), "-o", fromFile.toString(),
                    "--listen", "127.0.0.29", "--peer", peer, "--select", "0,2-3", "--json-progress");
            assertThat(file.err()).isEmpty();
            assertThat(file.status()).isZero();
            assertThat(file.out().lines().toList().getLast()).startsWith("{\"progress\": 1.0000,")
                    .endsWith("\"state\": \"seeding\"}");
            assertOnly(v1, fromFile, List.of(0, 2, 3));

            String magnet = org.peerwave.engine.metainfo.MagnetLink.forTorrent(v1).toUri();
            CliTest.Result viaMagnet = CliTest.run("download", magnet, "-o", fromMagnet.toString(), "--listen",
                    "127.0.0.29", "--peer", peer, "--select", "5");
            assertThat(viaMagnet.err()).isEmpty();
            assertThat(viaMagnet.status()).isZero();
            assertOnly(v1, fromMagnet, List.of(5));

            CliTest.Result none = CliTest.run("download", v1File.toString(), "-o", fromFile.toString(),
                    "--select", "40");
            assertThat(none.status()).isEqualTo(Cli.EXIT_FAILURE);
            assertThat(none.errLines()).containsExactly("peerwave: error: --select names none of the torrent's 6"
                    + " files (indices start at 0)");
            CliTest.Result bad = CliTest.run("download", torrentFile.toString(), "-o", fromFile.toString(),
                    "--select", "2-1");
            assertThat(bad.status()).isEqualTo(Cli.EXIT_FAILURE);
            assertThat(bad.errLines()).containsExactly("peerwave: error: --select must be file indices and ranges"
                    + " such as 0,2,4-6, not '2-1'");
        }
    }

    /** The selected files are there with the right bytes; the others were never created. */
    void assertOnly(TorrentMetainfo m, Path out, List<Integer> selected) throws IOException {
        for (int i = 0; i < m.files().size(); i++) {
            String rel = m.files().get(i).pathString();
            Path got = out.resolve(m.name()).resolve(rel);
            if (selected.contains(i)) {
                assertThat(Files.mismatch(content.resolve(rel), got)).as(rel).isEqualTo(-1L);
            } else {
                assertThat(got).as(rel).doesNotExist();
            }
        }
    }

    @Test
    void seedPrintsTheMagnetAndPortAndServesAnotherEngine() throws Exception {
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread seeding = new Thread(() -> status.set(Main.run(CliTest.offline(new String[] {"seed",
                content.toString(), "--listen", "127.0.0.23"}), new PrintWriter(outText, true), new PrintWriter(errText, true))));
        seeding.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outText.toString().lines().count() < 3 && System.nanoTime() < end && seeding.isAlive()) {
            Thread.sleep(50);
        }
        List<String> lines = outText.toString().lines().toList();
        assertThat(lines).as("stdout %s, stderr %s", outText, errText).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lines.get(0)).startsWith("magnet:?xt=urn:btih:").contains("urn:btmh:1220");
        int port = Integer.parseInt(lines.get(1));
        assertThat(lines.get(2)).isEqualTo("seeding Some Album");

        // the seed command made a hybrid torrent of the folder: download it with the same creator's result
        TorrentMetainfo hybrid = TorrentCreator.builder(content).mode(TorrentCreator.Mode.HYBRID).create().metainfo();
        assertThat(lines.get(0)).contains(hybrid.infoHashes().v1().hex());
        Path out = dir.resolve("from-seed-command");
        try (Engine leecher = Engine.create(on("127.0.0.24"))) {
            TorrentHandle h = leecher.add(hybrid, out, AddOptions.DEFAULT);
            h.connectPeer(new InetSocketAddress("127.0.0.23", port));
            h.completion().get(60, TimeUnit.SECONDS);
        } finally {
            seeding.interrupt();
            seeding.join(20_000);
        }
        assertThat(status.get()).isZero();
        assertSameTree(content, out.resolve(content.getFileName().toString()));
    }

    @Test
    void seedFailsWithOneLineWhenTheDataIsIncomplete() throws Exception {
        Files.delete(content.resolve("cd1").resolve("track 3.flac"));
        CliTest.Result r = CliTest.run("seed", torrentFile.toString(), "--data", content.getParent().toString(),
                "--listen", "127.0.0.25");
        assertThat(r.status()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().getFirst()).startsWith("peerwave: error: the data in ").contains("is incomplete");
    }

    /**
     * The smallest HTTP tracker that works: it lists every peer that announced (compact), so the
     * command finds the seeder with no --peer. The engine's tests run real trackers.
     */
    static com.sun.net.httpserver.HttpServer tinyTracker() throws IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        java.util.Map<String, byte[]> peers = new java.util.concurrent.ConcurrentHashMap<>();
        server.createContext("/announce", x -> {
            try (x) {
                String q = x.getRequestURI().getRawQuery();
                int port = Integer.parseInt(q.replaceAll(".*(^|&)port=(\\d+).*", "$2"));
                byte[] ip = x.getRemoteAddress().getAddress().getAddress();
                peers.put(x.getRemoteAddress().getAddress().getHostAddress() + ":" + port,
                        new byte[] {ip[0], ip[1], ip[2], ip[3], (byte) (port >> 8), (byte) port});
                java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
                body.writeBytes(("d8:intervali60e5:peers" + peers.size() * 6 + ":").getBytes());
                peers.values().forEach(body::writeBytes);
                body.write('e');
                x.sendResponseHeaders(200, body.size());
                x.getResponseBody().write(body.toByteArray());
            }
        });
        server.start();
        return server;
    }

    @Test
    void downloadFindsTheSeederThroughTheTorrentsTrackerAndReportsADeadOneOnce() throws Exception {
        var tracker = tinyTracker();
        try (Engine seeder = Engine.create(on("127.0.0.28"))) {
            String live = "http://127.0.0.1:" + tracker.getAddress().getPort() + "/announce";
            String dead = "http://127.0.0.1:1/announce";
            TorrentCreator.CreatedTorrent t = TorrentCreator.builder(content).pieceLength(64 * 1024)
                    .trackers(List.of(List.of(dead), List.of(live))).create();
            Path file = Files.write(dir.resolve("tracked.torrent"), t.bytes());
            seeder.add(t.metainfo(), content.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            Path out = dir.resolve("tracked-out");
            CliTest.Result r = CliTest.run("download", file.toString(), "-o", out.toString(), "--listen", "127.0.0.29");
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("downloaded Some Album to ");
            // the dead tracker fails at every announce (started, completed): one line, then quiet
            assertThat(r.errLines()).singleElement().asString().startsWith("tracker " + dead + ": ");
            assertSameTree(content, out.resolve(content.getFileName().toString()));

            CliTest.Result off = CliTest.run("download", file.toString(), "-o", dir.resolve("off").toString(),
                    "--listen", "127.0.0.29", "--no-trackers", "--peer", "127.0.0.28:" + seeder.listenPort());
            assertThat(off.status()).isZero();
            assertThat(off.err()).isEmpty();
        } finally {
            tracker.stop(0);
        }
    }

    @Test
    void magnetLinksAndBadPeersAreOneLineErrors() {
        CliTest.Result magnet = CliTest.run("download", "magnet:?xt=urn:btih:" + "a".repeat(40), "-o",
                dir.resolve("m").toString());
        assertThat(magnet.status()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(magnet.errLines()).containsExactly(
                "peerwave: error: the magnet link has no trackers and --no-dht was given: give --peer HOST:PORT"
                        + " to fetch the metadata from, or pass a .torrent file");
        CliTest.Result noTrackers = CliTest.run("download", "magnet:?xt=urn:btih:" + "a".repeat(40)
                + "&tr=http%3A%2F%2F127.0.0.1%3A1%2Fannounce", "-o", dir.resolve("m").toString(), "--no-trackers");
        assertThat(noTrackers.status()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(noTrackers.errLines()).containsExactly(
                "peerwave: error: with --no-trackers the magnet link has no peers and --no-dht was given: give"
                        + " --peer HOST:PORT to fetch the metadata from, or pass a .torrent file");
        CliTest.Result peer = CliTest.run("download", torrentFile.toString(), "-o", dir.resolve("p").toString(),
                "--peer", "localhost");
        assertThat(peer.status()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(peer.errLines()).containsExactly("peerwave: error: --peer must be HOST:PORT, not 'localhost'");
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(expected)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(6);
        for (Path f : files) {
            Path other = actual.resolve(expected.relativize(f).toString());
            assertThat(Files.mismatch(f, other)).as("first differing byte of %s", other).isEqualTo(-1L);
        }
    }
}
