package org.peerwave.media;

/**
 * An audio or subtitle track as libvlc names it; {@code id} is what {@link TorrentPlayer} selects
 * ({@code -1} is "none" for subtitles).
 */
public record Track(int id, String name) {
}
