package org.peerwave.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.Main;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/** Runs the CLI in this JVM through {@link Main#run}, as {@code ./peerwave ARGS} would. */
class CliTest {

    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /**
     * Runs the CLI. Tests never join the public DHT: {@code download}, {@code seed} and {@code stream}
     * get {@code --no-dht} unless the arguments set up a DHT of their own ({@code --dht-bootstrap}), and
     * {@code --no-lsd}.
     */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(offline(args), new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    /**
     * {@code args} plus {@code --no-dht} for the commands that would otherwise join the public DHT, and
     * {@code --no-lsd} so that they do not multicast on the machine's network.
     */
    static String[] offline(String... args) {
        java.util.List<String> a = java.util.Arrays.asList(args);
        if (args.length == 0 || !java.util.Set.of("download", "seed", "stream").contains(args[0])
                || a.contains("--help")) {
            return args;
        }
        java.util.List<String> out = new java.util.ArrayList<>(a);
        if (!a.contains("--no-dht") && !a.contains("--dht-bootstrap")) {
            out.add("--no-dht");
        }
        if (!a.contains("--no-lsd")) {
            out.add("--no-lsd");
        }
        return out.toArray(String[]::new);
    }

    @TempDir
    Path dir;

    Path content;
    Path torrentFile;
    TorrentMetainfo meta;

    /** A hybrid torrent of a folder with odd sizes, a nested file and a non-ASCII name. */
    @BeforeEach
    void makeTorrent() throws IOException {
        content = dir.resolve("Holiday Photos");
        Files.createDirectories(content.resolve("day 1"));
        Files.write(content.resolve("day 1").resolve("beach.jpg"), bytes(70_001, 1));
        Files.write(content.resolve("Ünïcødé \"notes\".txt"), "hello\n".getBytes(StandardCharsets.UTF_8));
        Files.write(content.resolve("video.mp4"), bytes(50_000, 2));
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(content)
                .pieceLength(16 * 1024)
                .addTrackerTier(List.of("udp://tracker.example:6969/announce", "udp://backup.example:1337/announce"))
                .addTrackerTier(List.of("https://tracker.example/announce"))
                .webSeeds(List.of("https://seed.example/files/"))
                .comment("test torrent")
                .create();
        torrentFile = dir.resolve("photos.torrent");
        Files.write(torrentFile, created.bytes());
        meta = created.metainfo();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Nested
    class Global {

        @Test
        void version() {
            Result r = run("--version");
            assertThat(r.status()).isZero();
            assertThat(r.out()).matches("peerwave \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
            assertThat(r.err()).isEmpty();
        }

        @Test
        void help() {
            Result r = run("--help");
            assertThat(r.status()).isZero();
            assertThat(r.out()).startsWith("Usage: peerwave").contains("info", "create", "magnet", "--verbose");
            assertThat(r.err()).isEmpty();
        }

        @Test
        void theWarmUpCommandIsHiddenTransfersOnLoopbackAndPrintsNothing() {
            assertThat(run("--help").out()).doesNotContain("warm-up");
            Result r = run("warm-up", "--size-mb", "2");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(run("warm-up", "--size-mb", "0").status()).isNotZero();
        }

        @Test
        void noArgumentsPrintsTheHelp() {
            Result r = run();
            assertThat(r.status()).isZero();
            assertThat(r.out()).startsWith("Usage: peerwave");
        }

        @Test
        void subcommandHelp() {
            Result r = run("create", "--help");
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("--v1", "--v2", "--hybrid", "--piece-length", "--tracker", "--web-seed",
                    "--private", "--comment", "--no-date", "--force");
        }

        @Test
        void unknownCommandIsAUsageError() {
            Result r = run("inf", "x.torrent");
            assertThat(r.status()).isEqualTo(Cli.EXIT_USAGE);
            assertThat(r.errLines()).singleElement().asString()
                    .isEqualTo("peerwave: error: unknown command 'inf' (did you mean 'info'?) (see 'peerwave --help')");
            assertThat(r.out()).isEmpty();
        }
    }

    @Nested
    class Info {

        @Test
        void summary() {
            Result r = run("info", torrentFile.toString());
            assertThat(r.status()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out())
                    .contains("Name:          Holiday Photos")
                    .contains("Type:          hybrid (v1 + v2)")
                    .contains("Info hash v1:  " + meta.infoHashes().v1().hex())
                    .contains("Info hash v2:  " + meta.infoHashes().v2().hex())
                    .contains("Piece length:  16 KiB")
                    .contains("Pieces:        " + meta.pieceCount())
                    .contains("(120,007 bytes)")
                    .contains("Private:       no")
                    .contains("Comment:       test torrent")
                    .contains("Files (3):", "day 1/beach.jpg", "Ünïcødé \"notes\".txt", "video.mp4")
                    .contains("tier 1: udp://tracker.example:6969/announce")
                    .contains("        udp://backup.example:1337/announce")
                    .contains("tier 2: https://tracker.example/announce")
                    .contains("https://seed.example/files/")
                    .doesNotContain(".pad");
        }

        @Test
        @SuppressWarnings("unchecked")
        void json() {
            Result r = run("info", "--json", torrentFile.toString());
            assertThat(r.status()).isZero();
            assertThat(r.err()).isEmpty();
            Map<String, Object> o = (Map<String, Object>) MiniJson.parse(r.out());
            assertThat(o).containsOnlyKeys("name", "infoHashV1", "infoHashV2", "pieceLength", "pieceCount",
                    "totalLength", "private", "files", "trackers", "webSeeds");
            assertThat(o.get("name")).isEqualTo("Holiday Photos");
            assertThat(o.get("infoHashV1")).isEqualTo(meta.infoHashes().v1().hex()).asString().hasSize(40);
            assertThat(o.get("infoHashV2")).isEqualTo(meta.infoHashes().v2().hex()).asString().hasSize(64);
            assertThat(o.get("pieceLength")).isEqualTo(16_384L);
            assertThat(o.get("pieceCount")).isEqualTo((long) meta.pieceCount());
            assertThat(o.get("totalLength")).isEqualTo(120_007L);
            assertThat(o.get("private")).isEqualTo(false);
            // Paths relative to the torrent's folder, joined with '/', pad files left out.
            assertThat((List<Object>) o.get("files")).containsExactly(
                    Map.of("path", "day 1/beach.jpg", "length", 70_001L),
                    Map.of("path", "video.mp4", "length", 50_000L),
                    Map.of("path", "Ünïcødé \"notes\".txt", "length", 6L));
            assertThat(o.get("trackers")).isEqualTo(List.of(
                    List.of("udp://tracker.example:6969/announce", "udp://backup.example:1337/announce"),
                    List.of("https://tracker.example/announce")));
            assertThat(o.get("webSeeds")).isEqualTo(List.of("https://seed.example/files/"));
        }

        @Test
        @SuppressWarnings("unchecked")
        void jsonOfAV1SingleFileTorrent() throws IOException {
            Path file = dir.resolve("single.bin");
            Files.write(file, bytes(40_000, 3));
            Path out = dir.resolve("single.torrent");
            Files.write(out, TorrentCreator.builder(file).mode(TorrentCreator.Mode.V1).privateFlag(true)
                    .create().bytes());

            Result r = run("info", out.toString(), "--json");
            assertThat(r.status()).isZero();
            Map<String, Object> o = (Map<String, Object>) MiniJson.parse(r.out());
            assertThat(o.get("infoHashV1")).asString().matches("[0-9a-f]{40}");
            assertThat(o).containsEntry("infoHashV2", null).containsEntry("private", true)
                    .containsEntry("trackers", List.of()).containsEntry("webSeeds", List.of());
            assertThat((List<Object>) o.get("files")).containsExactly(Map.of("path", "single.bin", "length", 40_000L));
        }
    }

    @Nested
    class Magnet {

        @Test
        void printsTheMagnetLink() {
            Result r = run("magnet", torrentFile.toString());
            assertThat(r.status()).isZero();
            assertThat(r.err()).isEmpty();
            String link = r.out().strip();
            assertThat(link).startsWith("magnet:?xt=urn:btih:" + meta.infoHashes().v1().hex()
                    + "&xt=urn:btmh:1220" + meta.infoHashes().v2().hex() + "&dn=Holiday%20Photos&tr=");
            MagnetLink parsed = MagnetLink.parse(link);
            assertThat(parsed.infoHashes()).isEqualTo(meta.infoHashes());
            assertThat(parsed.displayName()).isEqualTo("Holiday Photos");
            assertThat(parsed.trackers()).containsExactly("udp://tracker.example:6969/announce",
                    "udp://backup.example:1337/announce", "https://tracker.example/announce");
            assertThat(parsed.webSeeds()).containsExactly("https://seed.example/files/");
        }
    }

    @Nested
    class Create {

        @Test
        void createsAHybridTorrentByDefault() throws IOException {
            Path out = dir.resolve("made.torrent");
            Result r = run("create", content.toString(), "-o", out.toString(), "--piece-length", "16KiB",
                    "--tracker", "udp://a.example/announce,udp://b.example/announce", "--tracker",
                    "https://c.example/announce", "--web-seed", "https://w.example/", "--private",
                    "--comment", "made by a test", "--no-date");
            assertThat(r.err()).isEmpty();
            assertThat(r.status()).isZero();

            TorrentMetainfo made = TorrentMetainfo.parse(Files.readAllBytes(out));
            assertThat(made.kind()).isEqualTo(TorrentMetainfo.Kind.HYBRID);
            assertThat(made.contentFiles()).map(FileEntry::pathString)
                    .containsExactly("day 1/beach.jpg", "video.mp4", "Ünïcødé \"notes\".txt");
            assertThat(made.pieceLength()).isEqualTo(16 * 1024);
            assertThat(made.trackers()).containsExactly(
                    List.of("udp://a.example/announce", "udp://b.example/announce"),
                    List.of("https://c.example/announce"));
            assertThat(made.webSeeds()).containsExactly("https://w.example/");
            assertThat(made.isPrivate()).isTrue();
            assertThat(made.comment()).contains("made by a test");
            assertThat(made.creationDate()).isEmpty();
            assertThat(made.createdBy()).hasValueSatisfying(v -> assertThat(v).startsWith("Peerwave "));

            assertThat(r.out()).contains("Info hash v1:  " + made.infoHashes().v1().hex())
                    .contains("Info hash v2:  " + made.infoHashes().v2().hex())
                    .contains("Magnet:        " + MagnetLink.forTorrent(made).toUri());
        }

        @Test
        void v1AndV2() throws IOException {
            Path v1 = dir.resolve("v1.torrent");
            Path v2 = dir.resolve("v2.torrent");
            assertThat(run("create", content.toString(), "-o", v1.toString(), "--v1").status()).isZero();
            assertThat(run("create", content.toString(), "--output", v2.toString(), "--v2").status()).isZero();
            assertThat(TorrentMetainfo.parse(Files.readAllBytes(v1)).kind()).isEqualTo(TorrentMetainfo.Kind.V1);
            TorrentMetainfo m2 = TorrentMetainfo.parse(Files.readAllBytes(v2));
            assertThat(m2.kind()).isEqualTo(TorrentMetainfo.Kind.V2);
            assertThat(m2.creationDate()).isPresent();
        }

        @Test
        void refusesToOverwriteWithoutForce() throws IOException {
            Path out = dir.resolve("exists.torrent");
            Files.writeString(out, "keep me");
            Result r = run("create", content.toString(), "-o", out.toString());
            assertThat(r.status()).isEqualTo(Cli.EXIT_FAILURE);
            assertThat(r.errLines()).singleElement().asString()
                    .isEqualTo("peerwave: error: " + out + " already exists (add --force to overwrite it)");
            assertThat(Files.readString(out)).isEqualTo("keep me");

            Result forced = run("create", content.toString(), "-o", out.toString(), "--force");
            assertThat(forced.status()).isZero();
            assertThat(TorrentMetainfo.parse(Files.readAllBytes(out)).name()).isEqualTo("Holiday Photos");
        }

        @Test
        void badOptionsAreUsageErrors() {
            Path out = dir.resolve("x.torrent");
            Result both = run("create", content.toString(), "-o", out.toString(), "--v1", "--v2");
            assertThat(both.status()).isEqualTo(Cli.EXIT_USAGE);
            assertThat(both.errLines()).singleElement().asString().startsWith("peerwave: error: --v1, --v2 are mutually exclusive");

            Result odd = run("create", content.toString(), "-o", out.toString(), "--piece-length", "48K");
            assertThat(odd.status()).isEqualTo(Cli.EXIT_USAGE);
            assertThat(odd.errLines()).singleElement().asString().contains("not a power of two");

            Result noOutput = run("create", content.toString());
            assertThat(noOutput.status()).isEqualTo(Cli.EXIT_USAGE);
            assertThat(noOutput.errLines()).singleElement().asString().contains("--output");
            assertThat(out).doesNotExist();
        }

        @Test
        void tiersFromRepeatedAndCommaSeparatedValues() {
            assertThat(CreateCommand.tiers(List.of("a,b", " c ", ",", "d,,e")))
                    .containsExactly(List.of("a", "b"), List.of("c"), List.of("d", "e"));
        }

        @Test
        void pieceLengthSuffixes() {
            CreateCommand.PieceLengthConverter c = new CreateCommand.PieceLengthConverter();
            assertThat(c.convert("262144")).isEqualTo(262_144);
            assertThat(c.convert("256KiB")).isEqualTo(262_144);
            assertThat(c.convert("256k")).isEqualTo(262_144);
            assertThat(c.convert("4M")).isEqualTo(4 << 20);
            assertThat(c.convert("48K")).isEqualTo(48 << 10);
        }
    }

    @Nested
    class Errors {

        @Test
        void missingFile() {
            Path missing = dir.resolve("missing.torrent");
            Result r = run("info", missing.toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).containsExactly("peerwave: error: no such file: " + missing);
        }

        @Test
        void malformedTorrentGivesOneClearLine() throws IOException {
            Path bad = dir.resolve("bad.torrent");
            Files.writeString(bad, "this is not bencode");
            for (String command : List.of("info", "magnet")) {
                Result r = run(command, bad.toString());
                assertThat(r.status()).isEqualTo(1);
                assertThat(r.out()).isEmpty();
                assertThat(r.errLines()).singleElement().asString()
                        .startsWith("peerwave: error: " + bad + ": not a valid torrent file: ")
                        .doesNotContain("Exception", "\tat ");
            }
        }

        @Test
        void torrentWithoutRequiredFields() throws IOException {
            Path bad = dir.resolve("noinfo.torrent");
            Files.writeString(bad, "d8:announce3:urle");
            Result r = run("info", "--json", bad.toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).singleElement().asString().startsWith("peerwave: error: " + bad + ": not a valid torrent file: ");
        }

        @Test
        void verboseAddsTheStackTrace() throws IOException {
            Path bad = dir.resolve("bad.torrent");
            Files.writeString(bad, "i12");
            Result r = run("info", "--verbose", bad.toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines().getFirst()).startsWith("peerwave: error: " + bad + ": not a valid torrent file: ");
            assertThat(r.err()).contains("\tat org.peerwave.");

            Result before = run("--verbose", "info", bad.toString());
            assertThat(before.err()).contains("\tat org.peerwave.");
        }

        @Test
        void folderInsteadOfTorrent() {
            Result r = run("magnet", dir.toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly("peerwave: error: " + dir + " is a folder, not a .torrent file");
        }

        @Test
        void missingArgument() {
            Result r = run("info");
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.errLines()).containsExactly(
                    "peerwave: error: missing required parameter: 'FILE.torrent' (see 'peerwave info --help')");
        }

        @Test
        void createFromNothing() {
            Result r = run("create", dir.resolve("nope").toString(), "-o", dir.resolve("x.torrent").toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly("peerwave: error: no such file or folder: " + dir.resolve("nope"));
        }
    }

    @Test
    void filesOfTheFixtureIncludePadFilesThatTheCliLeavesOut() {
        // Guards the JSON test above: the hybrid layout really has pad files to leave out.
        assertThat(meta.files()).anyMatch(FileEntry::pad);
    }
}
