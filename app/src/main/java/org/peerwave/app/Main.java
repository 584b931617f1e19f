package org.peerwave.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import javafx.application.Application;
import org.peerwave.app.cli.Cli;
import org.slf4j.LoggerFactory;

/**
 * Entry point. With no arguments and a display, opens the window; otherwise runs the command line
 * (with no arguments and no display, that prints the help).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 && hasDisplay(System.getProperty("os.name", ""), System.getenv())) {
            System.exit(runGui());
        }
        // CLI output is UTF-8 whatever the locale says: JSON must be, and terminals are.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err));
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

    private static int runGui() {
        Logging.configureGui(AppDirs.current().logs());
        try {
            Application.launch(PeerwaveApp.class);
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
