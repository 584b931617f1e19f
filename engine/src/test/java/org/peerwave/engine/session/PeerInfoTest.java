package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.peers.LibtorrentPeer;

/** {@link TorrentHandle#peers()} and {@link TorrentHandle#pieces()}: what the app's Peers tab and pieces map show. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerInfoTest {

    @TempDir
    Path work;

    @Test
    void flagsFollowTheChokeAndInterestState() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 6881);
        assertThat(new PeerInfo(a, "x", true, true, true, false, false, 0.5, 0, 0).flags()).isEqualTo("D");
        assertThat(new PeerInfo(a, "x", true, true, true, true, false, 0.5, 0, 0).flags()).isEqualTo("d");
        assertThat(new PeerInfo(a, "x", false, false, false, true, true, 0.5, 0, 0).flags()).isEqualTo("UI");
        assertThat(new PeerInfo(a, "x", true, true, false, true, true, 0.5, 0, 0).flags()).isEqualTo("u");
        assertThatThrownBy(() -> new PeerInfo(a, "x", true, true, false, true, true, 1.5, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientNameFromPeerId() {
        assertThat(PeerInfo.clientFromPeerId("-LT2000-abcdefghijkl".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("LT 2000");
        assertThat(PeerInfo.clientFromPeerId("M7-2-2--abcdefghijkl".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("M7-2-2--abcdefghijkl");
        assertThat(PeerInfo.clientFromPeerId(new byte[20])).isEmpty();
        assertThat(PeerInfo.clientFromPeerId(null)).isEmpty();
    }

    @Test
    void peersAndPiecesWhileDownloadingFromLibtorrent() throws Exception {
        Path source = Files.createDirectories(work.resolve("seed").resolve("PeerInfo"));
        TestTrees.file(source.resolve("a.bin"), 4L * 1024 * 1024, 71);
        TorrentCreator.CreatedTorrent created = SwarmFixtures.torrent(source, TorrentCreator.Mode.V1);
        TorrentMetainfo meta = SwarmFixtures.parse(created);
        Path torrentFile = SwarmFixtures.write(work, "p.torrent", created);
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, source.getParent(), "127.0.0.171",
                work.resolve("lt"));
             Engine engine = Engine.create(SwarmFixtures.settings("127.0.0.172"))) {
            // slow enough (256 KiB/s for 4 MiB) to see the peer while it sends
            TorrentHandle h = engine.add(meta, work.resolve("out"), AddOptions.DEFAULT.withRateLimits(
                    RateLimitSettings.builder().download(256 * 1024).build()));
            assertThat(h.pieces().get(5, TimeUnit.SECONDS).cardinality()).isZero();
            h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);

            PeerInfo seen = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen == null && System.nanoTime() < deadline) {
                List<PeerInfo> peers = h.peers().get(5, TimeUnit.SECONDS);
                for (PeerInfo p : peers) {
                    if (p.downloadRate() > 0 && p.progress() == 1.0) {
                        seen = p;
                    }
                }
                Thread.sleep(200);
            }
            assertThat(seen).as("the seeder in peers(): %s", seed.diagnostics()).isNotNull();
            assertThat(seen.address().getAddress().getHostAddress()).isEqualTo("127.0.0.171");
            assertThat(seen.outbound()).isTrue();
            assertThat(seen.weInterested()).isTrue();
            assertThat(seen.flags()).contains("D");
            assertThat(seen.client().toLowerCase(java.util.Locale.ROOT)).containsAnyOf("libtorrent", "lt ");

            h.completion().get(60, TimeUnit.SECONDS);
            BitSet pieces = h.pieces().get(5, TimeUnit.SECONDS);
            assertThat(pieces.cardinality()).isEqualTo(meta.pieceCount());
            pieces.clear(); // a copy: the torrent's own stays whole
            assertThat(h.pieces().get(5, TimeUnit.SECONDS).cardinality()).isEqualTo(meta.pieceCount());
        }
    }
}
