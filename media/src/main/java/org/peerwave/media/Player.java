package org.peerwave.media;

import java.util.List;

/**
 * What a player view drives: {@link TorrentPlayer} with libvlc, or a fake in view-model tests.
 * Methods may be called from any thread but the one delivering {@link PlayerListener} events.
 */
public interface Player extends AutoCloseable {

    void addListener(PlayerListener listener);

    void removeListener(PlayerListener listener);

    /** Stops what plays and starts {@code source}. */
    void open(MediaSource source);

    void play();

    void pause();

    void togglePause();

    void stop();

    /** Jumps to {@code millis} from the start. */
    void seekTo(long millis);

    /** Jumps to {@code fraction} (0..1) of the length. */
    void seekToFraction(double fraction);

    /** Jumps by {@code deltaMillis} (negative: back). */
    void skip(long deltaMillis);

    /** Play time in milliseconds (-1 when nothing plays). */
    long time();

    /** Length in milliseconds (0 while unknown). */
    long length();

    PlayerState state();

    /** 0..200 (100 is the file's own level). */
    int volume();

    void setVolume(int volume);

    boolean isMuted();

    void setMuted(boolean muted);

    List<Track> audioTracks();

    /** The audio track playing, or -1. */
    int audioTrack();

    void selectAudioTrack(int id);

    /** The subtitle tracks, "Disable" (-1) first as libvlc lists it. */
    List<Track> subtitleTracks();

    /** The subtitle track shown, or -1. */
    int subtitleTrack();

    void selectSubtitleTrack(int id);

    /** True while the player waits longer than a moment for bytes not downloaded yet. */
    boolean isBuffering();

    /** The media playing, or null. */
    MediaSource source();

    @Override
    void close();
}
