package org.peerwave.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback for the two ways Peerwave runs.
 *
 * <ul>
 *   <li>CLI: stdout belongs to the command's output, so logs go to stderr, and only with
 *       {@code --verbose} (otherwise an error is the one line the command prints).</li>
 *   <li>GUI: one log file per run in the data directory ({@code logs/peerwave-<time>.log}),
 *       keeping the newest {@value #KEEP_LOG_FILES}; warnings are also shown on stderr.</li>
 * </ul>
 */
final class Logging {

    static final int KEEP_LOG_FILES = 10;

    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";
    /** In the GUI, stderr gets one line per problem; the stack trace is in the log file. */
    private static final String BRIEF_CONSOLE_PATTERN = "peerwave: %msg%n%nopex";
    private static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n";

    private Logging() {
    }

    /** Logs to stderr at DEBUG when verbose; otherwise logs nothing. */
    static void configureCli(boolean verbose) {
        LoggerContext ctx = context();
        if (ctx == null) {
            return;
        }
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        if (verbose) {
            root.setLevel(Level.DEBUG);
            root.addAppender(stderr(ctx, CONSOLE_PATTERN));
        } else {
            root.setLevel(Level.OFF);
        }
    }

    /** One file per run under {@code logs}, INFO and above; WARN and above also on stderr. */
    static void configureGui(Path logDir) {
        LoggerContext ctx = context();
        if (ctx == null) {
            return;
        }
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        Appender<ILoggingEvent> console = stderr(ctx, BRIEF_CONSOLE_PATTERN);
        ThresholdFilter warnings = new ThresholdFilter();
        warnings.setLevel(Level.WARN.levelStr);
        warnings.start();
        console.addFilter(warnings);
        root.addAppender(console);
        try {
            Files.createDirectories(logDir);
            deleteOldLogs(logDir, KEEP_LOG_FILES - 1);
            String name = "peerwave-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log";
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setContext(ctx);
            file.setName("file");
            file.setFile(logDir.resolve(name).toString());
            file.setAppend(true);
            file.setEncoder(encoder(ctx, FILE_PATTERN));
            file.start();
            root.addAppender(file);
        } catch (IOException | RuntimeException e) {
            root.warn("cannot write a log file in {}: {}", logDir, e.toString());
        }
    }

    private static void deleteOldLogs(Path logDir, int keep) throws IOException {
        List<Path> logs;
        try (Stream<Path> s = Files.list(logDir)) {
            logs = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("peerwave-") && n.endsWith(".log");
            }).sorted().toList();
        }
        // Names sort by time; delete all but the newest `keep`.
        for (int i = 0; i < logs.size() - keep; i++) {
            Files.deleteIfExists(logs.get(i));
        }
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext ctx, String pattern) {
        ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
        a.setContext(ctx);
        a.setName("stderr");
        a.setTarget("System.err");
        a.setEncoder(encoder(ctx, pattern));
        a.start();
        return a;
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setPattern(pattern);
        e.start();
        return e;
    }

    private static LoggerContext context() {
        // Null when another SLF4J binding is on the classpath; then that binding's config applies.
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx ? ctx : null;
    }
}
