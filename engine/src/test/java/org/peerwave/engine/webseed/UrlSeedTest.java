package org.peerwave.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

class UrlSeedTest {

    @TempDir
    Path dir;

    private TorrentMetainfo torrent(Path source, TorrentCreator.Mode mode) throws Exception {
        return TorrentMetainfo.parse(TorrentCreator.builder(source).mode(mode).pieceLength(32 * 1024)
                .creationDate(null).create().bytes());
    }

    @Test
    void singleFileUrlIsTheFileAndASlashAddsTheName() throws Exception {
        TorrentMetainfo t = torrent(TestTrees.file(dir.resolve("my file.iso"), 100_000, 1), TorrentCreator.Mode.V1);
        UrlSeed direct = UrlSeed.of("http://mirror.example/pub/renamed.iso", t);
        assertThat(direct.segments(40_000, 1000)).containsExactly(
                new Segment.Fetch(URI.create("http://mirror.example/pub/renamed.iso"), 40_000, 1000, 100_000));
        UrlSeed folder = UrlSeed.of("http://mirror.example/pub/", t);
        assertThat(folder.segments(0, 100_000)).containsExactly(
                new Segment.Fetch(URI.create("http://mirror.example/pub/my%20file.iso"), 0, 100_000, 100_000));
        assertThat(((Segment.Fetch) folder.segments(5, 10).getFirst()).rangeHeader()).isEqualTo("bytes=5-14");
    }

    @Test
    void multiFileUrlsAddTheNameAndPathPercentEncoded() throws Exception {
        Path root = dir.resolve("Top dir");
        TestTrees.file(root.resolve("a/b c.txt"), 10_000, 1);
        TestTrees.file(root.resolve("Ünï/日本.bin"), 20_000, 2);
        TorrentMetainfo t = torrent(root, TorrentCreator.Mode.V1);
        UrlSeed withSlash = UrlSeed.of("http://h:8080/pub/", t);
        UrlSeed withoutSlash = UrlSeed.of("http://h:8080/pub", t);
        int ab = index(t, "a", "b c.txt");
        int un = index(t, "Ünï", "日本.bin");
        for (UrlSeed u : List.of(withSlash, withoutSlash)) {
            assertThat(u.fileUri(ab).toString()).isEqualTo("http://h:8080/pub/Top%20dir/a/b%20c.txt");
            assertThat(u.fileUri(un).toString())
                    .isEqualTo("http://h:8080/pub/Top%20dir/%C3%9Cn%C3%AF/%E6%97%A5%E6%9C%AC.bin");
        }
    }

    private static int index(TorrentMetainfo t, String... path) {
        for (int i = 0; i < t.files().size(); i++) {
            if (t.files().get(i).path().equals(List.of(path))) {
                return i;
            }
        }
        throw new AssertionError("no file " + List.of(path));
    }

    @Test
    void aRunSpanningFilesBecomesOneRangeRequestPerFile() throws Exception {
        Path root = dir.resolve("multi");
        TestTrees.file(root.resolve("1.bin"), 10_000, 1);
        TestTrees.file(root.resolve("2.bin"), 5_000, 2);
        TestTrees.file(root.resolve("3.bin"), 50_000, 3);
        TorrentMetainfo t = torrent(root, TorrentCreator.Mode.V1);
        UrlSeed u = UrlSeed.of("http://h/", t);
        // the torrent's own order (the creator's), checked against the offsets
        List<FileEntry> f = t.files();
        assertThat(f).extracting(FileEntry::offset).isSorted();
        FileEntry a = f.get(0);
        FileEntry b = f.get(1);
        FileEntry c = f.get(2);
        URI ua = URI.create("http://h/multi/" + a.path().getFirst());
        URI ub = URI.create("http://h/multi/" + b.path().getFirst());
        URI uc = URI.create("http://h/multi/" + c.path().getFirst());
        // the first piece (32 KiB) covers the first two files and the start of the third
        assertThat(u.segments(0, 32 * 1024)).containsExactly(
                new Segment.Fetch(ua, 0, a.length(), a.length()),
                new Segment.Fetch(ub, 0, b.length(), b.length()),
                new Segment.Fetch(uc, 0, 32 * 1024 - a.length() - b.length(), c.length()));
        assertThat(u.segments(a.length() - 1_000, 2_000)).containsExactly(
                new Segment.Fetch(ua, a.length() - 1_000, 1_000, a.length()),
                new Segment.Fetch(ub, 0, 1_000, b.length()));
    }

    @Test
    void padFilesAreZerosAndNeverRequested() throws Exception {
        Path root = dir.resolve("padded");
        TestTrees.file(root.resolve("1.bin"), 10_000, 1);
        TestTrees.file(root.resolve("2.bin"), 40_000, 2);
        TorrentMetainfo t = torrent(root, TorrentCreator.Mode.HYBRID);
        UrlSeed u = UrlSeed.of("http://h/", t);
        List<Segment> all = u.segments(0, t.storageLength());
        List<Segment> expected = new java.util.ArrayList<>();
        for (FileEntry f : t.files()) {
            expected.add(f.pad() ? new Segment.Zeros(f.length())
                    : new Segment.Fetch(URI.create("http://h/padded/" + f.path().getFirst()), 0, f.length(), f.length()));
        }
        assertThat(t.files()).filteredOn(FileEntry::pad).isNotEmpty();
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(all.stream().mapToLong(Segment::length).sum()).isEqualTo(t.storageLength());
    }

    @Test
    void emptyFilesAreSkipped() throws Exception {
        Path root = dir.resolve("with empty");
        TestTrees.file(root.resolve("a.bin"), 1_000, 1);
        Files.createFile(root.resolve("b.empty"));
        TestTrees.file(root.resolve("c.bin"), 1_000, 2);
        TorrentMetainfo t = torrent(root, TorrentCreator.Mode.V1);
        List<Segment> all = UrlSeed.of("http://h/", t).segments(0, 2_000);
        assertThat(all).hasSize(2).allMatch(s -> s instanceof Segment.Fetch);
    }

    @Test
    void onlyHttpUrlsAreUsed() throws Exception {
        TorrentMetainfo t = torrent(TestTrees.file(dir.resolve("f.bin"), 1000, 1), TorrentCreator.Mode.V1);
        assertThatThrownBy(() -> UrlSeed.of("ftp://h/f.bin", t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UrlSeed.of("not a url", t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UrlSeed.of("/relative", t)).isInstanceOf(IllegalArgumentException.class);
        assertThat(UrlSeed.of("HTTPS://h/f.bin", t).url()).isEqualTo("HTTPS://h/f.bin");
        UrlSeed u = UrlSeed.of("http://h/f.bin", t);
        assertThatThrownBy(() -> u.segments(999, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
