package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.storage.StorageSettings;
import org.peerwave.engine.testing.peers.LibtorrentPeer;

/**
 * Peerwave against libtorrent 2.0 (tools/lt_test_peer.py), on loopback, v1 and hybrid torrents of
 * about 25 MiB in 43 files: each side downloads from the other as the only seeder; every byte compared.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class LibtorrentInteropTest {

    @TempDir
    static Path work;
    static Path source;

    @BeforeAll
    static void data() throws Exception {
        source = SwarmFixtures.interopTree(Files.createDirectories(work.resolve("seed")));
    }

    @ParameterizedTest
    @EnumSource(value = TorrentCreator.Mode.class, names = {"V1", "HYBRID"})
    void peerwaveDownloadsFromALibtorrentSeeder(TorrentCreator.Mode mode) throws Exception {
        downloadFromLibtorrent(mode, SwarmFixtures.settings("127.0.0.3"), "");
    }

    /** Piece buffers of one piece's size: most pieces take the fallback (blocks written as they come, read back to verify). */
    @Test
    void peerwaveDownloadsWhenThePieceBufferMemoryIsUsedUp() throws Exception {
        EngineSettings tight = SwarmFixtures.settings("127.0.0.3").toBuilder()
                .storage(StorageSettings.builder().pieceBufferMemory(256 * 1024).build()).build();
        downloadFromLibtorrent(TorrentCreator.Mode.HYBRID, tight, "-tight");
    }

    private void downloadFromLibtorrent(TorrentCreator.Mode mode, EngineSettings settings, String suffix)
            throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, mode);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work.resolve("torrents"), "lt-seed-" + mode + ".torrent", created);
        Path out = Files.createDirectories(work.resolve("pw-out-" + mode + suffix));
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.2",
                work.resolve("lt-seed-" + mode + suffix));
             Engine engine = Engine.create(settings)) {
            TorrentHandle h = engine.add(torrent, out, AddOptions.DEFAULT);
            h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
            try {
                h.completion().get(100, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\nlibtorrent:\n" + seed.diagnostics(), e);
            }
            TorrentStats s = SwarmFixtures.stats(h);
            assertThat(s.state()).isInstanceOf(TorrentState.Seeding.class);
            assertThat(s.progress()).isEqualTo(1.0);
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @ParameterizedTest
    @EnumSource(value = TorrentCreator.Mode.class, names = {"V1", "HYBRID"})
    void libtorrentDownloadsFromPeerwaveAsTheOnlySeeder(TorrentCreator.Mode mode) throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, mode);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work.resolve("torrents"), "pw-seed-" + mode + ".torrent", created);
        Path out = Files.createDirectories(work.resolve("lt-out-" + mode));
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.5"))) {
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            String us = "127.0.0.5:" + engine.listenPort();
            try (LibtorrentPeer leech = LibtorrentPeer.leech(torrentFile, out, "127.0.0.6",
                    work.resolve("lt-leech-" + mode), List.of(us), "--no-encryption")) {
                try {
                    leech.awaitComplete(Duration.ofSeconds(100));
                } catch (Throwable e) {
                    throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\nlibtorrent:\n"
                            + leech.diagnostics(), e);
                }
                assertThat(SwarmFixtures.stats(h).uploaded()).isGreaterThanOrEqualTo(torrent.totalLength());
            }
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void libtorrentFetchesTheMetadataOfAMagnetFromPeerwaveThenDownloads() throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.HYBRID);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work.resolve("torrents"), "magnet.torrent", created);
        Path out = Files.createDirectories(work.resolve("lt-magnet-out"));
        String magnet = MagnetLink.forTorrent(torrent).toUri();
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.13"))) {
            TorrentHandle h = engine.add(torrent, source.getParent(), AddOptions.DEFAULT);
            h.completion().get(30, TimeUnit.SECONDS);
            String us = "127.0.0.13:" + engine.listenPort();
            try (LibtorrentPeer leech = LibtorrentPeer.leech(torrentFile, out, "127.0.0.14",
                    work.resolve("lt-magnet"), List.of(us), "--no-encryption", "--magnet", magnet)) {
                try {
                    leech.awaitComplete(Duration.ofSeconds(100));
                } catch (Throwable e) {
                    throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\nlibtorrent:\n"
                            + leech.diagnostics(), e);
                }
            }
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void peerwaveFetchesAMagnetsMetadataFromLibtorrentThenDownloads() throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work.resolve("torrents"), "lt-magnet-seed.torrent", created);
        Path out = Files.createDirectories(work.resolve("pw-magnet-out"));
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.19",
                work.resolve("lt-magnet-seed"));
             Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.20"))) {
            TorrentMetainfo fetched = engine.fetchMetadata(MagnetLink.forTorrent(torrent),
                    List.of(seed.peerAddress()), Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
            assertThat(fetched.infoBytes()).isEqualTo(torrent.infoBytes());
            TorrentHandle h = engine.add(fetched, out, AddOptions.DEFAULT);
            h.connectPeer(seed.peerAddress());
            h.completion().get(100, TimeUnit.SECONDS);
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }

    @Test
    void aMagnetAddedToTheEngineCompletesFromALibtorrentSeeder() throws Exception {
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        TorrentMetainfo torrent = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work.resolve("torrents"), "lt-facade-seed.torrent", created);
        Path out = Files.createDirectories(work.resolve("pw-facade-out"));
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.88",
                work.resolve("lt-facade-seed"));
             Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.89"))) {
            TorrentHandle h = engine.add(MagnetLink.forTorrent(torrent), out, AddOptions.DEFAULT);
            assertThat(SwarmFixtures.stats(h).state()).isEqualTo(new TorrentState.DownloadingMetadata());
            h.connectPeer(seed.peerAddress());
            assertThat(h.metadata().get(40, TimeUnit.SECONDS).infoBytes()).isEqualTo(torrent.infoBytes());
            try {
                h.completion().get(100, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("stats " + SwarmFixtures.stats(h) + "\nlibtorrent:\n" + seed.diagnostics(), e);
            }
            assertThat(SwarmFixtures.stats(h).state()).isEqualTo(new TorrentState.Seeding());
            assertThat(engine.events().drain()).contains(new EngineEvent.MetadataReceived(torrent.infoHashes(),
                    torrent.name()));
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }
}
