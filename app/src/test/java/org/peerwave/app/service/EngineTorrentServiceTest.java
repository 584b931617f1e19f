package org.peerwave.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.FilePriority;
import org.peerwave.engine.testing.TestTrees;

/**
 * The engine-backed service: adding from a file and a magnet, snapshots, files with progress, and the
 * torrent list surviving a restart (with the engine's resume data).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineTorrentServiceTest {

    @TempDir
    Path work;

    EngineTorrentService start() throws Exception {
        EngineSettings settings = EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.173"))
                .listenPort(0).resumeDir(work.resolve("data/resume")).build();
        return EngineTorrentService.start(settings, new TorrentStore(work.resolve("data/torrents")),
                work.resolve("downloads"));
    }

    static Map<String, TorrentSnapshot> await(EngineTorrentService s, Predicate<Map<String, TorrentSnapshot>> ok)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, TorrentSnapshot> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = s.snapshots().get(10, TimeUnit.SECONDS).stream()
                    .collect(Collectors.toMap(TorrentSnapshot::id, x -> x));
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never reached; last: " + last);
    }

    @Test
    void torrentListSurvivesARestart() throws Exception {
        Path shared = Files.createDirectories(work.resolve("shared/Album"));
        TestTrees.file(shared.resolve("a.bin"), 700_000, 1);
        TestTrees.file(shared.resolve("b.bin"), 300_000, 2);
        TorrentCreator.CreatedTorrent made = TorrentCreator.builder(shared).mode(TorrentCreator.Mode.V1)
                .pieceLength(64 * 1024).create();
        Path torrentFile = Files.write(work.resolve("album.torrent"), made.bytes());
        Path other = Files.createDirectories(work.resolve("other/Missing"));
        TestTrees.file(other.resolve("c.bin"), 200_000, 3);
        TorrentCreator.CreatedTorrent missing = TorrentCreator.builder(other).mode(TorrentCreator.Mode.HYBRID)
                .create();
        String magnet = "magnet:?xt=urn:btih:" + "0123456789abcdef".repeat(2) + "01234567" + "&dn=Later";

        String album;
        String gone;
        String magnetId;
        try (EngineTorrentService s = start()) {
            TorrentPreview p = s.preview(new AddSource.TorrentFile(torrentFile)).get(10, TimeUnit.SECONDS);
            assertThat(p.name()).isEqualTo("Album");
            assertThat(p.files()).extracting(FileInfo::path).containsExactly("a.bin", "b.bin");
            album = s.add(new AddRequest(p, work.resolve("shared"), List.of(), false, true)).get(10, TimeUnit.SECONDS);

            TorrentPreview q = s.preview(new AddSource.TorrentBytes(missing.bytes(), "bytes")).get(10, TimeUnit.SECONDS);
            gone = s.add(new AddRequest(q, work.resolve("nowhere"), List.of(FilePriority.HIGH), true, false))
                    .get(10, TimeUnit.SECONDS);
            TorrentPreview m = s.preview(new AddSource.Magnet(magnet)).get(10, TimeUnit.SECONDS);
            assertThat(m.isMagnet()).isTrue();
            assertThat(m.name()).isEqualTo("Later");
            magnetId = s.add(new AddRequest(m, work.resolve("downloads"), List.of(), false, false))
                    .get(10, TimeUnit.SECONDS);

            Map<String, TorrentSnapshot> snaps = await(s, x -> x.size() == 3
                    && x.get(album).status() == TorrentStatus.SEEDING);
            assertThat(snaps.get(album).progress()).isEqualTo(1.0);
            assertThat(snaps.get(album).sequential()).isTrue();
            assertThat(snaps.get(gone).status()).isEqualTo(TorrentStatus.PAUSED);
            assertThat(snaps.get(magnetId).status()).isEqualTo(TorrentStatus.METADATA);
            assertThat(s.files(album).get(5, TimeUnit.SECONDS)).allMatch(f -> f.progress() == 1.0);
            TorrentDetails d = s.details(album).get(5, TimeUnit.SECONDS);
            assertThat(d.pieces().cardinality()).isEqualTo(d.pieceCount());
            assertThat(d.magnet()).startsWith("magnet:?xt=urn:btih:" + album);
            assertThat(s.freeSpace(work.resolve("not/yet/there"))).isPositive();
        }

        try (EngineTorrentService s = start()) {
            Map<String, TorrentSnapshot> snaps = await(s, x -> x.size() == 3
                    && x.get(album) != null && x.get(album).status() == TorrentStatus.SEEDING);
            assertThat(snaps.get(album).savePath()).isEqualTo(work.resolve("shared"));
            assertThat(snaps.get(album).sequential()).isTrue();
            assertThat(snaps.get(gone).status()).isEqualTo(TorrentStatus.PAUSED);
            assertThat(snaps.get(magnetId).name()).isEqualTo("Later");
            assertThat(s.files(gone).get(5, TimeUnit.SECONDS)).extracting(FileInfo::priority)
                    .as("priorities from the resume data").containsExactly(FilePriority.HIGH);
            s.remove(gone, false).get(10, TimeUnit.SECONDS);
        }

        try (EngineTorrentService s = start()) {
            Map<String, TorrentSnapshot> snaps = await(s, x -> x.size() == 2);
            assertThat(snaps).containsOnlyKeys(album, magnetId);
        }
    }

    @Test
    void queueKeepsAtMostTheActiveTorrentsAndLimitsReachTheEngine() throws Exception {
        try (EngineTorrentService s = start()) {
            String[] seeds = new String[2];
            for (int i = 0; i < 2; i++) {
                Path dir = Files.createDirectories(work.resolve("seed" + i + "/S" + i));
                TestTrees.file(dir.resolve("f.bin"), 100_000, 10 + i);
                seeds[i] = s.create(new CreateRequest(dir, "V1", List.of(), List.of(), false, 0, ""))
                        .get(30, TimeUnit.SECONDS).id();
            }
            String m1 = s.add(new AddRequest(s.preview(new AddSource.Magnet("magnet:?xt=urn:btih:" + "1".repeat(40)))
                    .get(10, TimeUnit.SECONDS), work.resolve("downloads"), List.of(), false, false)).get(10, TimeUnit.SECONDS);
            String m2 = s.add(new AddRequest(s.preview(new AddSource.Magnet("magnet:?xt=urn:btih:" + "2".repeat(40)))
                    .get(10, TimeUnit.SECONDS), work.resolve("downloads"), List.of(), false, false)).get(10, TimeUnit.SECONDS);
            await(s, x -> x.size() == 4 && x.get(seeds[1]).status() == TorrentStatus.SEEDING);

            s.setQueueLimits(1, 1);
            Map<String, TorrentSnapshot> q = await(s, x -> x.get(seeds[1]).status() == TorrentStatus.QUEUED
                    && x.get(m2).status() == TorrentStatus.QUEUED);
            assertThat(q.get(seeds[0]).status()).isEqualTo(TorrentStatus.SEEDING);
            assertThat(q.get(m1).status()).isEqualTo(TorrentStatus.METADATA);

            // the user pauses the running download: the queued one gets its slot
            s.pause(m1).get(10, TimeUnit.SECONDS);
            q = await(s, x -> x.get(m2).status() == TorrentStatus.METADATA);
            assertThat(q.get(m1).status()).as("the user's pause is not the queue's").isEqualTo(TorrentStatus.PAUSED);

            s.setQueueLimits(0, 0);
            await(s, x -> x.get(seeds[1]).status() == TorrentStatus.SEEDING);

            s.setGlobalLimits(64 * 1024, 512 * 1024).get(5, TimeUnit.SECONDS);
            assertThat(s.engine().settings().rateLimits().uploadBytesPerSecond()).isEqualTo(64 * 1024);
            assertThat(s.engine().settings().rateLimits().downloadBytesPerSecond()).isEqualTo(512 * 1024);
        }
    }

    @Test
    void magnetMetadataIsKeptAsATorrentFile() throws Exception {
        Path shared = Files.createDirectories(work.resolve("x/Thing"));
        TestTrees.file(shared.resolve("t.bin"), 100_000, 5);
        TorrentCreator.CreatedTorrent made = TorrentCreator.builder(shared).mode(TorrentCreator.Mode.V1)
                .addTrackerTier(List.of("http://127.0.0.1:1/announce")).create();
        TorrentMetainfo meta = made.metainfo();
        TorrentMetainfo again = TorrentMetainfo.parse(EngineTorrentService.torrentFileOf(meta));
        assertThat(again.infoHashes()).isEqualTo(meta.infoHashes());
        assertThat(again.trackers()).isEqualTo(meta.trackers());
        assertThat(again.files()).hasSameSizeAs(meta.files());
    }

    @Test
    void previewsAnHttpLinkToATorrentFile() throws Exception {
        Path shared = Files.createDirectories(work.resolve("h/Linked"));
        TestTrees.file(shared.resolve("l.bin"), 50_000, 6);
        byte[] torrent = TorrentCreator.builder(shared).mode(TorrentCreator.Mode.V1).create().bytes();
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.173", 0), 0);
        http.createContext("/t/linked.torrent", ex -> {
            ex.sendResponseHeaders(200, torrent.length);
            ex.getResponseBody().write(torrent);
            ex.close();
        });
        http.start();
        try (EngineTorrentService s = start()) {
            java.net.URI uri = java.net.URI.create("http://127.0.0.173:" + http.getAddress().getPort()
                    + "/t/linked.torrent");
            TorrentPreview p = s.preview(new AddSource.Url(uri)).get(20, TimeUnit.SECONDS);
            assertThat(p.name()).isEqualTo("Linked");
            assertThat(p.source()).isInstanceOf(AddSource.TorrentBytes.class);
            java.net.URI missing = java.net.URI.create("http://127.0.0.173:" + http.getAddress().getPort() + "/nope");
            assertThat(s.preview(new AddSource.Url(missing))).failsWithin(20, TimeUnit.SECONDS);
        }
        EngineSettings small = EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.173"))
                .listenPort(0).build();
        try (EngineTorrentService s = EngineTorrentService.start(small, new TorrentStore(work.resolve("small")),
                work.resolve("downloads"), torrent.length - 1)) {
            java.net.URI uri = java.net.URI.create("http://127.0.0.173:" + http.getAddress().getPort()
                    + "/t/linked.torrent");
            assertThat(s.preview(new AddSource.Url(uri))).as("larger than the limit")
                    .failsWithin(20, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("larger than");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void magnetPeerAddresses() {
        assertThat(EngineTorrentService.hostPort("127.0.0.1:6881")).isEqualTo(
                new java.net.InetSocketAddress("127.0.0.1", 6881));
        assertThat(EngineTorrentService.hostPort("[::1]:51413").getPort()).isEqualTo(51413);
        assertThat(EngineTorrentService.hostPort("no-port")).isNull();
        assertThat(EngineTorrentService.hostPort("h:99999")).isNull();
    }
}
