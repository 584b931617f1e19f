package org.peerwave.engine.testing.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The npm {@code bittorrent-tracker} (version 9, the WebTorrent reference tracker) on 127.0.0.1,
 * HTTP only. Install it with {@code npm ci --prefix engine/src/test/node};
 * {@code -Dpeerwave.bittorrentTracker=DIR} points at another {@code node_modules/bittorrent-tracker}.
 */
public final class NpmTracker implements AutoCloseable {

    private final ManagedProcess process;
    private final int port;

    private NpmTracker(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NpmTracker startHttp(Path workDir) throws IOException, InterruptedException {
        Path node = Path.of("/usr/bin/node");
        if (!Files.isExecutable(node)) {
            throw new AssertionError("/usr/bin/node is missing: install the Debian packages nodejs and npm, then run "
                    + "npm ci --prefix engine/src/test/node");
        }
        Path module = Path.of(System.getProperty("peerwave.bittorrentTracker",
                "src/test/node/node_modules/bittorrent-tracker")).toAbsolutePath();
        Path cli = module.resolve("bin/cmd.js");
        if (!Files.isRegularFile(cli)) {
            throw new AssertionError("npm bittorrent-tracker is missing at " + module + ": run "
                    + "npm ci --prefix engine/src/test/node (needs the Debian packages nodejs and npm)");
        }
        int port = Net.freePort("127.0.0.1");
        ManagedProcess p = new ManagedProcess("bittorrent-tracker", List.of(node.toString(), cli.toString(), "--http",
                "-p", String.valueOf(port), "--http-hostname", "127.0.0.1"), workDir, Map.of());
        try {
            Net.awaitTcp("127.0.0.1", port, Duration.ofSeconds(20));
        } catch (AssertionError e) {
            p.close();
            throw new AssertionError(e.getMessage() + "\n" + p.tail(), e);
        }
        return new NpmTracker(p, port);
    }

    public String httpAnnounceUrl() {
        return "http://127.0.0.1:" + port + "/announce";
    }

    @Override
    public void close() {
        process.close();
    }
}
