package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.session.SwarmFixtures.assertSameFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/** Two Peerwave engines in one JVM, on loopback: one seeds, the other downloads; every byte compared. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineSwarmTest {

    @TempDir
    static Path work;
    static Path source;

    @BeforeAll
    static void data() throws Exception {
        source = SwarmFixtures.multiFileTree(Files.createDirectories(work.resolve("seed")));
    }

    @ParameterizedTest
    @EnumSource(value = TorrentCreator.Mode.class, names = {"V1", "HYBRID"})
    void oneEngineDownloadsFromAnother(TorrentCreator.Mode mode) throws Exception {
        TorrentMetainfo torrent = SwarmFixtures.parse(SwarmFixtures.torrent(source, mode));
        Path out = Files.createDirectories(work.resolve("out-" + mode));
        try (Engine seeder = Engine.create(SwarmFixtures.settings("127.0.0.3"));
             Engine leecher = Engine.create(SwarmFixtures.settings("127.0.0.4"))) {
            TorrentHandle seed = seeder.add(torrent, source.getParent(), AddOptions.DEFAULT);
            seed.completion().get(30, TimeUnit.SECONDS);
            assertThat(SwarmFixtures.stats(seed).state()).isInstanceOf(TorrentState.Seeding.class);

            TorrentHandle leech = leecher.add(torrent, out, AddOptions.DEFAULT);
            leech.connectPeer(seeder.listenAddress()).get(5, TimeUnit.SECONDS);
            leech.completion().get(90, TimeUnit.SECONDS);

            TorrentStats done = SwarmFixtures.stats(leech);
            assertThat(done.state()).isInstanceOf(TorrentState.Seeding.class);
            assertThat(done.progress()).isEqualTo(1.0);
            assertThat(done.downloaded()).isGreaterThanOrEqualTo(torrent.totalLength());
            assertThat(SwarmFixtures.stats(seed).uploaded()).isGreaterThanOrEqualTo(torrent.totalLength());
        }
        assertSameFiles(source, out.resolve(source.getFileName().toString()));
    }
}
