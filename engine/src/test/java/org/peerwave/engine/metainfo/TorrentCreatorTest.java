package org.peerwave.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.Bencode;
import org.peerwave.engine.testing.TestTrees;

class TorrentCreatorTest {

    @TempDir
    Path dir;

    @Test
    void automaticPieceLengthFollowsLibtorrentsTable() {
        assertThat(TorrentCreator.automaticPieceLength(1)).isEqualTo(16 * 1024);
        assertThat(TorrentCreator.automaticPieceLength(2_684_355)).isEqualTo(16 * 1024);
        assertThat(TorrentCreator.automaticPieceLength(2_684_356)).isEqualTo(32 * 1024);
        assertThat(TorrentCreator.automaticPieceLength(2L << 30)).isEqualTo(512 * 1024);
        assertThat(TorrentCreator.automaticPieceLength(1L << 50)).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void resultDoesNotDependOnTheNumberOfThreads() throws IOException {
        Path src = TestTrees.oddTree(dir);
        for (TorrentCreator.Mode mode : TorrentCreator.Mode.values()) {
            byte[] one = TorrentCreator.builder(src).mode(mode).pieceLength(16 * 1024).threads(1).creationDate(null)
                    .create().bytes();
            byte[] many = TorrentCreator.builder(src).mode(mode).pieceLength(16 * 1024).threads(7).creationDate(null)
                    .create().bytes();
            assertThat(many).as("%s", mode).isEqualTo(one);
        }
    }

    @Test
    void progressReachesTheTotal() throws IOException {
        Path src = TestTrees.bigFile(dir);
        AtomicLong last = new AtomicLong();
        AtomicLong total = new AtomicLong();
        TorrentCreator.builder(src).pieceLength(1 << 20).progress((done, all) -> {
            last.accumulateAndGet(done, Math::max);
            total.set(all);
        }).create();
        assertThat(total.get()).isEqualTo(Files.size(src));
        assertThat(last.get()).isEqualTo(total.get());
    }

    @Test
    void metadataGoesWhereLibtorrentPutsIt() throws IOException {
        Path src = TestTrees.singleFile(dir);
        TorrentCreator.CreatedTorrent t = TorrentCreator.builder(src).mode(TorrentCreator.Mode.V1)
                .addTrackerTier(List.of("http://127.0.0.1:1/a", "http://127.0.0.1:1/b"))
                .addTrackerTier(List.of("udp://127.0.0.1:2", "http://127.0.0.1:1/a"))
                .webSeeds(List.of("http://127.0.0.1:3/ws/")).httpSeeds(List.of("http://127.0.0.1:4/s", "http://127.0.0.1:5/s"))
                .privateFlag(true).comment("a comment").createdBy("Peerwave test")
                .creationDate(Instant.ofEpochSecond(1_700_000_000L)).create();
        BDictionary root = (BDictionary) Bencode.decode(t.bytes());
        assertThat(((BString) root.get("announce")).utf8()).isEqualTo("http://127.0.0.1:1/a");
        assertThat(root.get("url-list")).isInstanceOf(BString.class);
        assertThat(root.containsKey("piece layers")).isFalse();
        TorrentMetainfo m = t.metainfo();
        assertThat(m.trackers()).containsExactly(List.of("http://127.0.0.1:1/a", "http://127.0.0.1:1/b"),
                List.of("udp://127.0.0.1:2"));
        assertThat(m.webSeeds()).containsExactly("http://127.0.0.1:3/ws/");
        assertThat(m.httpSeeds()).containsExactly("http://127.0.0.1:4/s", "http://127.0.0.1:5/s");
        assertThat(m.isPrivate()).isTrue();
        assertThat(m.comment()).contains("a comment");
        assertThat(m.createdBy()).contains("Peerwave test");
        assertThat(m.creationDate()).contains(Instant.ofEpochSecond(1_700_000_000L));
    }

    @Test
    void noDateMakesReproducibleTorrents() throws IOException {
        Path src = TestTrees.unicodeTree(dir);
        byte[] a = TorrentCreator.builder(src).creationDate(null).create().bytes();
        byte[] b = TorrentCreator.builder(src).creationDate(null).create().bytes();
        assertThat(a).isEqualTo(b);
        assertThat(((BDictionary) Bencode.decode(a)).containsKey("creation date")).isFalse();
    }

    @Test
    void hybridMultiFileTorrentsArePaddedToPieceBoundaries() throws IOException {
        Path src = TestTrees.oddTree(dir);
        TorrentMetainfo m = TorrentCreator.builder(src).pieceLength(32 * 1024).create().metainfo();
        for (FileEntry f : m.contentFiles()) {
            if (f.length() > 0) {
                assertThat(f.offset() % (32 * 1024)).as(f.pathString()).isZero();
            }
        }
        assertThat(m.files().getLast().pad()).isTrue();
        assertThat(m.files().stream().filter(FileEntry::pad))
                .allSatisfy(p -> assertThat(p.path()).containsExactly(".pad", Long.toString(p.length())));
        assertThat(m.contentFiles()).filteredOn(FileEntry::executable).extracting(FileEntry::pathString)
                .containsExactly("run.sh");
    }

    @Test
    void clearErrorsForBadSourcesAndPieceLengths() throws IOException {
        assertThatThrownBy(() -> TorrentCreator.builder(dir.resolve("missing")).create())
                .isInstanceOf(IOException.class).hasMessageContaining("no such file or directory");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> TorrentCreator.builder(empty).create())
                .isInstanceOf(IOException.class).hasMessageContaining("has no files");
        Files.createFile(empty.resolve("zero"));
        assertThatThrownBy(() -> TorrentCreator.builder(empty).create())
                .isInstanceOf(IOException.class).hasMessageContaining("only empty files");
        Path src = TestTrees.singleFile(dir);
        assertThatThrownBy(() -> TorrentCreator.builder(src).pieceLength(48 * 1024).create())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a power of two");
        assertThat(TorrentCreator.builder(src).mode(TorrentCreator.Mode.V1).pieceLength(48 * 1024).create()
                .metainfo().pieceLength()).isEqualTo(48 * 1024);
        assertThatThrownBy(() -> TorrentCreator.builder(src).mode(TorrentCreator.Mode.V1).pieceLength(10_000).create())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 16 KiB");
        assertThatThrownBy(() -> TorrentCreator.builder(src).threads(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void symbolicLinkLoopsAreSkipped() throws IOException {
        Path root = Files.createDirectories(dir.resolve("loop"));
        TestTrees.file(root.resolve("a.bin"), 1000, 1);
        Files.createSymbolicLink(root.resolve("self"), root);
        TorrentMetainfo m = TorrentCreator.builder(root).create().metainfo();
        assertThat(m.contentFiles()).extracting(FileEntry::pathString).containsExactly("a.bin");
    }
}
