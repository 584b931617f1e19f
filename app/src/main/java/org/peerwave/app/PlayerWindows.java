package org.peerwave.app;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.scene.image.ImageView;
import org.peerwave.app.ui.player.PlayerView;
import org.peerwave.app.ui.player.PlayerViewModel;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.stream.StreamServer;
import org.peerwave.engine.stream.StreamServerSettings;
import org.peerwave.engine.stream.TorrentFile;
import org.peerwave.media.LibVlc;
import org.peerwave.media.LibVlcStatus;
import org.peerwave.media.MediaSource;
import org.peerwave.media.TorrentPlayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.caprica.vlcj.javafx.videosurface.ImageViewVideoSurface;

/**
 * Opens player windows for files of the engine's torrents (composition: wires the engine's stream
 * channel, libvlc, the local HTTP stream server and the player view). Each window has its own libvlc
 * player, released when the window closes. Without libvlc the window explains what to install and
 * offers the HTTP stream URL for another player. The stream server starts with the first window.
 */
public final class PlayerWindows implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlayerWindows.class);

    private final Engine engine;
    private final Consumer<String> externalOpener;
    private final List<String> vlcArgs;
    private StreamServer server;

    /**
     * @param externalOpener opens a URL with the desktop's default handler (HostServices)
     * @param vlcArgs        extra libvlc options (tests: {@code --aout=dummy})
     */
    public PlayerWindows(Engine engine, Consumer<String> externalOpener, List<String> vlcArgs) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.externalOpener = Objects.requireNonNull(externalOpener, "externalOpener");
        this.vlcArgs = List.copyOf(vlcArgs);
    }

    /**
     * Opens a window playing file {@code fileIndex} of {@code handle} (for a magnet, once its
     * metadata came). Completes on the FX thread with the window's view model.
     */
    public CompletableFuture<PlayerViewModel> play(TorrentHandle handle, int fileIndex) {
        CompletableFuture<PlayerViewModel> result = new CompletableFuture<>();
        TorrentFile.open(handle, fileIndex).whenComplete((file, e) -> Platform.runLater(() -> {
            if (e != null) {
                result.completeExceptionally(e);
                return;
            }
            try {
                result.complete(show(file));
            } catch (RuntimeException x) {
                result.completeExceptionally(x);
            }
        }));
        return result;
    }

    /** Opens a window for {@code file}; on the FX thread. */
    PlayerViewModel show(TorrentFile file) {
        String url = streamUrl(file);
        LibVlcStatus vlc = LibVlc.status();
        ImageView video = new ImageView();
        TorrentPlayer player = null;
        if (vlc.available()) {
            try {
                player = TorrentPlayer.create(new ImageViewVideoSurface(video), vlcArgs);
            } catch (RuntimeException e) {
                LOG.warn("the player could not start: {}", e.toString());
                vlc = new LibVlcStatus(false, "", "The built-in player could not start (" + e.getMessage() + ").",
                        vlc.installHint());
            }
        }
        PlayerViewModel vm = new PlayerViewModel(player, vlc, MediaSource.of(file), url, Platform::runLater,
                externalOpener);
        new PlayerView(vm, video).showInNewWindow();
        return vm;
    }

    private synchronized String streamUrl(TorrentFile file) {
        try {
            if (server == null) {
                server = StreamServer.start(engine, StreamServerSettings.builder().build());
            }
            return server.url(file);
        } catch (RuntimeException e) {
            LOG.warn("the stream server did not start: {}", e.toString());
            return "";
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
