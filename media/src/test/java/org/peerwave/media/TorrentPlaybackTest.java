package org.peerwave.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.stream.TorrentFile;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player against a real swarm: libtorrent seeds a torrent of the ffmpeg test videos with an
 * upload limit (about 2.3× the videos' bit rate, so the whole download takes most of a minute), and
 * libvlc plays straight from the torrent's channel while Peerwave downloads. Headless: a
 * {@link FrameProbe} counts the decoded frames.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TorrentPlaybackTest {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentPlaybackTest.class);
    private static final int PIECE = 256 * 1024;
    private static final int UPLOAD_LIMIT = 250 * 1024;
    private static final List<String> HEADLESS = List.of("--aout=dummy");
    private static final AtomicInteger RUN = new AtomicInteger();

    @TempDir
    static Path work;
    private static Path torrentDir;
    private static TorrentMetainfo meta;
    private static LibtorrentPeer seed;

    @BeforeAll
    static void seedTheVideos() throws Exception {
        torrentDir = Files.createDirectories(work.resolve("seed/videos"));
        Files.copy(TestMedia.mp4(), torrentDir.resolve("movie.mp4"));
        Files.copy(TestMedia.mkv(), torrentDir.resolve("subtitled.mkv"));
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(torrentDir).mode(TorrentCreator.Mode.HYBRID)
                .pieceLength(PIECE).creationDate(null).create();
        Path torrent = Files.write(work.resolve("videos.torrent"), created.bytes());
        meta = TorrentMetainfo.parse(created.bytes());
        seed = LibtorrentPeer.seed(torrent, torrentDir.getParent(), "127.0.0.171", work.resolve("lt"),
                "--upload-limit", Integer.toString(UPLOAD_LIMIT));
    }

    @AfterAll
    static void stopSeed() {
        if (seed != null) {
            seed.close();
        }
    }

    private record Leech(Engine engine, TorrentHandle handle) implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
        }

        double progress() throws Exception {
            return handle.stats().get(5, TimeUnit.SECONDS).progress();
        }
    }

    private static Leech leech(boolean connect) throws Exception {
        int n = RUN.incrementAndGet();
        Engine engine = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.172"))
                .listenPort(0).ioThreads(2).build());
        TorrentHandle h = engine.add(meta, Files.createDirectories(work.resolve("out-" + n)), AddOptions.DEFAULT);
        if (connect) {
            h.connectPeer(seed.peerAddress()).get(5, TimeUnit.SECONDS);
        }
        return new Leech(engine, h);
    }

    private static int indexOf(String name) {
        List<FileEntry> files = meta.files();
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).path().getLast().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no file " + name);
    }

    @Test
    void mp4WithItsIndexAtTheEndPlaysAndSeeksTo80PercentBeforeTheDownloadCompletes() throws Exception {
        FrameProbe probe = new FrameProbe();
        try (Leech l = leech(true); TorrentPlayer player = TorrentPlayer.create(probe.surface(), HEADLESS)) {
            probe.clock(player::lastKnownTime);
            TorrentFile file = TorrentFile.open(l.handle(), indexOf("movie.mp4")).get(10, TimeUnit.SECONDS);
            long opened = System.nanoTime();
            player.open(MediaSource.of(file));

            Waits.until(() -> probe.count() >= 5, 60, TimeUnit.SECONDS, "the first frames");
            double atFirstFrame = l.progress();
            LOG.info("mp4: first frame {} ms after open, torrent {} % done",
                    (probe.frames().getFirst().nanos() - opened) / 1_000_000, Math.round(atFirstFrame * 100));
            assertThat(player.state()).isEqualTo(PlayerState.PLAYING);
            assertThat(player.length()).isBetween(59_000L, 61_000L);
            // the index is in the last pieces: playing at all means they came before the download ended
            assertThat(atFirstFrame).as("progress at the first frame").isLessThan(1.0);

            long before = System.nanoTime();
            player.seekToFraction(0.8);
            Waits.until(() -> !probe.framesSince(before, t -> t >= 46_000 && t <= 53_000).isEmpty(), 60,
                    TimeUnit.SECONDS, "a frame near 48 s after seeking to 80 %");
            double atSeekFrame = l.progress();
            LOG.info("mp4: a frame near 80 % {} ms after the seek, torrent {} % done",
                    (probe.framesSince(before, t -> t >= 46_000).getFirst().nanos() - before) / 1_000_000,
                    Math.round(atSeekFrame * 100));
            assertThat(atSeekFrame).as("progress at the first frame after the seek").isLessThan(1.0);
            assertThat(player.state()).isEqualTo(PlayerState.PLAYING);
        }
    }

    @Test
    void mkvListsItsAudioAndSubtitleTracksAndSwitchesThem() throws Exception {
        FrameProbe probe = new FrameProbe();
        try (Leech l = leech(true); TorrentPlayer player = TorrentPlayer.create(probe.surface(), HEADLESS)) {
            probe.clock(player::lastKnownTime);
            TorrentFile file = TorrentFile.open(l.handle(), indexOf("subtitled.mkv")).get(10, TimeUnit.SECONDS);
            player.open(MediaSource.of(file));
            Waits.until(() -> probe.count() >= 5, 60, TimeUnit.SECONDS, "the first frames");
            Waits.until(() -> player.audioTracks().stream().filter(t -> t.id() >= 0).count() >= 2
                    && player.subtitleTracks().stream().anyMatch(t -> t.id() >= 0), 20, TimeUnit.SECONDS,
                    "two audio tracks and a subtitle track");

            List<Track> audio = player.audioTracks().stream().filter(t -> t.id() >= 0).toList();
            Track commentary = audio.stream().filter(t -> t.id() != player.audioTrack()).findFirst().orElseThrow();
            player.selectAudioTrack(commentary.id());
            Waits.until(() -> player.audioTrack() == commentary.id(), 10, TimeUnit.SECONDS, "audio switched");

            Track subtitles = player.subtitleTracks().stream().filter(t -> t.id() >= 0).findFirst().orElseThrow();
            player.selectSubtitleTrack(subtitles.id());
            Waits.until(() -> player.subtitleTrack() == subtitles.id(), 10, TimeUnit.SECONDS, "subtitles on");
            player.selectSubtitleTrack(-1);
            Waits.until(() -> player.subtitleTrack() == -1, 10, TimeUnit.SECONDS, "subtitles off");
            assertThat(audio).extracting(Track::name).anySatisfy(n -> assertThat(n).contains("Commentary"));
        }
    }

    @Test
    void stoppingWhileWaitingForPiecesEndsTheReadAndDropsTheCriticalPieces() throws Exception {
        try (Leech l = leech(false); TorrentPlayer player = TorrentPlayer.create(null, HEADLESS)) {
            TorrentFile file = TorrentFile.open(l.handle(), indexOf("movie.mp4")).get(10, TimeUnit.SECONDS);
            player.open(MediaSource.of(file));
            // no peer: the first read waits for piece 0 of the file, which is now time-critical
            Waits.until(player::isBuffering, 20, TimeUnit.SECONDS, "the player waiting for data");
            assertThat(l.handle().criticalPieces().get(5, TimeUnit.SECONDS)).containsKey(file.span().firstPiece());

            player.stop();
            assertThat(player.state()).isEqualTo(PlayerState.STOPPED);
            assertThat(player.isBuffering()).isFalse();
            Waits.until(() -> l.handle().criticalPieces().join().isEmpty(), 10, TimeUnit.SECONDS,
                    "the critical pieces dropped");
        }
    }
}
