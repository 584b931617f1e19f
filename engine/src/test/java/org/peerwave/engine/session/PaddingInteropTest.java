package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;

/**
 * Padding is not downloaded: a hybrid torrent (BEP 47 pad files) and a v2-only one (alignment gaps)
 * of small files in large pieces, downloaded from libtorrent, complete with every hash checked
 * while the payload received stays close to the files' bytes, far below the pieces' total.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PaddingInteropTest {

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(value = TorrentCreator.Mode.class, names = {"HYBRID", "V2"})
    void padBlocksAreNeverDownloaded(TorrentCreator.Mode mode) throws Exception {
        Path source = Files.createDirectories(work.resolve("seed/Small Files"));
        for (int i = 0; i < 6; i++) {
            TestTrees.file(source.resolve("f" + i + ".bin"), 150_000 + i * 1_111, 60 + i);
        }
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(source).mode(mode).pieceLength(1024 * 1024)
                .creationDate(null).create();
        TorrentMetainfo meta = TorrentMetainfo.parse(created.bytes());
        long content = meta.files().stream().filter(f -> !f.pad()).mapToLong(FileEntry::length).sum();
        assertThat(meta.storageLength()).isGreaterThan(5 * content);
        Path torrent = Files.write(work.resolve("small.torrent"), created.bytes());
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrent, source.getParent(), "127.0.0.191", work.resolve("lt"));
             Engine engine = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.192"))
                     .listenPort(0).ioThreads(1).build())) {
            TorrentHandle h = engine.add(meta, Files.createDirectories(work.resolve("out")), AddOptions.DEFAULT);
            h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
            h.completion().get(60, TimeUnit.SECONDS);
            TorrentStats s = h.stats().get(5, TimeUnit.SECONDS);
            assertThat(s.piecesDone()).isEqualTo(meta.pieceCount());
            // each file's last block may carry pad bytes; nothing else beyond the content
            long slack = 6L * 16 * 1024;
            assertThat(s.downloaded()).as("payload received for %d bytes of files", content)
                    .isBetween(content, content + slack);
            for (int i = 0; i < 6; i++) {
                assertThat(Files.mismatch(source.resolve("f" + i + ".bin"),
                        work.resolve("out/Small Files/f" + i + ".bin"))).isEqualTo(-1L);
            }
        }
    }
}
