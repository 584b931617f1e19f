package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.webseed.WebSeedSettings;

/** Web seed settings in the engine: defaults, the per-torrent limit, ignored URLs, no runtime change. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSeedSettingsEngineTest {

    @TempDir
    Path dir;

    @Test
    void engineDefaultsUseTheWebSeedDefaults() {
        assertThat(EngineSettings.defaults().webSeeds()).isEqualTo(WebSeedSettings.DEFAULTS);
        assertThatThrownBy(() -> EngineSettings.builder().webSeeds(null).build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void webSeedSettingsNeedARestart() {
        EngineSettings a = EngineSettings.defaults();
        EngineSettings b = a.toBuilder().webSeeds(WebSeedSettings.builder().maxConnections(4).build()).build();
        assertThat(SettingsChange.needingRestart(a, b)).containsExactly("webSeeds");
    }

    @Test
    void atMostMaxWebSeedsAreUsedAndOnlyHttpOnes() throws Exception {
        Path file = TestTrees.file(dir.resolve("f.bin"), 100_000, 1);
        TorrentMetainfo t = TorrentMetainfo.parse(TorrentCreator.builder(file).pieceLength(32 * 1024)
                .creationDate(null).webSeeds(List.of("ftp://h/f.bin", "http://127.0.0.1:9/a", "http://127.0.0.1:9/b",
                        "http://127.0.0.1:9/c"))
                .httpSeeds(List.of("http://127.0.0.1:9/seed")).create().bytes());
        EngineSettings s = SwarmFixtures.settings("127.0.0.63").toBuilder()
                .webSeeds(WebSeedSettings.builder().maxWebSeeds(2).build()).build();
        try (Engine engine = Engine.create(s)) {
            TorrentHandle h = engine.add(t, Files.createDirectories(dir.resolve("out")), AddOptions.DEFAULT.withStartPaused(true));
            assertThat(h.webSeeds().get(5, TimeUnit.SECONDS)).extracting(WebSeedInfo::url)
                    .containsExactly("http://127.0.0.1:9/a", "http://127.0.0.1:9/b");
            h.addWebSeed("http://127.0.0.1:9/d").get(5, TimeUnit.SECONDS);
            assertThat(h.webSeeds().get(5, TimeUnit.SECONDS)).hasSize(2);
        }
    }

    @Test
    void addedWebSeedsAreListedOnce() throws Exception {
        Path file = TestTrees.file(dir.resolve("g.bin"), 100_000, 2);
        TorrentMetainfo t = TorrentMetainfo.parse(TorrentCreator.builder(file).pieceLength(32 * 1024)
                .creationDate(null).create().bytes());
        try (Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.64"))) {
            TorrentHandle h = engine.add(t, Files.createDirectories(dir.resolve("out2")), AddOptions.DEFAULT.withStartPaused(true));
            h.addWebSeed("http://127.0.0.1:9/g.bin").get(5, TimeUnit.SECONDS);
            h.addWebSeed("http://127.0.0.1:9/g.bin").get(5, TimeUnit.SECONDS);
            h.addWebSeed("gopher://127.0.0.1:9/g.bin").get(5, TimeUnit.SECONDS);
            List<WebSeedInfo> list = h.webSeeds().get(5, TimeUnit.SECONDS);
            assertThat(list).extracting(WebSeedInfo::url).containsExactly("http://127.0.0.1:9/g.bin");
            assertThat(list.getFirst().status()).isEqualTo("idle");
            assertThat(list.getFirst().downloaded()).isZero();
        }
    }
}
