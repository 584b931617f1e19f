package org.peerwave.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

class HttpSeedTest {

    @TempDir
    Path dir;

    @Test
    void aRunBecomesOneRequestPerPieceWithInclusiveRanges() throws Exception {
        TorrentMetainfo t = TorrentMetainfo.parse(TorrentCreator.builder(TestTrees.file(dir.resolve("f.bin"), 100_000, 1))
                .pieceLength(32 * 1024).creationDate(null).create().bytes());
        HttpSeed s = HttpSeed.of("http://h/seed.php", t);
        String hash = UrlEncoding.encode(t.infoHashes().v1().bytes());
        assertThat(hash).matches("([A-Za-z0-9._~-]|%[0-9A-F]{2}){20}");
        List<Segment> segs = s.segments(30_000, 40_000);
        assertThat(segs).containsExactly(
                new Segment.Fetch(URI.create("http://h/seed.php?info_hash=" + hash + "&piece=0&ranges=30000-32767"),
                        -1, 2_768, -1),
                new Segment.Fetch(URI.create("http://h/seed.php?info_hash=" + hash + "&piece=1&ranges=0-32767"),
                        -1, 32_768, -1),
                new Segment.Fetch(URI.create("http://h/seed.php?info_hash=" + hash + "&piece=2&ranges=0-4463"),
                        -1, 4_464, -1));
        assertThat(((Segment.Fetch) segs.getFirst()).rangeHeader()).isNull();
        assertThat(HttpSeed.of("http://h/s?x=1", t).pieceUri(3, 0, 9).toString())
                .startsWith("http://h/s?x=1&info_hash=").endsWith("&piece=3&ranges=0-9");
    }

    @Test
    void padBytesAreNotRequested() throws Exception {
        Path root = dir.resolve("padded");
        TestTrees.file(root.resolve("1.bin"), 10_000, 1);
        TestTrees.file(root.resolve("2.bin"), 40_000, 2);
        TorrentMetainfo t = TorrentMetainfo.parse(TorrentCreator.builder(root).mode(TorrentCreator.Mode.HYBRID)
                .pieceLength(32 * 1024).creationDate(null).create().bytes());
        FileEntry pad = t.files().stream().filter(FileEntry::pad).findFirst().orElseThrow();
        List<Segment> segs = HttpSeed.of("http://h/seed", t).segments(0, 32 * 1024);
        assertThat(segs).hasSize(2);
        assertThat(((Segment.Fetch) segs.get(0)).uri().toString()).endsWith("&piece=0&ranges=0-9999");
        assertThat(segs.get(1)).isEqualTo(new Segment.Zeros(pad.length()));
    }

    @Test
    void infoHashIsPercentEncodedByteByByte() {
        assertThat(UrlEncoding.encode(new byte[] {(byte) 0x9c, 'A', '~', ' ', (byte) 0xff}))
                .isEqualTo("%9CA~%20%FF");
    }
}
