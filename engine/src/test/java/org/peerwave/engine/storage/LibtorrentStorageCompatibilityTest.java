package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.ExternalTool;
import org.peerwave.engine.testing.TestTrees;

/**
 * Our piece verification against libtorrent 2.0 (Debian's python3-libtorrent): torrents that
 * libtorrent made (v1, v2 and hybrid) verify over libtorrent's source data with checkExisting(),
 * and over a copy with a few corrupted bytes we fail exactly the pieces libtorrent's own recheck
 * fails, so our v2 merkle verification matches a real implementation.
 */
@Timeout(300)
class LibtorrentStorageCompatibilityTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int K = 1024;
    private static final String[] SPECS = {"v1:16384", "v1:262144", "v2:16384", "v2:262144", "hybrid:16384",
        "hybrid:262144", "hybrid:1048576"};

    @TempDir
    static Path work;

    static Path ltTool;
    static Path ltCheck;
    static Path data;
    static Path corrupt;
    static Path torrents;
    static StorageExecutors executors;

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTool.require(PYTHON, "python3-libtorrent");
        ltTool = ExternalTool.resource("tools/lt_tool.py", work);
        ltCheck = ExternalTool.resource("tools/lt_check.py", work);
        data = Files.createDirectories(work.resolve("data"));
        Path tree = TestTrees.oddTree(data);
        torrents = Files.createDirectories(work.resolve("torrents"));
        List<String> cmd = new ArrayList<>(List.of(PYTHON, ltTool.toString(), "create", tree.toString(),
                torrents.toString()));
        cmd.addAll(List.of(SPECS));
        ExternalTool.run(Duration.ofMinutes(3), cmd);

        corrupt = Files.createDirectories(work.resolve("corrupt"));
        copyTree(tree, corrupt.resolve(tree.getFileName().toString()));
        Path copy = corrupt.resolve(tree.getFileName().toString());
        flip(copy.resolve("alpha/file-1.dat"), 0);                 // first byte of a file
        flip(copy.resolve("gamma/delta/epsilon/file-3.dat"), 16 * K); // on a block boundary
        flip(copy.resolve("file-4.dat"), 65_535);                  // last byte of a file
        flip(copy.resolve("alpha/beta/file-6.dat"), 500_000);      // inside the 1 MiB file
        executors = new StorageExecutors(StorageSettings.builder().diskThreads(2).hashThreads(2).build());
    }

    @AfterAll
    static void tearDown() {
        if (executors != null) {
            executors.close();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static void flip(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.flip();
            b.put(0, (byte) (b.get(0) ^ 0x01));
            ch.write(b, at);
        }
    }

    static Stream<Arguments> specs() {
        return Stream.of(SPECS).map(s -> Arguments.of(s.replace(':', '-')));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void libtorrentsTorrentVerifiesOverItsDataAndWeFailTheSamePiecesAsLibtorrent(String spec) throws Exception {
        Path torrentFile = torrents.resolve(spec + ".torrent");
        TorrentMetainfo m = TorrentMetainfo.parse(Files.readAllBytes(torrentFile));
        assertThat(m.kind().name().toLowerCase()).isEqualTo(spec.substring(0, spec.indexOf('-')));
        StorageSettings settings = StorageSettings.defaults();

        try (FileStorage storage = new FileStorage(m, data, settings, executors)) {
            Bitfield have = storage.checkExisting(PieceStorage.CheckProgress.NONE).join();
            assertThat(have.count()).as("pieces verified of %d", m.pieceCount()).isEqualTo(m.pieceCount());
        }

        Bitfield ours;
        try (FileStorage storage = new FileStorage(m, corrupt, settings, executors)) {
            ours = storage.checkExisting(PieceStorage.CheckProgress.NONE).join();
        }
        String out = ExternalTool.run(Duration.ofMinutes(2), List.of(PYTHON, ltCheck.toString(),
                torrentFile.toString(), corrupt.toString()));
        JsonNode lt = JSON.readTree(out.strip());
        String theirs = lt.get("pieces").asText();
        StringBuilder mine = new StringBuilder();
        for (int p = 0; p < m.pieceCount(); p++) {
            mine.append(ours.get(p) ? '1' : '0');
        }
        assertThat(theirs).as("libtorrent state %s", lt.get("state")).hasSize(m.pieceCount());
        assertThat(mine.toString()).isEqualTo(theirs);
        assertThat(ours.count()).isLessThanOrEqualTo(m.pieceCount() - 3).isGreaterThan(0);
    }
}
