package org.peerwave.app.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.FilePriority;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.session.TorrentState;
import org.peerwave.engine.stream.StreamServer;
import org.peerwave.engine.stream.StreamServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peerwave stream SOURCE}: downloads one file of a torrent and serves it over local HTTP meanwhile. */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
            "Stream a file of a torrent to a media player while it downloads.",
            "",
            "Downloads the file (only that file; the others are skipped) and prints its stream URL on its own"
                    + " line, http://127.0.0.1:PORT/stream/..., to open in a player such as VLC or mpv. The"
                    + " parts a player asks for are downloaded first, so seeking works before the download"
                    + " ends. The URL holds a random secret that changes on each run and the server answers only"
                    + " on 127.0.0.1. Serves until Ctrl+C, also after the download completed.",
            "",
            "Without --file, streams the largest audio or video file (mp4, mkv, webm, avi, mov, m4v, mp3, m4a,"
                    + " ogg, flac), or the largest file when there is none. Peers come from the torrent's"
                    + " trackers, --peer and incoming connections, as for download; resume data is kept in"
                    + " DIR/" + DownloadCommand.RESUME_FOLDER + ".",
            "",
        })
final class StreamCommand implements Callable<Integer> {

    private static final Set<String> MEDIA = Set.of("mp4", "m4v", "mkv", "webm", "avi", "mov", "mp3", "m4a", "ogg",
            "flac");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The .torrent file, or a v1 magnet link.")
    String source;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Folder to download into (default: ~/Downloads when it exists, else the current folder).")
    Path output;

    @Option(names = "--file", paramLabel = "INDEX",
            description = "The file to stream: its index in the torrent's file list, as `peerwave info` shows it"
                    + " (default: the largest media file).")
    Integer file;

    @Option(names = "--http-port", paramLabel = "N", description = "Port of the stream server (default: a free port).")
    int httpPort;

    @Mixin
    PeerOptions peerOptions;

    /** Counted down when the command stops serving (tests). */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (httpPort < 0 || httpPort > 65535) {
            throw new CliException("--http-port must be 0..65535, not " + httpPort);
        }
        boolean magnet = source.startsWith("magnet:");
        MagnetLink link = magnet ? DownloadCommand.parseMagnet(source) : null;
        if (magnet && peerOptions.peers.isEmpty() && link.peers().isEmpty() && peerOptions.noDht
                && (link.trackers().isEmpty() || peerOptions.noTrackers)) {
            throw new CliException("the magnet link has no peers (no trackers, and --no-dht was given): give --peer"
                    + " HOST:PORT, or pass a .torrent file");
        }
        TorrentMetainfo fromFile = magnet ? null : TorrentFiles.read(Path.of(source));
        Path dir = output != null ? output : defaultOutput();
        Files.createDirectories(dir);
        PrintWriter out = spec.commandLine().getOut();
        DownloadCommand.TrackerErrors trackerErrors = new DownloadCommand.TrackerErrors(spec.commandLine().getErr());
        EngineSettings settings = peerOptions.settings().resumeDir(dir.resolve(DownloadCommand.RESUME_FOLDER))
                .resumeSaveInterval(DownloadCommand.RESUME_SAVE_INTERVAL).build();
        Engine engine = Engine.create(settings);
        StreamServer[] server = new StreamServer[1];
        Thread hook = new Thread(() -> close(server[0], engine), "peerwave-stream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int index = -1;
            TorrentHandle h;
            if (magnet) {
                try {
                    h = engine.add(link, dir, AddOptions.DEFAULT);
                } catch (UnsupportedOperationException e) {
                    throw new CliException("magnet link: " + e.getMessage(), e);
                }
            } else {
                index = choose(fromFile, file);
                h = engine.add(fromFile, dir, AddOptions.DEFAULT.withFilePriorities(only(fromFile, index)));
            }
            for (InetSocketAddress a : peerOptions.peerAddresses()) {
                h.connectPeer(a);
            }
            TorrentMetainfo meta = DownloadCommand.metadata(engine, h, trackerErrors);
            if (magnet) {
                index = choose(meta, file);
                h.setFilePriorities(only(meta, index)).get(10, TimeUnit.SECONDS);
            }
            try {
                server[0] = StreamServer.start(engine, StreamServerSettings.builder().port(httpPort).build());
            } catch (IllegalStateException e) {
                throw new CliException("stream server: " + e.getMessage(), e);
            }
            out.println(server[0].url(h, index));
            out.println("streaming " + meta.files().get(index).pathString() + " of " + meta.name() + " (Ctrl+C to"
                    + " stop)");
            out.flush();
            while (!stop.await(1, TimeUnit.SECONDS)) {
                trackerErrors.report(engine);
                if (h.stats().get(10, TimeUnit.SECONDS).state() instanceof TorrentState.Errored e) {
                    throw new CliException(meta.name() + ": " + e.reason());
                }
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            close(server[0], engine);
            stop.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs (close is idempotent)
            }
        }
    }

    private static void close(StreamServer server, Engine engine) {
        try (engine) {
            if (server != null) {
                server.close();
            }
        }
    }

    /** ~/Downloads when it exists, else the current folder. */
    static Path defaultOutput() {
        Path downloads = Path.of(System.getProperty("user.home"), "Downloads");
        return Files.isDirectory(downloads) ? downloads : Path.of("").toAbsolutePath();
    }

    /** The file to stream: {@code requested} when given (checked), else the largest media file, else the largest. */
    static int choose(TorrentMetainfo meta, Integer requested) {
        List<FileEntry> files = meta.files();
        if (requested != null) {
            if (requested < 0 || requested >= files.size()) {
                throw new CliException("--file must be 0.." + (files.size() - 1) + " for this torrent, not "
                        + requested);
            }
            if (files.get(requested).pad()) {
                throw new CliException("--file " + requested + " is a pad file, not a file of the torrent");
            }
            return requested;
        }
        int best = -1;
        boolean bestMedia = false;
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            if (f.pad()) {
                continue;
            }
            boolean media = isMedia(f.path().getLast());
            if (best < 0 || (media && !bestMedia) || (media == bestMedia && f.length() > files.get(best).length())) {
                best = i;
                bestMedia = media;
            }
        }
        return best;
    }

    static boolean isMedia(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 && MEDIA.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The streamed file normal, every other skipped. */
    private static List<FilePriority> only(TorrentMetainfo meta, int index) {
        List<FilePriority> out = new ArrayList<>();
        for (int i = 0; i < meta.files().size(); i++) {
            out.add(i == index ? FilePriority.NORMAL : FilePriority.SKIP);
        }
        return out;
    }
}
