package org.peerwave.app.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.peerwave.engine.metainfo.MagnetException;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineEvent;
import org.peerwave.engine.session.RateLimitSettings;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.session.TorrentState;
import org.peerwave.engine.session.TorrentStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peerwave download FILE.torrent -o DIR --peer HOST:PORT ...}: downloads one torrent and exits. */
@Command(
        name = "download",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
            "Download a torrent, verify every piece, and exit.",
            "",
            "Peers come from the torrent's trackers (HTTP and UDP; a magnet link's tr= trackers), from"
                    + " --peer and from peers that connect to the listening port (no DHT yet). A magnet link's"
                    + " metadata is fetched from those peers (v1 magnets only). Tracker errors are reported"
                    + " on stderr, once each. Exits 0 once every piece is downloaded and"
                    + " verified; with --seed-ratio R it keeps seeding until it uploaded R times the torrent's"
                    + " size first. Data already in DIR is checked and kept.",
            "",
            "With --json-progress, prints one JSON object per second with the keys progress (0..1),"
                    + " downloadRate and uploadRate (bytes/s), peers and state; on a terminal a progress bar"
                    + " is shown on stderr instead.",
            "",
        })
final class DownloadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "The .torrent file, or a v1 magnet link (its metadata is fetched from the peers its"
                    + " trackers list and from --peer).")
    String source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Folder to download into (the torrent's folder or file is created inside).")
    Path output;

    @Mixin
    PeerOptions peerOptions;

    @Option(names = "--seed-ratio", paramLabel = "R",
            description = "After the download, seed until uploaded >= R x size (default: exit at once).")
    double seedRatio;

    @Option(names = "--no-seed", description = "Exit as soon as the download is verified (the default).")
    boolean noSeed;

    @Option(names = "--sequential", description = "Download pieces in order instead of rarest first.")
    boolean sequential;

    @Option(names = "--max-down", paramLabel = "KIB", description = "Download limit in KiB/s (0 = none).")
    long maxDownKib;

    @Option(names = "--max-up", paramLabel = "KIB", description = "Upload limit in KiB/s (0 = none).")
    long maxUpKib;

    @Option(names = "--json-progress", description = "Print one JSON progress object per second on stdout.")
    boolean jsonProgress;

    @Override
    public Integer call() throws Exception {
        if (noSeed && seedRatio > 0) {
            throw new CliException("--no-seed and --seed-ratio exclude each other");
        }
        if (seedRatio < 0 || maxDownKib < 0 || maxUpKib < 0) {
            throw new CliException("--seed-ratio, --max-down and --max-up must not be negative");
        }
        boolean magnet = source.startsWith("magnet:");
        MagnetLink link = magnet ? parseMagnet(source) : null;
        if (magnet && peerOptions.peers.isEmpty() && (link.trackers().isEmpty() || peerOptions.noTrackers)) {
            throw new CliException((link.trackers().isEmpty() ? "the magnet link has no trackers"
                    : "with --no-trackers the magnet link has no peers") + " (no DHT yet): give --peer HOST:PORT"
                    + " to fetch the metadata from, or pass a .torrent file");
        }
        TorrentMetainfo fromFile = magnet ? null : TorrentFiles.read(Path.of(source));
        Files.createDirectories(output);
        PrintWriter out = spec.commandLine().getOut();
        TrackerErrors trackerErrors = new TrackerErrors(spec.commandLine().getErr());
        RateLimitSettings limits = RateLimitSettings.builder().download(maxDownKib * 1024).upload(maxUpKib * 1024)
                .build();
        try (Engine engine = Engine.create(peerOptions.settings().rateLimits(limits).build())) {
            if (magnet && !jsonProgress) {
                out.println("fetching the metadata of " + (link.displayName() != null ? link.displayName() : "the magnet link") + " ...");
                out.flush();
            }
            TorrentMetainfo meta = fromFile != null ? fromFile : fetch(engine, link, trackerErrors);
            TorrentHandle h = engine.add(meta, output, AddOptions.DEFAULT.withSequential(sequential));
            for (InetSocketAddress a : peerOptions.peerAddresses()) {
                h.connectPeer(a);
            }
            try (Bar bar = jsonProgress ? null : Bar.forTerminal(meta.name(), meta.storageLength())) {
                while (true) {
                    boolean done = waitDone(h, 1000);
                    trackerErrors.report(engine);
                    TorrentStats s = h.stats().get(10, TimeUnit.SECONDS);
                    report(s, out, bar);
                    if (s.state() instanceof TorrentState.Errored e) {
                        throw new CliException(meta.name() + ": " + e.reason());
                    }
                    if (done && s.uploaded() >= seedRatio * meta.totalLength()) {
                        break;
                    }
                }
            }
            if (!jsonProgress) {
                out.println("downloaded " + meta.name() + " to " + output.toAbsolutePath());
            }
            out.flush();
        }
        return 0;
    }

    private static MagnetLink parseMagnet(String uri) {
        try {
            return MagnetLink.parse(uri);
        } catch (MagnetException e) {
            throw new CliException("not a valid magnet link: " + e.getMessage());
        }
    }

    private TorrentMetainfo fetch(Engine engine, MagnetLink link, TrackerErrors trackerErrors) throws Exception {
        var future = engine.fetchMetadata(link, peerOptions.peerAddresses(), Duration.ofSeconds(60));
        try {
            while (true) {
                try {
                    return future.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException notYet) {
                    trackerErrors.report(engine);
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new CliException(c instanceof TimeoutException
                    ? "no peer sent the torrent's metadata within 60 s" : "magnet link: " + c.getMessage(), c);
        }
    }

    private static boolean waitDone(TorrentHandle h, long millis) throws Exception {
        try {
            h.completion().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new CliException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void report(TorrentStats s, PrintWriter out, Bar bar) {
        if (jsonProgress) {
            out.println(jsonLine(s));
            out.flush();
        } else if (bar != null) {
            bar.update(s);
        }
    }

    /**
     * The --json-progress line (the CLI contract): {@code {"progress": 0.4213, "downloadRate": 123,
     * "uploadRate": 0, "peers": 2, "state": "downloading"}}, rates in bytes per second.
     */
    static String jsonLine(TorrentStats s) {
        return String.format(Locale.ROOT,
                "{\"progress\": %.4f, \"downloadRate\": %d, \"uploadRate\": %d, \"peers\": %d, \"state\": \"%s\"}",
                Math.floor(s.progress() * 10_000) / 10_000, s.downloadRate(), s.uploadRate(), s.peers(),
                s.state().displayName());
    }

    /** Prints each tracker error of the engine's events on stderr, once per tracker and message. */
    static final class TrackerErrors {
        private final PrintWriter err;
        private final java.util.Set<String> seen = new java.util.HashSet<>();

        TrackerErrors(PrintWriter err) {
            this.err = err;
        }

        void report(Engine engine) {
            for (EngineEvent e : engine.events().drain()) {
                if (e instanceof EngineEvent.TrackerError t && seen.add(t.url() + "\n" + t.message())) {
                    err.println("tracker " + t.url() + ": " + t.message());
                    err.flush();
                }
            }
        }
    }

    /** A progress bar on stderr, only when the user is watching a terminal. */
    static final class Bar implements AutoCloseable {
        private final ProgressBar bar;

        private Bar(ProgressBar bar) {
            this.bar = bar;
        }

        static Bar forTerminal(String name, long total) {
            var console = System.console();
            if (console == null || !console.isTerminal()) {
                return new Bar(null);
            }
            return new Bar(new ProgressBarBuilder().setTaskName(name.length() > 30 ? name.substring(0, 30) : name)
                    .setInitialMax(total).setStyle(ProgressBarStyle.UNICODE_BLOCK).setUnit(" MiB", 1024 * 1024)
                    .showSpeed().setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .build());
        }

        void update(TorrentStats s) {
            if (bar != null) {
                bar.stepTo(s.bytesDone());
                bar.setExtraMessage(s.state().displayName() + ", " + s.peers() + " peers");
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
