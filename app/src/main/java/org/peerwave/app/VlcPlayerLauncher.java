package org.peerwave.app;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.peerwave.app.service.EngineTorrentService;
import org.peerwave.app.service.PlayerLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Files tab's Play button: opens a {@link PlayerWindows} window on a torrent's file (the
 * built-in libvlc player, or, without libvlc, the window that offers the stream URL).
 */
final class VlcPlayerLauncher implements PlayerLauncher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VlcPlayerLauncher.class);

    /** Extensions of the audio and video files libvlc plays. */
    static final Set<String> MEDIA_EXTENSIONS = Set.of("mp4", "m4v", "mkv", "webm", "avi", "mov", "wmv", "flv",
            "mpg", "mpeg", "ts", "m2ts", "ogv", "3gp", "mp3", "m4a", "aac", "flac", "ogg", "oga", "opus", "wav",
            "wma", "mka");

    private final Supplier<EngineTorrentService> service;
    private final Consumer<String> externalOpener;
    private PlayerWindows windows;

    VlcPlayerLauncher(Supplier<EngineTorrentService> service, Consumer<String> externalOpener) {
        this.service = service;
        this.externalOpener = externalOpener;
    }

    @Override
    public boolean canPlay(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && MEDIA_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public synchronized void play(String torrentId, int fileIndex) {
        EngineTorrentService s = service.get();
        if (windows == null) {
            windows = new PlayerWindows(s.engine(), externalOpener, List.of());
        }
        windows.play(s.handle(torrentId), fileIndex).whenComplete((vm, e) -> {
            if (e != null) {
                LOG.warn("cannot play file {} of {}: {}", fileIndex, torrentId, e.toString());
            }
        });
    }

    @Override
    public synchronized void close() {
        if (windows != null) {
            windows.close();
        }
    }
}
