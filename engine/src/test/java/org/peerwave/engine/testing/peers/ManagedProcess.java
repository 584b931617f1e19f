package org.peerwave.engine.testing.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An external program a test runs (a real BitTorrent client, a tracker). Its output goes to a log
 * file (shown when a wait fails) and to line listeners; closing it ends it, forcibly if need be.
 */
public class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public ManagedProcess(String name, List<String> command, Path workDir, Map<String, String> env) throws IOException {
        this.name = name;
        Files.createDirectories(workDir);
        this.log = workDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().putAll(env);
        this.process = pb.start();
        Thread reader = new Thread(this::drain, "out-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void drain() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                for (Consumer<String> l : listeners) {
                    l.accept(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public void sendLine(String line) {
        PrintWriter w = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        w.println(line);
    }

    public void onLine(Consumer<String> listener) {
        listeners.add(listener);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The last lines of output, for failure messages. */
    public String tail() {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    }

    /** Waits until a line matches, failing with the output tail after the time-out or if the process dies. */
    public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < end) {
            List<String> all = lines();
            for (int i = seen; i < all.size(); i++) {
                if (match.test(all.get(i))) {
                    return all.get(i);
                }
            }
            seen = all.size();
            if (!process.isAlive() && lines().size() == seen) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before the expected output:\n" + tail());
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + ": no expected output within " + timeout + ":\n" + tail());
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** Ends the process: politely first, then by force. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
