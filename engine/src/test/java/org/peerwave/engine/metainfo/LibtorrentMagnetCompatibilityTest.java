package org.peerwave.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.testing.ExternalTool;
import org.peerwave.engine.testing.TestTrees;

/**
 * Magnet links for v1, v2 and hybrid torrents: ours parse in libtorrent to the same info hashes,
 * name and trackers; libtorrent's parse in ours; and ours round-trip through our own parser.
 */
@Timeout(120)
class LibtorrentMagnetCompatibilityTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path ltTool;
    static List<TorrentMetainfo> torrents = new ArrayList<>();
    static List<Path> files = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTool.require(PYTHON, "python3-libtorrent");
        ltTool = ExternalTool.resource("tools/lt_tool.py", work);
        Path source = TestTrees.unicodeTree(Files.createDirectories(work.resolve("data")));
        for (TorrentCreator.Mode mode : TorrentCreator.Mode.values()) {
            TorrentCreator.CreatedTorrent t = TorrentCreator.builder(source).mode(mode)
                    .addTrackerTier(List.of("http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969"))
                    .addTrackerTier(List.of("wss://127.0.0.1:8443/tracker"))
                    .webSeeds(List.of("http://127.0.0.1:8080/seed/")).create();
            Path f = work.resolve(mode + ".torrent");
            Files.write(f, t.bytes());
            torrents.add(t.metainfo());
            files.add(f);
        }
    }

    @Test
    void libtorrentReadsOurMagnets() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, ltTool.toString(), "parse-magnet"));
        torrents.forEach(t -> cmd.add(MagnetLink.forTorrent(t).toUri()));
        String[] lines = ExternalTool.run(Duration.ofSeconds(60), cmd).strip().split("\n");
        assertThat(lines).hasSize(torrents.size());
        for (int i = 0; i < lines.length; i++) {
            JsonNode lt = JSON.readTree(lines[i]);
            TorrentMetainfo t = torrents.get(i);
            assertThat(lt.has("error")).as("%s", lt).isFalse();
            assertHashes(lt, t.infoHashes());
            assertThat(lt.get("name").asText()).isEqualTo(t.name());
            List<String> trackers = new ArrayList<>();
            lt.get("trackers").forEach(n -> trackers.add(n.asText()));
            assertThat(trackers).containsExactlyInAnyOrder("http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969",
                    "wss://127.0.0.1:8443/tracker");
        }
    }

    @Test
    void weReadLibtorrentsMagnets() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, ltTool.toString(), "make-magnet"));
        files.forEach(f -> cmd.add(f.toString()));
        String[] lines = ExternalTool.run(Duration.ofSeconds(60), cmd).strip().split("\n");
        assertThat(lines).hasSize(torrents.size());
        for (int i = 0; i < lines.length; i++) {
            MagnetLink link = MagnetLink.parse(lines[i]);
            TorrentMetainfo t = torrents.get(i);
            assertThat(link.infoHashes()).isEqualTo(t.infoHashes());
            assertThat(link.displayName()).isEqualTo(t.name());
            assertThat(link.trackers()).containsExactlyInAnyOrderElementsOf(
                    t.trackers().stream().flatMap(List::stream).toList());
        }
    }

    @Test
    void ourMagnetsRoundTrip() {
        for (TorrentMetainfo t : torrents) {
            MagnetLink link = MagnetLink.forTorrent(t);
            MagnetLink again = MagnetLink.parse(link.toUri());
            assertThat(again).isEqualTo(link);
            assertThat(again.infoHashes()).isEqualTo(t.infoHashes());
            assertThat(again.webSeeds()).containsExactly("http://127.0.0.1:8080/seed/");
            String uri = link.toUri();
            switch (t.kind()) {
                case V1 -> assertThat(uri).contains("xt=urn:btih:" + t.infoHashes().v1().hex()).doesNotContain("btmh");
                case V2 -> assertThat(uri).contains("xt=urn:btmh:1220" + t.infoHashes().v2().hex()).doesNotContain("btih");
                case HYBRID -> assertThat(uri).contains("urn:btih:" + t.infoHashes().v1().hex(),
                        "urn:btmh:1220" + t.infoHashes().v2().hex());
            }
        }
    }

    private static void assertHashes(JsonNode lt, InfoHashes h) {
        assertThat(lt.get("v1").isNull() ? null : lt.get("v1").asText()).isEqualTo(h.hasV1() ? h.v1().hex() : null);
        assertThat(lt.get("v2").isNull() ? null : lt.get("v2").asText()).isEqualTo(h.hasV2() ? h.v2().hex() : null);
    }
}
