package org.peerwave.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peerwave.app.util.Sizes;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.InfoHash;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peerwave info FILE.torrent [--json]}: what a torrent file holds. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
            "Show what a torrent file holds.",
            "",
            "Prints the name, the info hashes, the pieces, the size, the files, the trackers and the web seeds.",
            "",
            "With --json, print one JSON object with the keys name, infoHashV1, infoHashV2 (hex, or null),"
                    + " pieceLength, pieceCount, totalLength, private, files (a list of {path, length},"
                    + " pad files left out, paths relative to the torrent's folder), trackers (a list of"
                    + " tiers, each a list of URLs) and webSeeds.",
            "",
        })
final class InfoCommand implements Callable<Integer> {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.torrent", description = "The torrent file.")
    Path torrent;

    @Option(names = "--json", description = "Print one JSON object instead of a summary.")
    boolean json;

    @Override
    public Integer call() {
        TorrentMetainfo meta = TorrentFiles.read(torrent);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(meta)));
        } else {
            printSummary(meta, out);
        }
        out.flush();
        return 0;
    }

    /** The JSON form (the CLI contract: other tools rely on these keys). */
    static Map<String, Object> toJson(TorrentMetainfo meta) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", meta.name());
        o.put("infoHashV1", hex(meta.infoHashes().v1()));
        o.put("infoHashV2", hex(meta.infoHashes().v2()));
        o.put("pieceLength", (long) meta.pieceLength());
        o.put("pieceCount", (long) meta.pieceCount());
        o.put("totalLength", meta.totalLength());
        o.put("private", meta.isPrivate());
        List<Object> files = new ArrayList<>();
        for (FileEntry f : meta.files()) {
            if (!f.pad()) {
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("path", f.pathString());
                file.put("length", f.length());
                files.add(file);
            }
        }
        o.put("files", files);
        o.put("trackers", meta.trackers());
        o.put("webSeeds", meta.webSeeds());
        return o;
    }

    private static String hex(InfoHash hash) {
        return hash == null ? null : hash.hex();
    }

    private static void printSummary(TorrentMetainfo meta, PrintWriter out) {
        field(out, "Name", printable(meta.name()));
        field(out, "Type", switch (meta.kind()) {
            case V1 -> "v1";
            case V2 -> "v2";
            case HYBRID -> "hybrid (v1 + v2)";
        });
        if (meta.infoHashes().hasV1()) {
            field(out, "Info hash v1", meta.infoHashes().v1().hex());
        }
        if (meta.infoHashes().hasV2()) {
            field(out, "Info hash v2", meta.infoHashes().v2().hex());
        }
        field(out, "Piece length", Sizes.bytes(meta.pieceLength()));
        field(out, "Pieces", String.format(Locale.ROOT, "%,d", meta.pieceCount()));
        field(out, "Total size", Sizes.bytes(meta.totalLength())
                + String.format(Locale.ROOT, " (%,d bytes)", meta.totalLength()));
        field(out, "Private", meta.isPrivate() ? "yes" : "no");
        meta.createdBy().ifPresent(v -> field(out, "Created by", printable(v)));
        meta.creationDate().ifPresent(v -> field(out, "Created on", DATE.format(v)));
        meta.comment().ifPresent(v -> field(out, "Comment", printable(v)));

        List<FileEntry> files = meta.contentFiles();
        out.println();
        out.println("Files (" + files.size() + "):");
        int width = 0;
        for (FileEntry f : files) {
            width = Math.max(width, Sizes.bytes(f.length()).length());
        }
        for (FileEntry f : files) {
            out.printf(Locale.ROOT, "  %" + width + "s  %s%n", Sizes.bytes(f.length()), printable(f.pathString()));
        }

        out.println();
        if (meta.trackers().isEmpty()) {
            out.println("Trackers: none");
        } else {
            out.println("Trackers:");
            for (int t = 0; t < meta.trackers().size(); t++) {
                List<String> tier = meta.trackers().get(t);
                String label = String.format(Locale.ROOT, "  tier %d: ", t + 1);
                for (int i = 0; i < tier.size(); i++) {
                    out.println((i == 0 ? label : " ".repeat(label.length())) + printable(tier.get(i)));
                }
            }
        }
        out.println();
        if (meta.webSeeds().isEmpty()) {
            out.println("Web seeds: none");
        } else {
            out.println("Web seeds:");
            for (String url : meta.webSeeds()) {
                out.println("  " + printable(url));
            }
        }
    }

    private static void field(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "%-15s%s%n", label + ":", value);
    }

    /** Control characters from the torrent must not reach the terminal as such. */
    static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
