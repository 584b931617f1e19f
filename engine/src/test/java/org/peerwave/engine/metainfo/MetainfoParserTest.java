package org.peerwave.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.Bencode;
import org.peerwave.engine.bencode.BencodeLimits;
import org.peerwave.engine.testing.TestTrees;

class MetainfoParserTest {

    @TempDir
    Path dir;

    private static BList path(String... parts) {
        return new BList(Arrays.stream(parts).map(p -> (BValue) BString.of(p)).toList());
    }

    private static BDictionary file(long length, BList path) {
        return BDictionary.builder().put("length", length).put("path", path).build();
    }

    private static byte[] multiFile(String name, int pieceLength, BDictionary... files) {
        long total = Arrays.stream(files).mapToLong(f -> ((BInteger) f.get("length")).value()).sum();
        int pieces = (int) ((total + pieceLength - 1) / pieceLength);
        BDictionary info = BDictionary.builder().put("name", name).put("piece length", pieceLength)
                .put("pieces", new byte[pieces * 20]).put("files", new BList(List.of(files))).build();
        return Bencode.encode(BDictionary.builder().put("announce", "http://127.0.0.1/announce").put("info", info).build());
    }

    private static TorrentMetainfo parse(byte[] b) {
        return new MetainfoParser(MetainfoLimits.DEFAULT, PathSanitizer.posix()).parse(b);
    }

    @Test
    void singleFileV1() throws Exception {
        BDictionary info = BDictionary.builder().put("name", "a.iso").put("piece length", 16384)
                .put("length", 20000).put("pieces", new byte[40]).put("private", 1).build();
        byte[] torrent = Bencode.encode(BDictionary.builder().put("info", info).put("comment", "hi")
                .put("creation date", 1_700_000_000L).put("url-list", "http://127.0.0.1/ws/").build());
        TorrentMetainfo t = parse(torrent);
        assertThat(t.kind()).isEqualTo(TorrentMetainfo.Kind.V1);
        assertThat(t.singleFile()).isTrue();
        assertThat(t.name()).isEqualTo("a.iso");
        assertThat(t.files()).singleElement().satisfies(f -> {
            assertThat(f.path()).containsExactly("a.iso");
            assertThat(f.length()).isEqualTo(20000);
        });
        assertThat(t.pieceCount()).isEqualTo(2);
        assertThat(t.isPrivate()).isTrue();
        assertThat(t.webSeeds()).containsExactly("http://127.0.0.1/ws/");
        assertThat(t.comment()).contains("hi");
        assertThat(t.creationDate()).isPresent();
        assertThat(t.infoHashes().v1().bytes())
                .isEqualTo(MessageDigest.getInstance("SHA-1").digest(Bencode.encode(info)));
        assertThat(t.infoHashes().hasV2()).isFalse();
    }

    @Test
    void infoHashUsesTheOriginalBytesOfAnUnsortedInfoDictionary() throws Exception {
        String info = "d6:lengthi5e4:name1:x6:pieces20:" + "a".repeat(20) + "12:piece lengthi16384ee";
        String unsorted = "d4:name1:x12:piece lengthi16384e6:lengthi5e6:pieces20:" + "a".repeat(20) + "e";
        byte[] t = ("d4:info" + unsorted + "e").getBytes(StandardCharsets.ISO_8859_1);
        TorrentMetainfo m = parse(t);
        assertThat(m.infoHashes().v1().bytes()).isEqualTo(
                MessageDigest.getInstance("SHA-1").digest(unsorted.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(m.infoHashes().v1().bytes()).isNotEqualTo(
                MessageDigest.getInstance("SHA-1").digest(info.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void trackerTiersFollowBep12() {
        BDictionary info = BDictionary.builder().put("name", "a").put("piece length", 16384)
                .put("length", 1).put("pieces", new byte[20]).build();
        BList tiers = BList.of(BList.of(BString.of("http://a/"), BString.of("http://b/")), BList.of(BString.of("udp://c:1")),
                BList.of(), BString.of("not a tier"), BList.of(BString.of("http://a/")));
        TorrentMetainfo t = parse(Bencode.encode(BDictionary.builder().put("info", info)
                .put("announce", "http://ignored/").put("announce-list", tiers).build()));
        assertThat(t.trackers()).containsExactly(List.of("http://a/", "http://b/"), List.of("udp://c:1"));
    }

    @Test
    void pathTraversalAndAbsolutePathsCannotLeaveTheSaveDirectory() {
        TorrentMetainfo t = parse(multiFile("../../evil", 16384,
                file(10, path("..", "..", "etc", "passwd")),
                file(10, path("/etc", "shadow")),
                file(10, path("a\\..\\..\\b")),
                file(10, path("", ".", "ok.txt")),
                file(10, path("..")),
                file(10, path("ctl\u0000\u0007\u001f.txt"))));
        assertThat(t.name()).isEqualTo(".._.._evil");
        assertThat(t.files()).extracting(FileEntry::pathString).containsExactly(
                "etc/passwd", "_etc/shadow", "a_.._.._b", "ok.txt", "_", "ctl___.txt");
        assertThat(t.files()).allMatch(FileEntry::pathRewritten);
        Path save = dir.resolve("save");
        for (FileEntry f : t.files()) {
            List<String> full = new ArrayList<>(List.of(t.name()));
            full.addAll(f.path());
            assertThat(PathSanitizer.resolveUnder(save, full)).startsWithRaw(save.toAbsolutePath());
        }
    }

    @Test
    void resolveUnderRefusesUnsanitizedTraversal() {
        assertThatThrownBy(() -> PathSanitizer.resolveUnder(dir, List.of("..", "x")))
                .isInstanceOf(MetainfoException.class).hasMessageContaining("leaves the save directory");
        assertThatThrownBy(() -> PathSanitizer.resolveUnder(dir, List.of("/etc/passwd")))
                .isInstanceOf(MetainfoException.class);
    }

    @Test
    void windowsPolicyRewritesReservedNamesAndCharacters() {
        PathSanitizer w = PathSanitizer.windows();
        assertThat(w.component("CON")).isEqualTo("_CON");
        assertThat(w.component("con.txt")).isEqualTo("_con.txt");
        assertThat(w.component("LPT1.tar.gz")).isEqualTo("_LPT1.tar.gz");
        assertThat(w.component("CONSOLE.txt")).isEqualTo("CONSOLE.txt");
        assertThat(w.component("a:b*c?\"d<e>f|g")).isEqualTo("a_b_c__d_e_f_g");
        assertThat(w.component("trailing. . ")).isEqualTo("trailing");
        assertThat(w.component("...")).isEqualTo("_");
        // POSIX keeps such names: a file created from disk must be found again
        PathSanitizer p = PathSanitizer.posix();
        assertThat(p.component("What?.mkv")).isEqualTo("What?.mkv");
        assertThat(p.component("CON")).isEqualTo("CON");
    }

    @Test
    void overlongNamesAreShortenedKeepingTheExtension() {
        String longName = "é".repeat(300) + ".mkv";
        String s = PathSanitizer.posix().component(longName);
        assertThat(s.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(s).endsWith(".mkv").startsWith("éé");
    }

    @Test
    void duplicatePathsAreRenamed() {
        TorrentMetainfo t = parse(multiFile("dup", 16384, file(10, path("a.txt")), file(10, path("a.txt")),
                file(10, path("x", "..", "a.txt"))));
        assertThat(t.files()).extracting(FileEntry::pathString).containsExactly("a.txt", "a (1).txt", "x/a.txt");
    }

    @Test
    void invalidUtf8NamesAreDecodedWithReplacementCharacters() {
        BList bad = new BList(List.of(BString.of(new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'})));
        TorrentMetainfo t = parse(multiFile("n", 16384, file(5, bad)));
        assertThat(t.files().getFirst().pathString()).isEqualTo("a\uFFFD\uFFFDb");
    }

    @Test
    void bitCometPaddingFilesAreRecognised() {
        TorrentMetainfo t = parse(multiFile("bc", 16384, file(100, path("a")),
                file(16284, path("_____padding_file_0_if you see this file, please update to BitComet 0.85 or above____")),
                file(5, path("b"))));
        assertThat(t.files().get(1).pad()).isTrue();
        assertThat(t.contentFiles()).hasSize(2);
        assertThat(t.totalLength()).isEqualTo(105);
    }

    record BadCase(String description, byte[] torrent, String message) {
    }

    @Test
    void malformedTorrentsGiveClearErrors() {
        BDictionary goodInfo = BDictionary.builder().put("name", "a").put("piece length", 16384)
                .put("length", 20000).put("pieces", new byte[40]).build();
        List<BadCase> cases = List.of(
                new BadCase("not bencode", "hello".getBytes(StandardCharsets.US_ASCII), "not a valid torrent file"),
                new BadCase("a list", "le".getBytes(StandardCharsets.US_ASCII), "top level is a list"),
                new BadCase("no info", "d3:fooi1ee".getBytes(StandardCharsets.US_ASCII), "no 'info' dictionary"),
                new BadCase("info not dict", "d4:infoi1ee".getBytes(StandardCharsets.US_ASCII), "must be a dictionary"),
                new BadCase("truncated", Arrays.copyOf(torrent(goodInfo), 30), "unexpected end of input"),
                new BadCase("no piece length", torrent(without(goodInfo, "piece length")), "no 'piece length'"),
                new BadCase("zero piece length", torrent(with(goodInfo, "piece length", BInteger.of(0))), "out of range"),
                new BadCase("huge piece length", torrent(with(goodInfo, "piece length", BInteger.of(1L << 40))), "out of range"),
                new BadCase("piece length string", torrent(with(goodInfo, "piece length", BString.of("x"))), "must be an integer"),
                new BadCase("no name", torrent(without(goodInfo, "name")), "no 'name'"),
                new BadCase("odd pieces", torrent(with(goodInfo, "pieces", BString.of(new byte[41]))), "not a multiple of 20"),
                new BadCase("too few pieces", torrent(with(goodInfo, "pieces", BString.of(new byte[20]))), "need 2 pieces"),
                new BadCase("negative length", torrent(with(goodInfo, "length", BInteger.of(-1))), "negative"),
                new BadCase("no length", torrent(without(goodInfo, "length")), "neither 'length' nor 'files'"),
                new BadCase("no pieces", torrent(without(goodInfo, "pieces")), "neither 'pieces'"),
                new BadCase("meta version 3", torrent(with(goodInfo, "meta version", BInteger.of(3))), "unsupported meta version 3"),
                new BadCase("empty files", torrent(with(without(goodInfo, "length"), "files", BList.of())), "'files' is empty"),
                new BadCase("file without path", torrent(with(without(goodInfo, "length"), "files",
                        BList.of(BDictionary.builder().put("length", 20000).build()))), "has no 'path' list"),
                new BadCase("overflowing total", torrent(with(without(goodInfo, "length"), "files",
                        BList.of(file(Long.MAX_VALUE, path("a")), file(Long.MAX_VALUE, path("b"))))), "more than 64 bits"),
                new BadCase("all empty", multiFile("e", 16384, file(0, path("a"))), "no data"));
        for (BadCase c : cases) {
            assertThatThrownBy(() -> parse(c.torrent())).as(c.description())
                    .isInstanceOf(MetainfoException.class)
                    .hasMessageContaining(c.message())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void namesInErrorMessagesCannotBreakTheLine() {
        String msg = new MetainfoException("file 'a\nb\u0007' is bad").getMessage();
        assertThat(msg).isEqualTo("file 'a\\nb\\u0007' is bad");
        assertThat(new MetainfoException("x".repeat(5000)).getMessage()).hasSizeLessThan(500);
    }

    @Test
    void fileCountLimitIsChecked() {
        byte[] t = multiFile("many", 16384, file(1, path("a")), file(1, path("b")), file(1, path("c")));
        MetainfoParser strict = new MetainfoParser(MetainfoLimits.DEFAULT.withMaxFiles(2), PathSanitizer.posix());
        assertThatThrownBy(() -> strict.parse(t)).isInstanceOf(MetainfoException.class)
                .hasMessageContaining("more than the limit of 2");
        MetainfoParser tiny = new MetainfoParser(MetainfoLimits.DEFAULT.withBencode(
                BencodeLimits.TORRENT_FILE.withMaxInputSize(50)), PathSanitizer.posix());
        assertThatThrownBy(() -> tiny.parse(t)).isInstanceOf(MetainfoException.class)
                .hasMessageContaining("larger than the limit of 50 bytes");
    }

    @Test
    void v2PieceLayersAreCheckedAgainstTheirRoots() throws Exception {
        Path src = TestTrees.bigFile(dir);
        byte[] good = TorrentCreator.builder(src).mode(TorrentCreator.Mode.V2).pieceLength(1 << 20).create().bytes();
        TorrentMetainfo ok = parse(good);
        assertThat(ok.kind()).isEqualTo(TorrentMetainfo.Kind.V2);
        assertThat(ok.pieceLayer(ok.files().getFirst())).get().extracting(b -> b.length).isEqualTo(21 * 32);

        byte[] corrupted = mutateLayers(good, layer -> {
            byte[] b = layer.clone();
            b[5] ^= 1;
            return b;
        });
        assertThatThrownBy(() -> parse(corrupted)).isInstanceOf(MetainfoException.class)
                .hasMessageContaining("does not match its pieces root");

        byte[] shortLayer = mutateLayers(good, layer -> Arrays.copyOf(layer, layer.length - 32));
        assertThatThrownBy(() -> parse(shortLayer)).isInstanceOf(MetainfoException.class)
                .hasMessageContaining("expected 672");
    }

    @Test
    void v2PieceLengthMustBeAPowerOfTwo() throws Exception {
        Path src = TestTrees.singleFile(dir);
        byte[] good = TorrentCreator.builder(src).mode(TorrentCreator.Mode.V2).pieceLength(1 << 15).create().bytes();
        byte[] bad = mutateInfo(good, info -> with(info, "piece length", BInteger.of(3 * 16384)));
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(MetainfoException.class)
                .hasMessageContaining("power of two");
    }

    @Test
    void hybridTorrentsWhoseV1AndV2PartsDisagreeAreRejected() throws Exception {
        Path src = TestTrees.unicodeTree(dir);
        byte[] good = TorrentCreator.builder(src).mode(TorrentCreator.Mode.HYBRID).pieceLength(1 << 14).create().bytes();
        assertThat(parse(good).kind()).isEqualTo(TorrentMetainfo.Kind.HYBRID);

        // drop the pad files: the v1 files no longer start on piece boundaries
        byte[] noPads = mutateInfo(good, info -> {
            BList files = (BList) info.get("files");
            List<BValue> kept = files.values().stream()
                    .filter(f -> !(((BDictionary) f).get("attr") instanceof BString a && a.utf8().contains("p"))).toList();
            long total = kept.stream().mapToLong(f -> ((BInteger) ((BDictionary) f).get("length")).value()).sum();
            return with(with(info, "files", new BList(kept)), "pieces",
                    BString.of(new byte[(int) ((total + 16383) / 16384) * 20]));
        });
        assertThatThrownBy(() -> parse(noPads)).isInstanceOf(MetainfoException.class)
                .hasMessageContaining("hybrid torrent");

        // rename a v1 file
        byte[] renamed = mutateInfo(good, info -> {
            List<BValue> files = new ArrayList<>(((BList) info.get("files")).values());
            BDictionary first = (BDictionary) files.getFirst();
            files.set(0, with(first, "path", path("renamed")));
            return with(info, "files", new BList(files));
        });
        assertThatThrownBy(() -> parse(renamed)).isInstanceOf(MetainfoException.class)
                .hasMessageContaining("does not match v2 file");
    }

    // --- helpers to build and mutate torrents

    private static byte[] torrent(BDictionary info) {
        return Bencode.encode(BDictionary.builder().put("info", info).build());
    }

    static BDictionary with(BDictionary d, String key, BValue value) {
        BDictionary.Builder b = BDictionary.builder();
        d.entries().forEach(b::put);
        return b.put(key, value).build();
    }

    static BDictionary without(BDictionary d, String key) {
        BDictionary.Builder b = BDictionary.builder();
        d.entries().forEach((k, v) -> {
            if (!k.contentEquals(key)) {
                b.put(k, v);
            }
        });
        return b.build();
    }

    private static byte[] mutateInfo(byte[] torrent, UnaryOperator<BDictionary> f) {
        BDictionary root = (BDictionary) Bencode.decode(torrent);
        return Bencode.encode(with(root, "info", f.apply((BDictionary) root.get("info"))));
    }

    private static byte[] mutateLayers(byte[] torrent, UnaryOperator<byte[]> f) {
        BDictionary root = (BDictionary) Bencode.decode(torrent);
        BDictionary layers = (BDictionary) root.get("piece layers");
        BDictionary.Builder b = BDictionary.builder();
        layers.entries().forEach((k, v) -> b.put(k, BString.of(f.apply(((BString) v).bytes()))));
        return Bencode.encode(with(root, "piece layers", b.build()));
    }
}
