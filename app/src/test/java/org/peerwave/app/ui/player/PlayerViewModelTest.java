package org.peerwave.app.ui.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.peerwave.engine.stream.FileSpan;
import org.peerwave.media.LibVlcStatus;
import org.peerwave.media.MediaSource;
import org.peerwave.media.Player;
import org.peerwave.media.PlayerListener;
import org.peerwave.media.PlayerState;
import org.peerwave.media.Track;

/** The player window's logic with a fake player: no UI, no libvlc. */
class PlayerViewModelTest {

    private static final LibVlcStatus VLC = new LibVlcStatus(true, "3.0.24", "", "sudo apt install vlc");

    /** Records the calls; events are fired by the test. */
    static final class FakePlayer implements Player {
        final List<PlayerListener> listeners = new CopyOnWriteArrayList<>();
        final List<String> calls = new ArrayList<>();
        PlayerState state = PlayerState.IDLE;
        boolean buffering;
        int audio = 1;
        int subtitle = -1;
        boolean muted;
        int volume = 100;
        boolean closed;

        void fire(PlayerState s) {
            state = s;
            listeners.forEach(l -> l.stateChanged(s));
        }

        @Override public void addListener(PlayerListener l) { listeners.add(l); }
        @Override public void removeListener(PlayerListener l) { listeners.remove(l); }
        @Override public void open(MediaSource s) { calls.add("open " + s.name()); }
        @Override public void play() { calls.add("play"); }
        @Override public void pause() { calls.add("pause"); }
        @Override public void togglePause() { calls.add("togglePause"); }
        @Override public void stop() { calls.add("stop"); }
        @Override public void seekTo(long ms) { calls.add("seekTo " + ms); }
        @Override public void seekToFraction(double f) { calls.add("seekToFraction " + f); }
        @Override public void skip(long d) { calls.add("skip " + d); }
        @Override public long time() { return 0; }
        @Override public long length() { return 60_000; }
        @Override public PlayerState state() { return state; }
        @Override public int volume() { return volume; }
        @Override public void setVolume(int v) { volume = v; }
        @Override public boolean isMuted() { return muted; }
        @Override public void setMuted(boolean m) { muted = m; }
        @Override public List<Track> audioTracks() { return List.of(new Track(1, "Main"), new Track(2, "Commentary")); }
        @Override public int audioTrack() { return audio; }
        @Override public void selectAudioTrack(int id) { audio = id; }
        @Override public List<Track> subtitleTracks() { return List.of(new Track(-1, "Disable"), new Track(3, "English")); }
        @Override public int subtitleTrack() { return subtitle; }
        @Override public void selectSubtitleTrack(int id) { subtitle = id; }
        @Override public boolean isBuffering() { return buffering; }
        @Override public MediaSource source() { return null; }
        @Override public void close() { closed = true; }
    }

    private static MediaSource source(long size, List<FileSpan.Extent> have) {
        return new MediaSource() {
            @Override public String name() { return "movie.mp4"; }
            @Override public long size() { return size; }
            @Override public SeekableByteChannel openChannel() { throw new UnsupportedOperationException(); }
            @Override public CompletableFuture<List<FileSpan.Extent>> availableExtents() {
                return CompletableFuture.completedFuture(have);
            }
        };
    }

    private final FakePlayer player = new FakePlayer();
    private final List<String> opened = new ArrayList<>();

    private PlayerViewModel vm(MediaSource source) {
        return new PlayerViewModel(player, VLC, source, "http://127.0.0.1:1234/stream/t/h/0/movie.mp4", Runnable::run,
                opened::add);
    }

    @Test
    void startOpensTheSourceAndStateDrivesPlayingAndStatus() {
        PlayerViewModel vm = vm(source(1000, List.of()));
        assertThat(vm.titleProperty().get()).isEqualTo("movie.mp4");
        assertThat(vm.vlcMissingProperty().get()).isFalse();
        vm.start();
        assertThat(player.calls).containsExactly("open movie.mp4");
        player.fire(PlayerState.OPENING);
        assertThat(vm.statusProperty().get()).isEqualTo("Opening\u2026");
        player.fire(PlayerState.PLAYING);
        assertThat(vm.playingProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).isEmpty();
        player.fire(PlayerState.PAUSED);
        assertThat(vm.playingProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Paused");
    }

    @Test
    void bufferingShowsWhilePlayingAndWaitingForPieces() {
        PlayerViewModel vm = vm(source(1000, List.of()));
        vm.start();
        player.fire(PlayerState.PLAYING);
        player.buffering = true;
        vm.refresh();
        assertThat(vm.bufferingProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).startsWith("Buffering");
        player.buffering = false;
        vm.refresh();
        assertThat(vm.bufferingProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEmpty();
    }

    @Test
    void timeEventsMoveThePositionAndTheTimeText() {
        PlayerViewModel vm = vm(source(1000, List.of()));
        player.listeners.forEach(l -> l.timeChanged(83_000, 3_723_000));
        assertThat(vm.timeTextProperty().get()).isEqualTo("1:23 / 1:02:03");
        assertThat(vm.positionProperty().get()).isCloseTo(83.0 / 3723, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PlayerViewModel.formatTime(-5)).isEqualTo("0:00");
        assertThat(PlayerViewModel.formatTime(59_999)).isEqualTo("0:59");
    }

    @Test
    void seekSkipAndTogglePlayGoToThePlayer() {
        PlayerViewModel vm = vm(source(1000, List.of()));
        player.listeners.forEach(l -> l.timeChanged(0, 60_000));
        vm.seek(0.8);
        vm.seek(7);
        vm.skipForward();
        vm.skipBack();
        player.state = PlayerState.PLAYING;
        vm.togglePlay();
        player.state = PlayerState.ENDED;
        vm.togglePlay();
        assertThat(player.calls).containsExactly("seekToFraction 0.8", "seekToFraction 1.0", "skip 10000",
                "skip -10000", "togglePause", "open movie.mp4");
        assertThat(vm.positionProperty().get()).isEqualTo(1.0);
    }

    @Test
    void volumeMuteAndTracks() {
        PlayerViewModel vm = vm(source(1000, List.of()));
        vm.volumeDown();
        assertThat(player.volume).isEqualTo(95);
        for (int i = 0; i < 30; i++) {
            vm.volumeUp();
        }
        assertThat(vm.volumeProperty().get()).isEqualTo(100);
        vm.toggleMute();
        assertThat(player.muted).isTrue();
        player.listeners.forEach(PlayerListener::tracksChanged);
        assertThat(vm.audioTracks()).extracting(Track::name).containsExactly("Main", "Commentary");
        assertThat(vm.subtitleTracks()).hasSize(2);
        vm.selectAudioTrack(2);
        vm.selectSubtitleTrack(3);
        assertThat(player.audio).isEqualTo(2);
        assertThat(player.subtitle).isEqualTo(3);
        assertThat(vm.subtitleTrackProperty().get()).isEqualTo(3);
        vm.toggleFullScreen();
        assertThat(vm.fullScreenProperty().get()).isTrue();
    }

    @Test
    void downloadedPartsBecomeFractionsOfTheSeekBar() {
        PlayerViewModel vm = vm(source(1000, List.of(new FileSpan.Extent(0, 250), new FileSpan.Extent(900, 1000))));
        vm.refresh();
        assertThat(vm.downloaded()).containsExactly(new PlayerViewModel.Range(0, 0.25),
                new PlayerViewModel.Range(0.9, 1.0));
    }

    @Test
    void withoutLibvlcItSaysWhatToInstallAndOpensTheUrlElsewhere() {
        LibVlcStatus missing = new LibVlcStatus(false, "", "VLC is not installed, so Peerwave cannot play video itself.",
                "Install the package \"vlc\" (Debian/Ubuntu: sudo apt install vlc).");
        PlayerViewModel vm = new PlayerViewModel(null, missing, source(1000, List.of()),
                "http://127.0.0.1:1234/stream/t/h/0/movie.mp4", Runnable::run, opened::add);
        assertThat(vm.vlcMissingProperty().get()).isTrue();
        assertThat(vm.problemProperty().get()).contains("VLC is not installed");
        assertThat(vm.installHintProperty().get()).contains("sudo apt install vlc");
        vm.start();
        vm.togglePlay();
        vm.refresh();
        vm.openExternally();
        assertThat(opened).containsExactly("http://127.0.0.1:1234/stream/t/h/0/movie.mp4");
    }

    @Test
    void closeReleasesThePlayer() {
        vm(source(1000, List.of())).close();
        assertThat(player.closed).isTrue();
    }
}
