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
 * Torrents made by transmission-create and mktorrent parse, and give the info hash, files, piece
 * count and trackers that libtorrent reads from them.
 */
@Timeout(300)
class OtherCreatorsCompatibilityTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path ltTool;
    static List<Path> sources;

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTool.require(PYTHON, "python3-libtorrent");
        ExternalTool.require("/usr/bin/transmission-create", "transmission-cli");
        ExternalTool.require("/usr/bin/mktorrent", "mktorrent");
        ltTool = ExternalTool.resource("tools/lt_tool.py", work);
        Path data = Files.createDirectories(work.resolve("data"));
        sources = List.of(TestTrees.oddTree(data), TestTrees.unicodeTree(data), TestTrees.singleFile(data));
    }

    @Test
    void transmissionCreateTorrentsParseLikeLibtorrent() throws Exception {
        List<Path> torrents = new ArrayList<>();
        int i = 0;
        for (Path source : sources) {
            for (int kib : new int[] {16, 64}) {
                Path out = work.resolve("transmission-" + i++ + ".torrent");
                ExternalTool.run(Duration.ofMinutes(1), List.of("/usr/bin/transmission-create", "-o", out.toString(),
                        "-s", Integer.toString(kib), "-t", "http://127.0.0.1:6969/announce", "-t",
                        "udp://127.0.0.1:6969/announce", "-c", "made by transmission", source.toString()));
                torrents.add(out);
            }
        }
        assertAgreeWithLibtorrent(torrents);
    }

    @Test
    void mktorrentTorrentsParseLikeLibtorrent() throws Exception {
        List<Path> torrents = new ArrayList<>();
        int i = 0;
        for (Path source : sources) {
            for (int log2 : new int[] {15, 18}) {
                Path out = work.resolve("mktorrent-" + i++ + ".torrent");
                ExternalTool.run(Duration.ofMinutes(1), List.of("/usr/bin/mktorrent", "-l", Integer.toString(log2),
                        "-a", "http://127.0.0.1:6969/announce,http://127.0.0.2:6969/announce", "-a",
                        "udp://127.0.0.1:6969", "-w", "http://127.0.0.1:8080/files/", "-p", "-o", out.toString(),
                        source.toString()));
                torrents.add(out);
            }
        }
        assertAgreeWithLibtorrent(torrents);
        TorrentMetainfo first = TorrentMetainfo.parse(Files.readAllBytes(torrents.getFirst()));
        assertThat(first.isPrivate()).isTrue();
        assertThat(first.trackers()).containsExactly(
                List.of("http://127.0.0.1:6969/announce", "http://127.0.0.2:6969/announce"),
                List.of("udp://127.0.0.1:6969"));
        assertThat(first.webSeeds()).containsExactly("http://127.0.0.1:8080/files/");
    }

    private static void assertAgreeWithLibtorrent(List<Path> torrents) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, ltTool.toString(), "inspect"));
        torrents.forEach(t -> cmd.add(t.toString()));
        String[] lines = ExternalTool.run(Duration.ofMinutes(2), cmd).strip().split("\n");
        assertThat(lines).hasSize(torrents.size());
        for (int i = 0; i < lines.length; i++) {
            JsonNode lt = JSON.readTree(lines[i]);
            TorrentMetainfo ours = TorrentMetainfo.parse(Files.readAllBytes(torrents.get(i)));
            LibtorrentCreateCompatibilityTest.assertLibtorrentAgrees(lt, ours);
            List<String> ltTrackers = new ArrayList<>();
            lt.get("trackers").forEach(t -> ltTrackers.add(t.asText()));
            // libtorrent shuffles the URLs within a tier, as BEP 12 asks
            assertThat(ours.trackers().stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(ltTrackers);
        }
    }
}
