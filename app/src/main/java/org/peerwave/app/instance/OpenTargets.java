package org.peerwave.app.instance;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command-line arguments that mean "open this in Peerwave" rather than a subcommand: what a
 * browser's magnet handler and a file manager's .torrent association pass ({@code peerwave
 * 'magnet:?…'}, {@code peerwave /path/file.torrent}, {@code peerwave file:///path/file.torrent}),
 * and http(s) links to .torrent files.
 */
public final class OpenTargets {

    private OpenTargets() {
    }

    /** True when every argument is something to open (and there is at least one). */
    public static boolean all(String[] args) {
        if (args.length == 0) {
            return false;
        }
        for (String a : args) {
            if (!isTarget(a)) {
                return false;
            }
        }
        return true;
    }

    static boolean isTarget(String arg) {
        String a = arg.strip().toLowerCase(Locale.ROOT);
        return a.startsWith("magnet:?")
                || (a.startsWith("http://") || a.startsWith("https://")) && pathEndsWithTorrent(a)
                || a.startsWith("file:") && a.endsWith(".torrent")
                || !a.startsWith("-") && a.endsWith(".torrent");
    }

    private static boolean pathEndsWithTorrent(String url) {
        try {
            String path = URI.create(url).getPath();
            return path != null && path.endsWith(".torrent");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The targets as the running instance needs them: files as absolute paths (its working folder
     * differs), {@code file:} URLs turned into paths, links unchanged.
     *
     * @throws IllegalArgumentException naming a .torrent file that does not exist
     */
    public static List<String> normalize(String[] args, Path workingDir) {
        List<String> out = new ArrayList<>();
        for (String raw : args) {
            String a = raw.strip();
            String lower = a.toLowerCase(Locale.ROOT);
            if (lower.startsWith("magnet:") || lower.startsWith("http://") || lower.startsWith("https://")) {
                out.add(a);
                continue;
            }
            Path p;
            if (lower.startsWith("file:")) {
                try {
                    p = Path.of(URI.create(a));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("not a file URL: " + a);
                }
            } else {
                p = workingDir.resolve(a);
            }
            p = p.toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such file: " + a);
            }
            out.add(p.toString());
        }
        return out;
    }
}
