package org.peerwave.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.peerwave.app.AppInfo;
import org.peerwave.app.util.Sizes;
import org.peerwave.engine.metainfo.MetainfoLimits;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentCreator.CreatedTorrent;
import org.peerwave.engine.metainfo.TorrentCreator.Mode;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code peerwave create PATH -o OUT.torrent ...}: makes a torrent of a file or a folder, hybrid
 * (v1 + v2) unless told otherwise, and prints its info hashes and magnet link.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
            "Create a torrent file from a file or a folder.",
            "",
            "Hybrid (v1 + v2) by default, with the piece length libtorrent would pick. Shows a progress bar"
                    + " on a terminal, then prints the info hashes and the magnet link.",
            "",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  peerwave create ./album -o album.torrent",
            "  peerwave create big.iso -o big.torrent --v1 --piece-length 4MiB --no-date",
            "  peerwave create ./site -o site.torrent --web-seed https://example.org/site/ \\",
            "      --tracker udp://a.example/announce,udp://b.example/announce \\",
            "      --tracker https://c.example/announce",
            "  (two tiers: a and b share the first, c is the second)",
        })
final class CreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The file or folder to share.")
    Path source;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.torrent", required = true,
            description = "Where to write the torrent file.")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ModeOption mode = new ModeOption();

    static final class ModeOption {
        @Option(names = "--v1", description = "A v1 torrent (BEP 3, SHA-1): for old clients only.")
        boolean v1;

        @Option(names = "--v2", description = "A v2 torrent (BEP 52, SHA-256): for new clients only.")
        boolean v2;

        @Option(names = "--hybrid", description = "A hybrid torrent that v1 and v2 clients can use (the default).")
        boolean hybrid;

        Mode mode() {
            return v1 ? Mode.V1 : v2 ? Mode.V2 : Mode.HYBRID;
        }
    }

    @Option(names = "--piece-length", paramLabel = "BYTES", converter = PieceLengthConverter.class,
            description = "Piece length in bytes: a power of two of at least 16 KiB (v1 torrents also take"
                    + " other multiples of 16 KiB). K, KiB, M and MiB suffixes are accepted (262144, 256KiB,"
                    + " 4M). Default: chosen from the total size, as libtorrent does.")
    Integer pieceLength;

    @Option(names = "--tracker", paramLabel = "URL",
            description = "A tracker tier; repeat for more tiers. Comma-separated URLs (a,b) make one"
                    + " tier of several trackers.")
    List<String> trackers = new ArrayList<>();

    @Option(names = "--web-seed", paramLabel = "URL", description = "A web seed URL (BEP 19); may be repeated.")
    List<String> webSeeds = new ArrayList<>();

    @Option(names = "--private", description = "Mark the torrent private (BEP 27): trackers only, no DHT or PEX.")
    boolean privateFlag;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A comment to store in the torrent.")
    String comment;

    @Option(names = "--no-date", description = "Leave out the creation date (for reproducible torrent files).")
    boolean noDate;

    @Option(names = {"-f", "--force"}, description = "Overwrite OUT.torrent if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(source)) {
            throw new CliException("no such file or folder: " + source);
        }
        Path target = output.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new CliException(output + " is a folder; give the name of the torrent file to write");
        }
        if (!force && Files.exists(target)) {
            throw new CliException(output + " already exists (add --force to overwrite it)");
        }
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            throw new CliException("no such folder: " + target.getParent());
        }

        Mode kind = mode == null ? Mode.HYBRID : mode.mode();
        if (pieceLength != null && kind != Mode.V1 && Integer.bitCount(pieceLength) != 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--piece-length': "
                    + pieceLength + " is not a power of two, which v2 and hybrid torrents need");
        }
        TorrentCreator.Builder builder = TorrentCreator.builder(source)
                .mode(kind)
                .pieceLength(pieceLength == null ? 0 : pieceLength)
                .trackers(tiers(trackers))
                .webSeeds(webSeeds)
                .privateFlag(privateFlag)
                .comment(comment)
                .createdBy(AppInfo.NAME + " " + AppInfo.version())
                .creationDate(noDate ? null : Instant.now());

        CreatedTorrent created;
        try (Progress progress = Progress.forTerminal()) {
            created = builder.progress(progress::update).create();
        } catch (IllegalArgumentException e) {
            // The creator's checks of the settings, for example a piece length v2 cannot use.
            throw new CliException(e.getMessage(), e);
        }
        write(target, created.bytes());

        TorrentMetainfo meta = created.metainfo();
        int files = meta.contentFiles().size();
        out.printf(Locale.ROOT, "Created %s: %s, %d %s, %s in %,d pieces of %s%n", output,
                meta.kind().name().toLowerCase(Locale.ROOT), files, files == 1 ? "file" : "files",
                Sizes.bytes(meta.totalLength()), meta.pieceCount(), Sizes.bytes(meta.pieceLength()));
        if (meta.infoHashes().hasV1()) {
            out.println("Info hash v1:  " + meta.infoHashes().v1().hex());
        }
        if (meta.infoHashes().hasV2()) {
            out.println("Info hash v2:  " + meta.infoHashes().v2().hex());
        }
        out.println("Magnet:        " + MagnetLink.forTorrent(meta).toUri());
        out.flush();
        return 0;
    }

    /** Each {@code --tracker} value is a tier; commas separate the URLs of one tier. */
    static List<List<String>> tiers(List<String> values) {
        List<List<String>> tiers = new ArrayList<>();
        for (String value : values) {
            List<String> tier = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (!tier.isEmpty()) {
                tiers.add(tier);
            }
        }
        return tiers;
    }

    /** Writes a temporary file next to the target and moves it into place. */
    private void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            Files.write(tmp, bytes);
            try {
                if (force) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (AtomicMoveNotSupportedException e) {
                if (force) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.move(tmp, target);
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new CliException(output + " already exists (add --force to overwrite it)", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A progress bar on stderr while hashing, only when the user is watching a terminal. */
    private static final class Progress implements AutoCloseable {
        private final ProgressBar bar;
        private long shown;

        private Progress(ProgressBar bar) {
            this.bar = bar;
        }

        static Progress forTerminal() {
            var console = System.console();
            if (console == null || !console.isTerminal()) {
                return new Progress(null);
            }
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName("Hashing")
                    .setInitialMax(0)
                    .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                    .setUnit(" MiB", 1024 * 1024)
                    .showSpeed()
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .clearDisplayOnFinish()
                    .build();
            return new Progress(bar);
        }

        /** Called from the hashing threads. */
        synchronized void update(long done, long total) {
            if (bar == null || done < shown) {
                return;
            }
            shown = done;
            if (bar.getMax() != total) {
                bar.maxHint(total);
            }
            bar.stepTo(done);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** Bytes with an optional binary suffix; a multiple of 16 KiB up to the parser's limit. */
    static final class PieceLengthConverter implements ITypeConverter<Integer> {
        private static final long BLOCK = 16 * 1024;
        private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib)", Pattern.CASE_INSENSITIVE);

        @Override
        public Integer convert(String value) {
            Matcher m = SIZE.matcher(value.strip());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size in bytes (e.g. 262144, 256KiB, 4MiB)");
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is too large");
            }
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            long factor = unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 * 1024 : 1;
            long max = MetainfoLimits.DEFAULT.maxPieceLength();
            if (n > max || n * factor > max) {
                throw new TypeConversionException("'" + value + "' is larger than " + Sizes.bytes(max));
            }
            long bytes = n * factor;
            if (bytes < BLOCK || bytes % BLOCK != 0) {
                throw new TypeConversionException("'" + value + "' is not a multiple of 16 KiB");
            }
            return (int) bytes;
        }
    }
}
