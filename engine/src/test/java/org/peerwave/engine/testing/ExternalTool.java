package org.peerwave.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real external program (libtorrent's Python bindings, mktorrent, ...) with a hard time-out. */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** Output of a finished program. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs the command and fails when it does not exit 0 within the time-out. */
    public static String run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Result r = runAllowingFailure(timeout, command);
        if (r.exitCode() != 0) {
            throw new AssertionError("command failed with exit code " + r.exitCode() + ": " + command
                    + "\nstdout: " + r.stdout() + "\nstderr: " + r.stderr());
        }
        return r.stdout();
    }

    public static Result runAllowingFailure(Duration timeout, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("peerwave-tool", ".out");
        Path err = Files.createTempFile("peerwave-tool", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().put("LC_ALL", "C.UTF-8");
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("command timed out after " + timeout + ": " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Fails with a message naming the Debian package when a program is missing. */
    public static void require(String program, String debianPackage) {
        if (!Files.isExecutable(Path.of(program))) {
            throw new AssertionError(program + " is missing: install the Debian package " + debianPackage
                    + " (bash .ci/run installs everything the tests need)");
        }
    }

    /** Copies a test resource to a temporary file and returns its path. */
    public static Path resource(String name, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(name).getFileName().toString());
        try (var in = ExternalTool.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            Files.copy(in, target);
        }
        return target;
    }
}
