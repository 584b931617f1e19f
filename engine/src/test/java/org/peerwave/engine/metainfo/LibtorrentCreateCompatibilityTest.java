package org.peerwave.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.Bencode;
import org.peerwave.engine.testing.ExternalTool;
import org.peerwave.engine.testing.TestTrees;

/**
 * Our torrent creation against libtorrent 2.0 (Debian's python3-libtorrent): for the same files and
 * piece length, the info dictionary must be byte-identical in v1, v2 and hybrid modes, and
 * libtorrent must load what we create and agree on files, pieces and hashes.
 */
@Timeout(300)
class LibtorrentCreateCompatibilityTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int K = 1024;

    @TempDir
    static Path work;

    static Path ltTool;

    @BeforeAll
    static void tool() throws Exception {
        ExternalTool.require(PYTHON, "python3-libtorrent");
        ltTool = ExternalTool.resource("tools/lt_tool.py", work);
        ExternalTool.run(Duration.ofSeconds(30), List.of(PYTHON, "-c", "import libtorrent"));
    }

    interface TreeMaker {
        Path make(Path dir) throws IOException;
    }

    static Stream<Arguments> trees() {
        int[] all = {16 * K, 32 * K, 64 * K, 256 * K, K * K, 4 * K * K};
        int[] some = {16 * K, 64 * K, K * K, 4 * K * K};
        return Stream.of(
                Arguments.of("one big file", (TreeMaker) TestTrees::bigFile, some),
                Arguments.of("many files of odd sizes", (TreeMaker) TestTrees::oddTree, all),
                Arguments.of("non-ASCII names", (TreeMaker) TestTrees::unicodeTree, some),
                Arguments.of("folder with one file", (TreeMaker) TestTrees::folderWithOneFile, new int[] {16 * K, 64 * K}),
                Arguments.of("single small file", (TreeMaker) TestTrees::singleFile, new int[] {16 * K, 32 * K, 4 * K * K}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void infoDictionaryIsByteIdenticalToLibtorrentAndLibtorrentLoadsOurs(String label, TreeMaker maker,
                                                                         int[] pieceLengths) throws Exception {
        Path dir = Files.createDirectories(work.resolve(label.replace(' ', '-')));
        Path source = maker.make(dir.resolve("data"));
        Path ltOut = Files.createDirectories(dir.resolve("libtorrent"));
        Path ourOut = Files.createDirectories(dir.resolve("peerwave"));

        List<String> specs = new ArrayList<>();
        for (TorrentCreator.Mode mode : TorrentCreator.Mode.values()) {
            for (int pl : pieceLengths) {
                specs.add(modeName(mode) + ":" + pl);
            }
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, ltTool.toString(), "create", source.toString(),
                ltOut.toString()));
        cmd.addAll(specs);
        ExternalTool.run(Duration.ofMinutes(3), cmd);

        List<Path> ours = new ArrayList<>();
        List<TorrentMetainfo> ourMeta = new ArrayList<>();
        for (TorrentCreator.Mode mode : TorrentCreator.Mode.values()) {
            for (int pl : pieceLengths) {
                String spec = modeName(mode) + "-" + pl;
                TorrentCreator.CreatedTorrent created = TorrentCreator.builder(source).mode(mode).pieceLength(pl)
                        .creationDate(null).createdBy(null).create();
                Path ourFile = ourOut.resolve(spec + ".torrent");
                Files.write(ourFile, created.bytes());
                ours.add(ourFile);
                ourMeta.add(created.metainfo());

                byte[] reference = Files.readAllBytes(ltOut.resolve(spec + ".torrent"));
                byte[] referenceInfo = infoBytes(reference);
                byte[] ourInfo = infoBytes(created.bytes());
                assertThat(HexFormat.of().formatHex(ourInfo))
                        .as("info dictionary of %s, %s, piece length %d\nours:      %s\nlibtorrent: %s", label, mode, pl,
                                Bencode.decode(ourInfo), Bencode.decode(referenceInfo))
                        .isEqualTo(HexFormat.of().formatHex(referenceInfo));
                TorrentMetainfo theirs = TorrentMetainfo.parse(reference);
                assertThat(created.metainfo().infoHashes()).isEqualTo(theirs.infoHashes());
            }
        }

        List<String> inspect = new ArrayList<>(List.of(PYTHON, ltTool.toString(), "inspect"));
        ours.forEach(p -> inspect.add(p.toString()));
        String[] lines = ExternalTool.run(Duration.ofMinutes(2), inspect).strip().split("\n");
        assertThat(lines).hasSize(ours.size());
        for (int i = 0; i < lines.length; i++) {
            assertLibtorrentAgrees(JSON.readTree(lines[i]), ourMeta.get(i));
        }
    }

    static void assertLibtorrentAgrees(JsonNode lt, TorrentMetainfo ours) throws Exception {
        assertThat(lt.has("error")).as("libtorrent failed to load %s: %s", lt.path("file").asText(), lt).isFalse();
        InfoHashes h = ours.infoHashes();
        assertThat(lt.get("v1").isNull() ? null : lt.get("v1").asText()).isEqualTo(h.hasV1() ? h.v1().hex() : null);
        assertThat(lt.get("v2").isNull() ? null : lt.get("v2").asText()).isEqualTo(h.hasV2() ? h.v2().hex() : null);
        assertThat(lt.get("num_pieces").asInt()).isEqualTo(ours.pieceCount());
        assertThat(lt.get("piece_length").asInt()).isEqualTo(ours.pieceLength());
        assertThat(lt.get("name").asText()).isEqualTo(ours.name());

        List<String> ltFiles = new ArrayList<>();
        for (JsonNode f : lt.get("files")) {
            if (!f.get(2).asBoolean()) {
                ltFiles.add(f.get(0).asText() + " " + f.get(1).asLong());
            }
        }
        List<String> ourFiles = ours.contentFiles().stream()
                .map(f -> (ours.singleFile() ? f.pathString() : ours.name() + "/" + f.pathString()) + " " + f.length())
                .toList();
        if (h.hasV1()) {
            assertThat(ourFiles).containsExactlyElementsOf(ltFiles);
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            for (int p = 0; p < ours.pieceCount(); p++) {
                md.update(ours.pieceHashV1(p));
            }
            assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(lt.get("v1_pieces_sha1").asText());
        } else {
            assertThat(ourFiles).containsExactlyInAnyOrderElementsOf(ltFiles);
        }
        if (h.hasV2()) {
            List<String> ltRoots = new ArrayList<>();
            lt.get("roots").forEach(r -> ltRoots.add(r.asText()));
            List<String> ourRoots = ours.contentFiles().stream().filter(f -> f.length() > 0)
                    .map(f -> HexFormat.of().formatHex(f.piecesRoot())).toList();
            assertThat(ourRoots).containsExactlyInAnyOrderElementsOf(ltRoots);
        }
    }

    static byte[] infoBytes(byte[] torrent) {
        BDictionary root = (BDictionary) Bencode.decode(torrent);
        BDictionary info = (BDictionary) root.get("info");
        byte[] out = new byte[info.sourceLength()];
        System.arraycopy(torrent, info.sourceOffset(), out, 0, out.length);
        return out;
    }

    static String modeName(TorrentCreator.Mode mode) {
        return switch (mode) {
            case V1 -> "v1";
            case V2 -> "v2";
            case HYBRID -> "hybrid";
        };
    }
}
