package org.peerwave.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.caprica.vlcj.factory.MediaPlayerFactory;
import uk.co.caprica.vlcj.media.TrackType;
import uk.co.caprica.vlcj.player.base.MediaPlayer;
import uk.co.caprica.vlcj.player.base.MediaPlayerEventAdapter;
import uk.co.caprica.vlcj.player.base.TrackDescription;
import uk.co.caprica.vlcj.player.embedded.EmbeddedMediaPlayer;
import uk.co.caprica.vlcj.player.embedded.videosurface.VideoSurface;

/**
 * A libvlc player for one media at a time, read through {@link ChannelMedia} from a
 * {@link MediaSource} (a torrent file while it downloads). It owns its libvlc instance; call
 * {@link #close()} when done. Methods may be called from any thread but libvlc's event thread
 * (where {@link PlayerListener}s are called).
 *
 * <p>The current {@link ChannelMedia} is held here until the next {@link #open} or {@link #close}:
 * libvlc calls its callbacks through native pointers only.
 */
public final class TorrentPlayer implements Player {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentPlayer.class);

    /** libvlc options every player gets: no title overlay, no X11 calls (the video comes through callbacks). */
    static final List<String> BASE_ARGS = List.of("--no-video-title-show", "--no-snapshot-preview", "--no-xlib",
            "--quiet");
    /** A read waiting longer than this counts as buffering for {@link #isBuffering()}. */
    static final long BUFFERING_AFTER_NANOS = 150_000_000L;

    private final MediaPlayerFactory factory;
    private final EmbeddedMediaPlayer player;
    private final List<PlayerListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ChannelMedia media;
    private volatile PlayerState state = PlayerState.IDLE;
    private volatile boolean closed;
    private volatile long lastKnownTime = -1;
    private volatile long lastKnownLength;

    private TorrentPlayer(MediaPlayerFactory factory, EmbeddedMediaPlayer player) {
        this.factory = factory;
        this.player = player;
        player.events().addMediaPlayerEventListener(new Events());
    }

    /**
     * A new player drawing into {@code surface} (null: no video, for audio or tests), with libvlc
     * options {@code extraArgs} after {@link #BASE_ARGS} (for example {@code --aout=dummy} on a machine
     * with no sound device).
     *
     * @throws IllegalStateException when libvlc is not installed; the message says what to install
     */
    public static TorrentPlayer create(VideoSurface surface, List<String> extraArgs) {
        LibVlcStatus status = LibVlc.status();
        if (!status.available()) {
            throw new IllegalStateException(status.describe());
        }
        List<String> args = new ArrayList<>(BASE_ARGS);
        args.addAll(extraArgs);
        MediaPlayerFactory factory = new MediaPlayerFactory(args);
        EmbeddedMediaPlayer player;
        try {
            player = factory.mediaPlayers().newEmbeddedMediaPlayer();
            if (surface != null) {
                player.videoSurface().set(surface);
            }
        } catch (RuntimeException e) {
            factory.release();
            throw e;
        }
        return new TorrentPlayer(factory, player);
    }

    @Override
    public void addListener(PlayerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(PlayerListener listener) {
        listeners.remove(listener);
    }

    /**
     * Stops what plays and starts {@code source}. libvlc opens it on its own thread: the first reads
     * may wait for pieces ({@link #isBuffering()}); an MP4 whose index is at its end is read there first.
     */
    @Override
    public synchronized void open(MediaSource source) {
        ensureOpen();
        stopCurrent();
        ChannelMedia m = new ChannelMedia(source);
        media = m;
        lastKnownTime = -1;
        lastKnownLength = 0;
        setState(PlayerState.OPENING);
        if (!player.media().play(m)) {
            fail("libvlc could not start " + source.name());
        }
    }

    /** Resumes (or starts again after the end). */
    @Override
    public void play() {
        ensureOpen();
        player.controls().play();
    }

    @Override
    public void pause() {
        ensureOpen();
        player.controls().setPause(true);
    }

    @Override
    public void togglePause() {
        ensureOpen();
        player.controls().pause();
    }

    /** Stops playing and closes the media's channel; {@link #open} starts again. */
    @Override
    public synchronized void stop() {
        if (!closed) {
            stopCurrent();
            setState(PlayerState.STOPPED);
        }
    }

    /** Jumps to {@code millis} from the start. */
    @Override
    public void seekTo(long millis) {
        ensureOpen();
        player.controls().setTime(Math.max(0, millis));
    }

    /** Jumps to {@code fraction} (0..1) of the length. */
    @Override
    public void seekToFraction(double fraction) {
        ensureOpen();
        player.controls().setPosition((float) Math.clamp(fraction, 0.0, 1.0));
    }

    /** Jumps by {@code deltaMillis} (negative: back). */
    @Override
    public void skip(long deltaMillis) {
        ensureOpen();
        player.controls().skipTime(deltaMillis);
    }

    /** Play time in milliseconds (-1 when nothing plays). */
    @Override
    public long time() {
        return closed ? -1 : player.status().time();
    }

    /** Length in milliseconds (0 while unknown). */
    @Override
    public long length() {
        return closed ? 0 : Math.max(0, player.status().length());
    }

    /**
     * The play time libvlc last reported in an event (ms; -1 before the first): free to read from any
     * thread, libvlc's own included, where {@link #time()} would deadlock.
     */
    public long lastKnownTime() {
        return lastKnownTime;
    }

    @Override
    public PlayerState state() {
        return state;
    }

    /** 0..200 (100 is the file's own level). */
    @Override
    public int volume() {
        return closed ? 0 : player.audio().volume();
    }

    @Override
    public void setVolume(int volume) {
        ensureOpen();
        player.audio().setVolume(Math.clamp(volume, 0, 200));
    }

    @Override
    public boolean isMuted() {
        return !closed && player.audio().isMute();
    }

    @Override
    public void setMuted(boolean muted) {
        ensureOpen();
        player.audio().setMute(muted);
    }

    @Override
    public List<Track> audioTracks() {
        return closed ? List.of() : tracks(player.audio().trackDescriptions());
    }

    /** The audio track playing, or -1. */
    @Override
    public int audioTrack() {
        return closed ? -1 : player.audio().track();
    }

    @Override
    public void selectAudioTrack(int id) {
        ensureOpen();
        player.audio().setTrack(id);
    }

    /** The subtitle tracks, "Disable" (-1) first as libvlc lists it. */
    @Override
    public List<Track> subtitleTracks() {
        return closed ? List.of() : tracks(player.subpictures().trackDescriptions());
    }

    /** The subtitle track shown, or -1 for none. */
    @Override
    public int subtitleTrack() {
        return closed ? -1 : player.subpictures().track();
    }

    @Override
    public void selectSubtitleTrack(int id) {
        ensureOpen();
        player.subpictures().setTrack(id);
    }

    /**
     * True while libvlc waits longer than a moment for bytes that are not downloaded yet: a view
     * shows a buffering indicator.
     */
    @Override
    public boolean isBuffering() {
        ChannelMedia m = media;
        return m != null && m.waitingNanos() > BUFFERING_AFTER_NANOS;
    }

    /** The media playing, or null. */
    @Override
    public MediaSource source() {
        ChannelMedia m = media;
        return m == null ? null : m.source();
    }

    /** Bytes libvlc has read from the current media. */
    public long bytesRead() {
        ChannelMedia m = media;
        return m == null ? 0 : m.bytesRead();
    }

    /** Stops and releases libvlc; the player cannot be used again. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stopCurrent();
        closed = true;
        try {
            player.release();
        } finally {
            factory.release();
            media = null;
        }
    }

    private void stopCurrent() {
        ChannelMedia m = media;
        if (m != null) {
            // libvlc's stop joins its input thread, which may be blocked in a read: end the read first
            m.abort();
        }
        player.controls().stop();
        media = null;
    }

    private static List<Track> tracks(List<TrackDescription> descriptions) {
        List<Track> out = new ArrayList<>(descriptions.size());
        for (TrackDescription d : descriptions) {
            out.add(new Track(d.id(), d.description()));
        }
        return List.copyOf(out);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the player is closed");
        }
    }

    private void setState(PlayerState s) {
        if (state != s) {
            state = s;
            for (PlayerListener l : listeners) {
                l.stateChanged(s);
            }
        }
    }

    private void fail(String message) {
        LOG.warn("player: {}", message);
        setState(PlayerState.ERROR);
        for (PlayerListener l : listeners) {
            l.error(message);
        }
    }

    /** libvlc's events, on its event thread. */
    private final class Events extends MediaPlayerEventAdapter {
        @Override
        public void opening(MediaPlayer mp) {
            setState(PlayerState.OPENING);
        }

        @Override
        public void playing(MediaPlayer mp) {
            setState(PlayerState.PLAYING);
        }

        @Override
        public void paused(MediaPlayer mp) {
            setState(PlayerState.PAUSED);
        }

        @Override
        public void finished(MediaPlayer mp) {
            setState(PlayerState.ENDED);
        }

        @Override
        public void error(MediaPlayer mp) {
            ChannelMedia m = media;
            String why = m == null ? null : m.lastError();
            fail(why != null ? why : "libvlc cannot play this file (not a media format it knows, or damaged)");
        }

        @Override
        public void timeChanged(MediaPlayer mp, long newTime) {
            lastKnownTime = newTime;
            long length = lastKnownLength;
            for (PlayerListener l : listeners) {
                l.timeChanged(newTime, length);
            }
        }

        @Override
        public void lengthChanged(MediaPlayer mp, long newLength) {
            lastKnownLength = Math.max(0, newLength);
        }

        @Override
        public void elementaryStreamAdded(MediaPlayer mp, TrackType type, int id) {
            tracksChanged();
        }

        @Override
        public void elementaryStreamDeleted(MediaPlayer mp, TrackType type, int id) {
            tracksChanged();
        }

        @Override
        public void elementaryStreamSelected(MediaPlayer mp, TrackType type, int id) {
            tracksChanged();
        }

        private void tracksChanged() {
            for (PlayerListener l : listeners) {
                l.tracksChanged();
            }
        }
    }
}
