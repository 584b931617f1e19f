package org.peerwave.app.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.peerwave.engine.metainfo.FileRange;
import org.peerwave.engine.metainfo.MagnetException;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.FilePriority;
import org.peerwave.engine.session.EngineEvent;
import org.peerwave.engine.session.EngineSettings;
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
                    + " --peer, from the DHT (unless --no-dht; never for private torrents) and from peers that"
                    + " connect to the listening port. A magnet link's"
                    + " metadata is fetched from those peers (v1 magnets only). Tracker errors are reported"
                    + " on stderr, once each. Exits 0 once every piece of the selected files is downloaded and"
                    + " verified; with --seed-ratio R it keeps seeding until it uploaded R times the torrent's"
                    + " size first. Running it again on the same DIR resumes: resume data is kept in"
                    + " DIR/" + DownloadCommand.RESUME_FOLDER + " (saved every 10 s and on exit); files"
                    + " changed since it was saved are checked again, the rest is trusted.",
            "",
            "--select 0,2,4-6 downloads only those files (indices into the torrent's file list, as in a"
                    + " magnet's so= parameter, BEP 53, where the pad files of v2/hybrid torrents count too); the others are"
                    + " not created.",
            "",
            "With --json-progress, prints one JSON object per second with the keys progress (0..1),"
                    + " downloadRate and uploadRate (bytes/s), peers and state; on a terminal a progress bar"
                    + " is shown on stderr instead.",
            "",
        })
final class DownloadCommand implements Callable<Integer> {

    /** The folder inside DIR that keeps the resume data (one file per torrent, named by info hash). */
    static final String RESUME_FOLDER = ".peerwave-resume";
    /**
     * How often resume data is saved while downloading. Short, because a command-line download may be
     * killed at any moment; after a crash the files written since the last save are checked again.
     */
    static final Duration RESUME_SAVE_INTERVAL = Duration.ofSeconds(10);

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

    @Option(names = "--select", paramLabel = "LIST",
            description = "Download only these files: indices and ranges such as 0,2,4-6 (default: every file).")
    String select;

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
        if (magnet && peerOptions.peers.isEmpty() && link.peers().isEmpty() && peerOptions.noDht
                && (link.trackers().isEmpty() || peerOptions.noTrackers)) {
            throw new CliException((link.trackers().isEmpty() ? "the magnet link has no trackers"
                    : "with --no-trackers the magnet link has no peers") + " and --no-dht was given: give --peer"
                    + " HOST:PORT to fetch the metadata from, or pass a .torrent file");
        }
        List<FileRange> selection = select == null ? null : parseSelection(select);
        TorrentMetainfo fromFile = magnet ? null : TorrentFiles.read(Path.of(source));
        Files.createDirectories(output);
        PrintWriter out = spec.commandLine().getOut();
        TrackerErrors trackerErrors = new TrackerErrors(spec.commandLine().getErr());
        RateLimitSettings limits = RateLimitSettings.builder().download(maxDownKib * 1024).upload(maxUpKib * 1024)
                .build();
        EngineSettings settings = peerOptions.settings().rateLimits(limits).resumeDir(output.resolve(RESUME_FOLDER))
                .resumeSaveInterval(RESUME_SAVE_INTERVAL).build();
        try (Engine engine = Engine.create(settings)) {
            if (magnet && !jsonProgress) {
                out.println("fetching the metadata of " + (link.displayName() != null ? link.displayName() : "the magnet link") + " ...");
                out.flush();
            }
            AddOptions options = AddOptions.DEFAULT.withSequential(sequential);
            TorrentHandle h;
            if (magnet) {
                MagnetLink selected = selection == null ? link : new MagnetLink(link.infoHashes(),
                        link.displayName(), link.trackers(), link.webSeeds(), link.exactSources(),
                        link.acceptableSources(), link.peers(), selection);
                try {
                    h = engine.add(selected, output, options);
                } catch (UnsupportedOperationException e) {
                    throw new CliException("magnet link: " + e.getMessage(), e);
                }
            } else {
                if (selection != null) {
                    options = options.withFilePriorities(priorities(fromFile, selection));
                }
                h = engine.add(fromFile, output, options);
            }
            for (InetSocketAddress a : peerOptions.peerAddresses()) {
                h.connectPeer(a);
            }
            if (!magnet && peerOptions.peers.isEmpty() && (fromFile.trackers().isEmpty() || peerOptions.noTrackers)
                    && (peerOptions.noDht || fromFile.isPrivate())) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(fromFile.name() + ": " + (fromFile.trackers().isEmpty() ? "the torrent has no trackers"
                        : "--no-trackers") + " and no --peer was given (no DHT: " + (fromFile.isPrivate()
                        ? "private torrent" : "--no-dht") + "): waiting for peers to connect"
                        + " to port " + engine.listenPort() + " (Ctrl+C to stop)");
                err.flush();
            }
            TorrentMetainfo meta = metadata(engine, h, trackerErrors);
            if (magnet && selection != null) {
                priorities(meta, selection); // fails when the selection names none of the files
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

    static MagnetLink parseMagnet(String uri) {
        try {
            return MagnetLink.parse(uri);
        } catch (MagnetException e) {
            throw new CliException("not a valid magnet link: " + e.getMessage());
        }
    }

    /**
     * The metainfo: at once for a .torrent file; a magnet's once a peer sent it (60 s at most),
     * reporting tracker errors meanwhile.
     */
    static TorrentMetainfo metadata(Engine engine, TorrentHandle h, TrackerErrors trackerErrors)
            throws Exception {
        var future = h.metadata();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (true) {
                try {
                    return future.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException notYet) {
                    trackerErrors.report(engine);
                    if (System.nanoTime() > end) {
                        throw new CliException("no peer sent the torrent's metadata within 60 s", notYet);
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new CliException("magnet link: " + c.getMessage(), c);
        }
    }

    /** --select: comma-separated indices and inclusive ranges ("0,2,4-6"). */
    static List<FileRange> parseSelection(String list) {
        List<FileRange> out = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            String t = item.strip();
            int dash = t.indexOf('-');
            try {
                int first = Integer.parseInt(dash < 0 ? t : t.substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(t.substring(dash + 1));
                if (first < 0 || last < first) {
                    throw new NumberFormatException();
                }
                out.add(new FileRange(first, last));
            } catch (NumberFormatException e) {
                throw new CliException("--select must be file indices and ranges such as 0,2,4-6, not '" + list + "'");
            }
        }
        return out;
    }

    /** Selected files normal, the others skipped; fails when no file of the torrent is selected. */
    static List<FilePriority> priorities(TorrentMetainfo meta, List<FileRange> selection) {
        List<FilePriority> out = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < meta.files().size(); i++) {
            int index = i;
            boolean selected = !meta.files().get(i).pad() && selection.stream().anyMatch(r -> r.contains(index));
            any |= selected;
            out.add(selected ? FilePriority.NORMAL : FilePriority.SKIP);
        }
        if (!any) {
            throw new CliException("--select names none of the torrent's " + meta.files().size() + " files (indices"
                    + " start at 0)");
        }
        return out;
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
                Math.floor(s.wantedProgress() * 10_000) / 10_000, s.downloadRate(), s.uploadRate(), s.peers(),
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
                bar.maxHint(s.wantedBytes());
                bar.stepTo(s.wantedBytesDone());
                bar.setExtraMessage(extraMessage(s));
            }
        }

        /** After the speed: " · 3 peers", with the state first unless it is plain downloading. */
        static String extraMessage(TorrentStats s) {
            String peers = s.peers() + (s.peers() == 1 ? " peer" : " peers");
            return s.state() instanceof TorrentState.Downloading ? " · " + peers
                    : " · " + s.state().displayName() + " · " + peers;
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
