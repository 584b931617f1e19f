package org.peerwave.app.ui.player;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.peerwave.engine.stream.FileSpan;
import org.peerwave.media.LibVlcStatus;
import org.peerwave.media.MediaSource;
import org.peerwave.media.Player;
import org.peerwave.media.PlayerListener;
import org.peerwave.media.PlayerState;
import org.peerwave.media.Track;

/**
 * State and logic of the player window: play/pause, the seek bar (play position and the parts of
 * the file downloaded), time, volume, tracks, the buffering indicator, and what to show when libvlc
 * is missing (the plain-words problem, the package to install, and the local stream URL to open in
 * another player). No controls here; {@link PlayerView} binds to it.
 *
 * <p>Player events arrive on libvlc's thread and are handed to {@code uiExecutor} (the FX thread in
 * the app, the caller's thread in tests); {@link #refresh()} is called by the view a few times a
 * second on the UI thread.
 */
public final class PlayerViewModel {

    /** Volume steps of the up/down keys, in the slider's 0..100. */
    static final int VOLUME_STEP = 5;
    /** Left/right keys jump this far. */
    static final long SKIP_MILLIS = 10_000;

    private final Player player;
    private final MediaSource source;
    private final Executor uiExecutor;
    private final Consumer<String> externalOpener;
    private final String streamUrl;

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title");
    private final ReadOnlyBooleanWrapper vlcMissing = new ReadOnlyBooleanWrapper(this, "vlcMissing");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper installHint = new ReadOnlyStringWrapper(this, "installHint", "");
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing");
    private final ReadOnlyBooleanWrapper buffering = new ReadOnlyBooleanWrapper(this, "buffering");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyDoubleWrapper lengthMillis = new ReadOnlyDoubleWrapper(this, "lengthMillis");
    private final ReadOnlyDoubleWrapper timeMillis = new ReadOnlyDoubleWrapper(this, "timeMillis");
    private final ReadOnlyDoubleWrapper position = new ReadOnlyDoubleWrapper(this, "position");
    private final ReadOnlyStringWrapper timeText = new ReadOnlyStringWrapper(this, "timeText", "0:00 / 0:00");
    private final DoubleProperty volume = new SimpleDoubleProperty(this, "volume", 100);
    private final BooleanProperty muted = new SimpleBooleanProperty(this, "muted");
    private final BooleanProperty fullScreen = new SimpleBooleanProperty(this, "fullScreen");
    private final ObservableList<Track> audioTracks = FXCollections.observableArrayList();
    private final ObservableList<Track> subtitleTracks = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper audioTrack = new ReadOnlyIntegerWrapper(this, "audioTrack", -1);
    private final ReadOnlyIntegerWrapper subtitleTrack = new ReadOnlyIntegerWrapper(this, "subtitleTrack", -1);
    /** Downloaded parts of the file as fractions of its size, pairs of [start, end). */
    private final ObservableList<Range> downloaded = FXCollections.observableArrayList();
    private int refreshes;

    /** A part of the seek bar, as fractions 0..1. */
    public record Range(double start, double end) {
    }

    /**
     * @param player         the player, or null when libvlc is missing ({@code vlc} says why)
     * @param vlc            libvlc's status
     * @param source         what to play
     * @param streamUrl      the local HTTP URL of the same file, for another player
     * @param uiExecutor     runs player events on the UI thread
     * @param externalOpener opens a URL with the desktop's default handler
     */
    public PlayerViewModel(Player player, LibVlcStatus vlc, MediaSource source, String streamUrl, Executor uiExecutor,
                           Consumer<String> externalOpener) {
        this.player = player;
        this.source = Objects.requireNonNull(source, "source");
        this.streamUrl = streamUrl == null ? "" : streamUrl;
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.externalOpener = Objects.requireNonNull(externalOpener, "externalOpener");
        title.set(source.name());
        boolean missing = player == null || !vlc.available();
        vlcMissing.set(missing);
        if (missing) {
            problem.set(vlc.problem().isEmpty() ? "The built-in player is not available." : vlc.problem());
            installHint.set(vlc.installHint());
            status.set("Not playing");
            return;
        }
        volume.addListener((o, a, b) -> player.setVolume((int) Math.round(b.doubleValue())));
        muted.addListener((o, a, b) -> player.setMuted(b));
        player.addListener(new PlayerListener() {
            @Override
            public void stateChanged(PlayerState state) {
                uiExecutor.execute(() -> onState(state));
            }

            @Override
            public void timeChanged(long time, long length) {
                uiExecutor.execute(() -> onTime(time, length));
            }

            @Override
            public void tracksChanged() {
                uiExecutor.execute(PlayerViewModel.this::reloadTracks);
            }

            @Override
            public void error(String message) {
                uiExecutor.execute(() -> error.set(message));
            }
        });
    }

    /** Starts playing the source (nothing when libvlc is missing). */
    public void start() {
        if (player != null && !vlcMissing.get()) {
            error.set("");
            player.open(source);
        }
    }

    public void togglePlay() {
        if (player == null) {
            return;
        }
        PlayerState s = player.state();
        if (s == PlayerState.ENDED || s == PlayerState.STOPPED || s == PlayerState.ERROR) {
            start();
        } else {
            player.togglePause();
        }
    }

    /** Jumps to {@code fraction} of the length (a click or drag on the seek bar). */
    public void seek(double fraction) {
        if (player != null) {
            double f = Math.clamp(fraction, 0.0, 1.0);
            player.seekToFraction(f);
            position.set(f);
            if (lengthMillis.get() > 0) {
                onTime((long) (f * lengthMillis.get()), (long) lengthMillis.get());
            }
        }
    }

    public void skipForward() {
        skip(SKIP_MILLIS);
    }

    public void skipBack() {
        skip(-SKIP_MILLIS);
    }

    private void skip(long millis) {
        if (player != null) {
            player.skip(millis);
        }
    }

    public void volumeUp() {
        volume.set(Math.min(100, volume.get() + VOLUME_STEP));
    }

    public void volumeDown() {
        volume.set(Math.max(0, volume.get() - VOLUME_STEP));
    }

    public void toggleMute() {
        muted.set(!muted.get());
    }

    public void toggleFullScreen() {
        fullScreen.set(!fullScreen.get());
    }

    public void selectAudioTrack(int id) {
        if (player != null) {
            player.selectAudioTrack(id);
            audioTrack.set(id);
        }
    }

    /** {@code -1} turns subtitles off. */
    public void selectSubtitleTrack(int id) {
        if (player != null) {
            player.selectSubtitleTrack(id);
            subtitleTrack.set(id);
        }
    }

    /** Opens the stream URL with the desktop's default player. */
    public void openExternally() {
        if (!streamUrl.isEmpty()) {
            externalOpener.accept(streamUrl);
        }
    }

    /**
     * Pulls what events do not carry: whether the player waits for data, and (every fourth call)
     * which parts of the file are downloaded. Called on the UI thread a few times a second.
     */
    public void refresh() {
        if (player == null) {
            return;
        }
        buffering.set(player.isBuffering());
        updateStatus();
        if (refreshes++ % 4 == 0) {
            CompletableFuture<List<FileSpan.Extent>> extents = source.availableExtents();
            extents.thenAccept(list -> uiExecutor.execute(() -> setDownloaded(list)));
        }
    }

    /** Stops playing and releases the player. */
    public void close() {
        if (player != null) {
            player.close();
        }
    }

    void setDownloaded(List<FileSpan.Extent> extents) {
        long size = source.size();
        List<Range> ranges = new ArrayList<>(extents.size());
        if (size > 0) {
            for (FileSpan.Extent e : extents) {
                ranges.add(new Range((double) e.start() / size, (double) e.end() / size));
            }
        }
        if (!ranges.equals(downloaded)) {
            downloaded.setAll(ranges);
        }
    }

    private void onState(PlayerState state) {
        playing.set(state == PlayerState.PLAYING || state == PlayerState.OPENING);
        if (state == PlayerState.PLAYING) {
            error.set("");
        }
        updateStatus();
    }

    private void onTime(long time, long length) {
        timeMillis.set(Math.max(0, time));
        if (length > 0) {
            lengthMillis.set(length);
            position.set(Math.clamp((double) time / length, 0.0, 1.0));
        }
        timeText.set(formatTime(Math.max(0, time)) + " / " + formatTime((long) lengthMillis.get()));
    }

    private void reloadTracks() {
        if (player == null) {
            return;
        }
        audioTracks.setAll(player.audioTracks());
        subtitleTracks.setAll(player.subtitleTracks());
        audioTrack.set(player.audioTrack());
        subtitleTrack.set(player.subtitleTrack());
    }

    private void updateStatus() {
        PlayerState s = player.state();
        String text = switch (s) {
            case IDLE -> "";
            case OPENING -> "Opening\u2026";
            case PLAYING -> "";
            case PAUSED -> "Paused";
            case STOPPED -> "Stopped";
            case ENDED -> "Finished";
            case ERROR -> "Cannot play";
        };
        if (buffering.get() && (s == PlayerState.PLAYING || s == PlayerState.OPENING)) {
            text = "Buffering \u2014 waiting for pieces\u2026";
        }
        status.set(text);
    }

    /** "m:ss", or "h:mm:ss" from an hour on. */
    static String formatTime(long millis) {
        long s = Math.max(0, millis) / 1000;
        long h = s / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, sec) : String.format("%d:%02d", m, sec);
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty vlcMissingProperty() {
        return vlcMissing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty installHintProperty() {
        return installHint.getReadOnlyProperty();
    }

    public String streamUrl() {
        return streamUrl;
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty bufferingProperty() {
        return buffering.getReadOnlyProperty();
    }

    /** Short text over the video: "Paused", "Buffering — waiting for pieces…", or empty. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why playing failed, in plain words; empty when it did not. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty lengthMillisProperty() {
        return lengthMillis.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty timeMillisProperty() {
        return timeMillis.getReadOnlyProperty();
    }

    /** The play position, 0..1. */
    public ReadOnlyDoubleProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    /** "1:23 / 1:00:00". */
    public ReadOnlyStringProperty timeTextProperty() {
        return timeText.getReadOnlyProperty();
    }

    /** 0..100. */
    public DoubleProperty volumeProperty() {
        return volume;
    }

    public BooleanProperty mutedProperty() {
        return muted;
    }

    public BooleanProperty fullScreenProperty() {
        return fullScreen;
    }

    public ObservableList<Track> audioTracks() {
        return audioTracks;
    }

    public ObservableList<Track> subtitleTracks() {
        return subtitleTracks;
    }

    public ReadOnlyIntegerProperty audioTrackProperty() {
        return audioTrack.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty subtitleTrackProperty() {
        return subtitleTrack.getReadOnlyProperty();
    }

    /** The downloaded parts of the file, for the seek bar. */
    public ObservableList<Range> downloaded() {
        return downloaded;
    }
}
