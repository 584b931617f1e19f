package org.peerwave.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.application.Application;
import org.peerwave.app.cli.Cli;
import org.peerwave.app.instance.InstanceClient;
import org.peerwave.app.instance.InstanceSocket;
import org.peerwave.app.instance.OpenTargets;
import org.slf4j.LoggerFactory;

/**
 * Entry point. With no arguments and a display, opens the window; with magnet links or .torrent
 * files, hands them to the running instance (or opens the window with them); otherwise runs the
 * command line (with no arguments and no display, that prints the help).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        boolean display = hasDisplay(System.getProperty("os.name", ""), System.getenv());
        if (args.length == 0 && display) {
            System.exit(runGui(List.of()));
        }
        // CLI output is UTF-8 whatever the locale says: JSON must be, and terminals are.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        if (OpenTargets.all(args)) {
            System.exit(open(args, display, InstanceSocket.current(), err));
        }
        System.exit(run(args, out, err));
    }

    /**
     * {@code peerwave 'magnet:?…'} or {@code peerwave file.torrent} (what the desktop's magnet handler
     * and .torrent association run): hands the targets to the running instance and exits 0, or
     * starts the window with them when none runs.
     */
    static int open(String[] args, boolean display, Path socket, PrintWriter err) {
        List<String> targets;
        try {
            targets = OpenTargets.normalize(args, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            err.println("peerwave: error: " + e.getMessage());
            return 1;
        }
        try {
            if (InstanceClient.open(socket, targets)) {
                return 0;
            }
        } catch (IOException e) {
            err.println("peerwave: error: " + e.getMessage());
            return 1;
        }
        if (!display) {
            err.println("peerwave: error: no Peerwave window is running and there is no display to open one"
                    + " (to download without a window: peerwave download SOURCE)");
            return 1;
        }
        return runGui(targets);
    }

    /**
     * Runs the command line in this JVM and returns its exit status; never exits. Without
     * arguments it prints the help.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return Cli.run(args, out, err, Logging::configureCli);
    }

    /**
     * True when a window can be shown: always on Windows and macOS; elsewhere when {@code DISPLAY}
     * (X11) or {@code WAYLAND_DISPLAY} is set.
     */
    static boolean hasDisplay(String osName, Map<String, String> env) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac")) {
            return true;
        }
        return notEmpty(env.get("DISPLAY")) || notEmpty(env.get("WAYLAND_DISPLAY"));
    }

    private static int runGui(List<String> targets) {
        Logging.configureGui(AppDirs.current().logs());
        try {
            Application.launch(PeerwaveApp.class, targets.toArray(String[]::new));
            return 0;
        } catch (RuntimeException | LinkageError e) {
            // For example no GTK, or a display that cannot be opened. One line on stderr (the
            // console appender leaves out stack traces); the whole story in the log file.
            LoggerFactory.getLogger(Main.class).error("error: cannot open the window: {}", e.getMessage(), e);
            return 1;
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
