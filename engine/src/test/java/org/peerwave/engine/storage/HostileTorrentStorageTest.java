package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.Bencode;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/** Torrents built by hand with {@code ..}, absolute and empty path components cannot write outside the save folder. */
class HostileTorrentStorageTest {

    private static final int PIECE = 16 * 1024;

    record Raw(List<String> path, int length) {
    }

    static byte[] torrent(String name, List<Raw> files, byte[] data) throws Exception {
        List<BValue> list = new ArrayList<>();
        for (Raw f : files) {
            List<BValue> comps = new ArrayList<>();
            f.path().forEach(c -> comps.add(BString.of(c)));
            list.add(BDictionary.builder().put("length", f.length()).put("path", new BList(comps)).build());
        }
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        for (int off = 0; off < data.length; off += PIECE) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(data, off, Math.min(PIECE, data.length - off));
            pieces.write(sha1.digest());
        }
        BDictionary.Builder info = BDictionary.builder().put("name", name).put("piece length", PIECE)
                .put("pieces", pieces.toByteArray());
        if (files.size() == 1 && files.getFirst().path().isEmpty()) {
            info.put("length", BInteger.of(files.getFirst().length()));
        } else {
            info.put("files", new BList(list));
        }
        return Bencode.encode(BDictionary.builder().put("announce", "http://127.0.0.1/announce")
                .put("info", info.build()).build());
    }

    @Test
    void dotDotAndAbsoluteComponentsStayInsideTheSaveFolder(@TempDir Path jail) throws Exception {
        List<Raw> files = List.of(
                new Raw(List.of("..", "..", "escaped.txt"), 20_000),
                new Raw(List.of("sub", "..", "..", "..", "x.txt"), 5_000),
                new Raw(List.of("/etc", "passwd"), 100),
                new Raw(List.of("..\\..\\win.txt"), 3_000),
                new Raw(List.of("", ".", "dots"), 17_000));
        check(jail, "..", files);
        check(jail.resolve("second"), "../../up", files);
    }

    @Test
    void singleFileNamedDotDot(@TempDir Path jail) throws Exception {
        check(jail, "../../../evil.bin", List.of(new Raw(List.of(), 40_000)));
    }

    private void check(Path jail, String name, List<Raw> files) throws Exception {
        int total = files.stream().mapToInt(Raw::length).sum();
        byte[] data = new byte[total];
        new Random(1).nextBytes(data);
        TorrentMetainfo m = TorrentMetainfo.parse(torrent(name, files, data));
        Path save = Files.createDirectories(jail.resolve("inner").resolve("save"));
        try (StorageExecutors ex = new StorageExecutors(StorageSettings.defaults());
             FileStorage storage = new FileStorage(m, save, StorageSettings.defaults(), ex)) {
            for (int i = 0; i < m.files().size(); i++) {
                if (storage.pathOf(i) != null) {
                    assertThat(storage.pathOf(i)).startsWithRaw(save);
                }
            }
            for (int p = 0; p < m.pieceCount(); p++) {
                int at = p * PIECE;
                storage.writeBlock(p, 0, ByteBuffer.wrap(data, at, Math.min(PIECE, total - at))).join();
            }
            assertThat(StorageFixtures.verifyAll(storage).isComplete()).isTrue();
            storage.flush().join();
        }
        List<String> all = StorageFixtures.filesUnder(jail);
        assertThat(all).isNotEmpty().allMatch(p -> p.startsWith("inner/save/"), "is inside the save folder");
        try (var s = Files.walk(jail.getParent(), 1)) {
            assertThat(s.filter(p -> p.getFileName().toString().contains("evil")
                    || p.getFileName().toString().contains("escaped")).toList()).isEmpty();
        }
    }
}
