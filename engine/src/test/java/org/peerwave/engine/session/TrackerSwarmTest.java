package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFiles;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.peers.Aria2Peer;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.peerwave.engine.testing.peers.NpmTracker;
import org.peerwave.engine.testing.peers.OpenTracker;
import org.peerwave.engine.tracker.ScrapeResponse;
import org.peerwave.engine.tracker.TrackerClients;
import org.peerwave.engine.tracker.TrackerSettings;

/**
 * Swarms that meet only through a real tracker: a libtorrent seeder, Peerwave and an aria2 leecher,
 * none told about another (no {@code connectPeer}, no {@code --connect}); all finish, every byte
 * compared. Debian's opentracker over HTTP and over UDP, and the npm bittorrent-tracker over HTTP.
 *
 * <p>Order, so that it does not depend on when anyone re-announces (trackers ask for 10-30 minutes):
 * the seeder announces first (seen in a scrape), then Peerwave, which learns the seeder and dials it,
 * then aria2, which learns both and dials them (aria2 dials tracker peers; it cannot be told a peer
 * by hand). The seeder's upload is limited so that Peerwave and aria2 overlap. libtorrent connects
 * to Peerwave without encryption (Peerwave has no MSE yet).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TrackerSwarmTest {

    private static final int SEED_UPLOAD_LIMIT = 6 * 1024 * 1024;

    @TempDir
    static Path work;
    static Path source;
    static TrackerClients probe;

    @BeforeAll
    static void data() throws Exception {
        source = SwarmFixtures.multiFileTree(Files.createDirectories(work.resolve("seed")));
        probe = TrackerClients.create(TrackerSettings.DEFAULTS);
    }

    @AfterAll
    static void closeProbe() {
        probe.close();
    }

    private static TorrentCreator.CreatedTorrent torrent(String trackerUrl) throws Exception {
        return TorrentCreator.builder(source).mode(TorrentCreator.Mode.V1).pieceLength(256 * 1024)
                .trackers(List.of(List.of(trackerUrl))).creationDate(null).create();
    }

    /** Waits until a scrape of {@code trackerUrl} shows what {@code ready} wants. */
    private static ScrapeResponse.Stats awaitScrape(String trackerUrl, byte[] hash, Predicate<ScrapeResponse.Stats> ready,
                                                    String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ScrapeResponse.Stats last = null;
        while (System.nanoTime() < end) {
            try {
                last = probe.scrape(URI.create(trackerUrl), List.of(hash)).get(10, TimeUnit.SECONDS).get(hash)
                        .orElse(null);
                if (last != null && ready.test(last)) {
                    return last;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(trackerUrl + " never showed " + what + "; last scrape " + last);
    }

    /** Runs the swarm through {@code trackerUrl}; the IPs are distinct per test. */
    private void swarm(String name, String trackerUrl, String seedIp, String peerwaveIp, String aria2Ip,
                       List<String> aria2Options) throws Exception {
        TorrentCreator.CreatedTorrent created = torrent(trackerUrl);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work.resolve(name), "swarm.torrent", created);
        byte[] hash = torrent.infoHashes().wireBytes();
        Path pwOut = Files.createDirectories(work.resolve(name).resolve("peerwave"));
        Path aria2Out = Files.createDirectories(work.resolve(name).resolve("aria2"));
        try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrentFile, source.getParent(), seedIp,
                work.resolve(name).resolve("lt"), "--no-encryption", "--upload-limit", String.valueOf(SEED_UPLOAD_LIMIT))) {
            awaitScrape(trackerUrl, hash, s -> s.complete() >= 1, "the libtorrent seeder");
            try (Engine engine = Engine.create(SwarmFixtures.settings(peerwaveIp))) {
                TorrentHandle h = engine.add(torrent, pwOut, AddOptions.DEFAULT);
                awaitScrape(trackerUrl, hash, s -> s.incomplete() >= 1, "Peerwave as a leecher");
                try (Aria2Peer aria2 = Aria2Peer.leech(torrentFile, aria2Out, aria2Ip,
                        work.resolve(name).resolve("aria2-work"), aria2Options)) {
                    try {
                        h.completion().get(150, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        throw new AssertionError("Peerwave did not finish: " + SwarmFixtures.stats(h) + "\n"
                                + h.trackers().get(5, TimeUnit.SECONDS) + "\nlibtorrent:\n" + seeder.diagnostics(), e);
                    }
                    aria2.awaitComplete(Duration.ofSeconds(150));
                }
                TorrentStats stats = SwarmFixtures.stats(h);
                assertThat(stats.state()).isInstanceOf(TorrentState.Seeding.class);
                assertThat(stats.downloaded()).isGreaterThanOrEqualTo(torrent.totalLength());

                // every peer Peerwave dialled came from the tracker (nobody was given to it)
                List<TrackerStatus> rows = h.trackers().get(5, TimeUnit.SECONDS);
                assertThat(rows).hasSize(1);
                assertThat(rows.getFirst().url()).isEqualTo(trackerUrl);
                assertThat(rows.getFirst().state()).isIn(TrackerStatus.State.WORKING, TrackerStatus.State.UPDATING);
                assertThat(rows.getFirst().message()).isEmpty();
                TorrentSession session = engine.session(torrent.infoHashes());
                int known = session.submit(() -> CompletableFuture.completedFuture(session.knownPeerCount()))
                        .get(5, TimeUnit.SECONDS);
                assertThat(known).as("peers learned from the tracker").isGreaterThanOrEqualTo(1);
                assertThat(seeder.uploaded()).as("bytes libtorrent uploaded").isPositive();
                // Peerwave said completed: the tracker counts it as a seeder (with libtorrent)
                awaitScrape(trackerUrl, hash, s -> s.complete() >= 2, "Peerwave as a seeder");
            }
        }
        assertSameFiles(source, pwOut.resolve(source.getFileName().toString()));
        assertSameFiles(source, aria2Out.resolve(source.getFileName().toString()));
    }

    private static String hex(TorrentCreator.CreatedTorrent t) {
        return HexFormat.of().formatHex(SwarmFixtures.parse(t).infoHashes().wireBytes());
    }

    @Test
    void swarmThroughOpentrackerOverHttp() throws Exception {
        try (OpenTracker tracker = whitelisted("ot-http", true)) {
            swarm("ot-http", tracker.httpAnnounceUrl(), "127.0.0.71", "127.0.0.72", "127.0.0.73", List.of());
        }
    }

    @Test
    void swarmThroughOpentrackerOverUdp() throws Exception {
        try (OpenTracker tracker = whitelisted("ot-udp", false)) {
            swarm("ot-udp", tracker.udpAnnounceUrl(), "127.0.0.74", "127.0.0.75", "127.0.0.76",
                    Aria2Peer.udpTrackerOptions("127.0.0.76", work.resolve("ot-udp")));
        }
    }

    @Test
    void swarmThroughTheNpmBittorrentTrackerOverHttp() throws Exception {
        try (NpmTracker tracker = NpmTracker.startHttp(work.resolve("npm-tracker"))) {
            swarm("npm-http", tracker.httpAnnounceUrl(), "127.0.0.77", "127.0.0.78", "127.0.0.79", List.of());
        }
    }

    /** A magnet link with only a tracker: the metadata and the data come from a libtorrent seeder it lists. */
    @Test
    void magnetWithOnlyATrackerThroughOpentracker() throws Exception {
        try (OpenTracker tracker = whitelisted("ot-magnet", true)) {
            String url = tracker.httpAnnounceUrl();
            TorrentCreator.CreatedTorrent created = torrent(url);
            TorrentMetainfo torrent = SwarmFixtures.parse(created);
            Path torrentFile = SwarmFixtures.write(work.resolve("ot-magnet"), "magnet.torrent", created);
            Path out = Files.createDirectories(work.resolve("ot-magnet").resolve("peerwave"));
            MagnetLink magnet = MagnetLink.of(torrent.infoHashes(), null, List.of(url), List.of());
            try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.80",
                    work.resolve("ot-magnet").resolve("lt"), "--no-encryption");
                 Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.81"))) {
                awaitScrape(url, torrent.infoHashes().wireBytes(), s -> s.complete() >= 1, "the libtorrent seeder");
                TorrentMetainfo fetched = engine.fetchMetadata(magnet, List.of(), Duration.ofSeconds(60))
                        .get(70, TimeUnit.SECONDS);
                assertThat(fetched.trackers()).containsExactly(List.of(url));
                TorrentHandle h = engine.add(fetched, out, AddOptions.DEFAULT);
                h.completion().get(120, TimeUnit.SECONDS);
            }
            assertSameFiles(source, out.resolve(source.getFileName().toString()));
        }
    }

    /**
     * opentracker serving the hash of this test's torrent. The hash covers the announce URL, which
     * holds the tracker's port: the port is chosen first, the torrent made for it, and the tracker
     * started on it with the hash on its whitelist (tried again on another port if it was taken).
     */
    private OpenTracker whitelisted(String name, boolean http) throws Exception {
        for (int attempt = 0; ; attempt++) {
            int port = org.peerwave.engine.testing.peers.Net.freePort("127.0.0.1");
            String url = http ? "http://127.0.0.1:" + port + "/announce" : "udp://127.0.0.1:" + port + "/announce";
            String hex = hex(torrent(url));
            try {
                OpenTracker t = OpenTracker.start(work.resolve(name).resolve("tracker-" + attempt), List.of(hex), port);
                assertThat(http ? t.httpAnnounceUrl() : t.udpAnnounceUrl()).isEqualTo(url);
                return t;
            } catch (AssertionError | java.io.IOException e) {
                if (attempt >= 2) {
                    throw e;
                }
            }
        }
    }
}
