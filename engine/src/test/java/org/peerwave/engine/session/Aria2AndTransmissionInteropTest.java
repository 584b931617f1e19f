package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.peers.Aria2Peer;
import org.peerwave.engine.testing.peers.TestPeer;
import org.peerwave.engine.testing.peers.TransmissionPeer;

/**
 * Peerwave against aria2 1.36 and Transmission 3.00 on loopback, v1 torrents of about 65 MiB in
 * 44 files, every byte compared: Peerwave downloads from each, and each downloads from Peerwave.
 * Neither client can be told to dial a peer, and Transmission never dials 127.x
 * (docs/testing-real-clients.md), so Peerwave dials them: both accept incoming connections.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class Aria2AndTransmissionInteropTest {

    @TempDir
    static Path work;
    static Path source;
    static TorrentMetainfo torrent;
    static Path torrentFile;

    @BeforeAll
    static void data() throws Exception {
        source = SwarmFixtures.interopTree(Files.createDirectories(work.resolve("seed")));
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        torrent = SwarmFixtures.parse(created);
        torrentFile = SwarmFixtures.write(work.resolve("torrents"), "v1.torrent", created);
    }

    /** Dials the peer until it has sent us everything (it may still be checking its data at first). */
    private static void downloadFrom(TorrentHandle h, TestPeer peer) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < end) {
            if (SwarmFixtures.stats(h).peers() == 0) {
                h.connectPeer(peer.peerAddress()).get(5, TimeUnit.SECONDS);
            }
            try {
                h.completion().get(2, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException notYet) {
                // keep going
            }
        }
        throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\n" + peer.name() + ":\n" + peer.diagnostics());
    }

    /** Seeds to the peer, dialing it until it has the whole torrent. */
    private static void uploadTo(TorrentHandle h, TestPeer peer) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < end) {
            if (SwarmFixtures.stats(h).peers() == 0) {
                h.connectPeer(peer.peerAddress()).get(5, TimeUnit.SECONDS);
            }
            if (peer.progress() >= 1.0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\n" + peer.name() + ":\n" + peer.diagnostics());
    }

    @Test
    void peerwaveDownloadsFromAria2() throws Exception {
        Path out = Files.createDirectories(work.resolve("pw-from-aria2"));
        try (Aria2Peer aria2 = Aria2Peer.seed(torrentFile, source.getParent(), "127.0.0.33", work.resolve("aria2-seed"));
             Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.34"))) {
            TorrentHandle h = engine.add(torrent, out, AddOptions.DEFAULT);
            downloadFrom(h, aria2);
            assertThat(SwarmFixtures.stats(h).state()).isInstanceOf(TorrentState.Seeding.class);
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    /**
     * aria2 sends a whole bitfield in the middle of a connection instead of 20 or more haves; Peerwave
     * used to close on it, and aria2 reconnected again and again until it stalled at about 65%.
     */
    @Test
    void aria2DownloadsFromPeerwaveAsTheOnlySeeder() throws Exception {
        Path out = Files.createDirectories(work.resolve("aria2-out"));
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.71"));
             Aria2Peer aria2 = Aria2Peer.leech(torrentFile, out, "127.0.0.72", work.resolve("aria2-leech"))) {
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            uploadTo(h, aria2);
            assertThat(SwarmFixtures.stats(h).uploaded()).isGreaterThanOrEqualTo(torrent.totalLength());
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void transmissionDownloadsFromPeerwave() throws Exception {
        Path out = Files.createDirectories(work.resolve("tr-out"));
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.35"));
             TransmissionPeer tr = TransmissionPeer.start("127.0.0.36", work.resolve("tr-leech"), out)) {
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            tr.add(torrentFile, out);
            uploadTo(h, tr);
        }
        // (Transmission 3.00 creates no empty files; the comparison allows that for empty files only)
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void peerwaveDownloadsFromTransmission() throws Exception {
        Path out = Files.createDirectories(work.resolve("pw-from-tr"));
        try (TransmissionPeer tr = TransmissionPeer.start("127.0.0.37", work.resolve("tr-seed"), source.getParent());
             Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.38"))) {
            tr.add(torrentFile, source.getParent());
            TorrentHandle h = engine.add(torrent, out, AddOptions.DEFAULT);
            downloadFrom(h, tr);
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    /**
     * Transmission 3.00 predates BitTorrent v2 and refuses a hybrid torrent file outright, so hybrid
     * torrents are proven with libtorrent and qBittorrent (LibtorrentInteropTest,
     * QbittorrentInteropTest). Peerwave's hybrid torrents are byte-identical to libtorrent's
     * (LibtorrentCreateCompatibilityTest): this is Transmission's limit, not one of our files.
     */
    @Test
    void transmission300RefusesHybridTorrentFiles() throws Exception {
        TorrentCreator.CreatedTorrent hybrid = SwarmFixtures.torrent(source, TorrentCreator.Mode.HYBRID);
        Path hybridFile = SwarmFixtures.write(work.resolve("torrents"), "hybrid.torrent", hybrid);
        Path out = Files.createDirectories(work.resolve("tr-hybrid"));
        try (TransmissionPeer tr = TransmissionPeer.start("127.0.0.39", work.resolve("tr-hybrid-peer"), out)) {
            assertThatThrownBy(() -> tr.add(hybridFile, out)).hasMessageContaining("invalid or corrupt torrent file");
        }
    }
}
