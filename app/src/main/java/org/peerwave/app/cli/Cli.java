package org.peerwave.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.function.Consumer;
import org.peerwave.app.AppInfo;
import org.peerwave.engine.metainfo.MetainfoException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Runs the {@code peerwave} command line. Exit status: 0 on success, 1 when the command fails,
 * 2 for a usage error. A failure prints one line, {@code peerwave: error: <message>}, on stderr;
 * the stack trace follows only with {@code --verbose}.
 */
public final class Cli {

    /** Exit status of a command that failed. */
    public static final int EXIT_FAILURE = 1;
    /** Exit status of a command line that could not be parsed (picocli's default). */
    public static final int EXIT_USAGE = 2;

    private static final String ERROR_PREFIX = AppInfo.COMMAND + ": error: ";

    private Cli() {
    }

    /**
     * Parses and runs {@code args}, writing to {@code out} and {@code err}, and returns the exit
     * status. {@code onVerbose} is told, after parsing and before the command runs, whether
     * {@code --verbose} was given (the caller sets up logging with it).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Consumer<Boolean> onVerbose) {
        CommandLine cli = new CommandLine(new PeerwaveCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionStrategy(parseResult -> {
            onVerbose.accept(isVerbose(parseResult));
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setParameterExceptionHandler((ex, badArgs) -> {
            CommandLine cmd = ex.getCommandLine();
            String help = cmd.getCommandSpec().qualifiedName() + " --help";
            cmd.getErr().println(ERROR_PREFIX + usageMessage(ex) + " (see '" + help + "')");
            cmd.getErr().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println(ERROR_PREFIX + message(ex));
            if (isVerbose(parseResult)) {
                ex.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return EXIT_FAILURE;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    private static boolean isVerbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Picocli's message in the same voice as ours: no "Error: ", lower case, a suggestion if any. */
    static String usageMessage(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && u.getCommandLine().getParent() == null && !u.getCommandLine().getSubcommands().isEmpty()
                && !u.getUnmatched().getFirst().startsWith("-")) {
            String unknown = u.getUnmatched().getFirst();
            List<String> suggestions = u.getSuggestions();
            return "unknown command '" + unknown + "'"
                    + (suggestions.isEmpty() ? "" : " (did you mean '" + suggestions.getFirst() + "'?)");
        }
        String msg = oneLine(ex.getMessage());
        if (msg.startsWith("Error: ")) {
            msg = msg.substring("Error: ".length());
        }
        return msg.isEmpty() ? msg : Character.toLowerCase(msg.charAt(0)) + msg.substring(1);
    }

    /** One line that says what went wrong, without the exception's class where it is expected. */
    static String message(Throwable ex) {
        String msg = switch (ex) {
            case CliException e -> e.getMessage();
            case MetainfoException e -> "not a valid torrent: " + e.getMessage();
            case NoSuchFileException e -> "no such file: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case FileAlreadyExistsException e -> "already exists: " + e.getFile();
            case UncheckedIOException e -> message(e.getCause());
            case IOException e -> e.getMessage() != null ? e.getMessage() : e.toString();
            default -> "unexpected " + ex + " (run with --verbose for details)";
        };
        return oneLine(msg == null ? ex.toString() : msg);
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
