package org.peerwave.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * libvlc (Debian's libvlc5 and plugins) plays through {@link ChannelMedia} from a plain file
 * channel, headless: the base line for the torrent tests.
 */
class LocalPlaybackTest {

    @Test
    void libvlcIsFoundAndNamesItsVersion() {
        LibVlcStatus s = LibVlc.status();
        assertThat(s.available()).as(s.describe()).isTrue();
        assertThat(s.version()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void missingLibraryIsExplainedWithWhatToInstall() {
        LibVlcStatus s = LibVlc.probe("vlc-that-does-not-exist");
        assertThat(s.available()).isFalse();
        assertThat(s.problem()).contains("VLC is not installed").contains("libvlc-that-does-not-exist");
        assertThat(LibVlcStatus.installHint("Linux")).contains("sudo apt install vlc");
        assertThat(LibVlcStatus.installHint("Windows 11")).contains("videolan.org");
        assertThat(LibVlcStatus.installHint("Mac OS X")).contains("brew install --cask vlc");
    }

    @Test
    void testMp4HasItsIndexAtTheEnd() throws Exception {
        List<String> boxes = TestMedia.topLevelBoxes(TestMedia.mp4());
        assertThat(boxes).contains("mdat", "moov");
        assertThat(boxes.indexOf("moov")).isGreaterThan(boxes.indexOf("mdat"));
    }

    @Test
    void playsAndSeeksALocalFileThroughTheChannelCallbacks() throws Exception {
        Path mp4 = TestMedia.mp4();
        FrameProbe probe = new FrameProbe();
        try (TorrentPlayer player = TorrentPlayer.create(probe.surface(), List.of("--aout=dummy"))) {
            probe.clock(player::lastKnownTime);
            player.open(MediaSource.of(mp4));
            Waits.until(() -> probe.count() >= 10, 20, TimeUnit.SECONDS, "10 frames decoded");
            assertThat(player.state()).isEqualTo(PlayerState.PLAYING);
            assertThat(player.length()).isBetween(59_000L, 61_000L);
            assertThat(probe.frames().getFirst().width()).isEqualTo(640);

            long before = System.nanoTime();
            player.seekToFraction(0.8);
            Waits.until(() -> !probe.framesSince(before, t -> t >= 47_000 && t <= 52_000).isEmpty(), 20,
                    TimeUnit.SECONDS, "a frame near 48 s after the seek");
            player.stop();
            assertThat(player.state()).isEqualTo(PlayerState.STOPPED);
        }
    }
}
