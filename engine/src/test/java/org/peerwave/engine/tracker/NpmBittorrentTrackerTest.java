package org.peerwave.engine.tracker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our clients against the npm {@code bittorrent-tracker} (version 9, the WebTorrent reference
 * tracker) on 127.0.0.1, HTTP and UDP. Install it with {@code npm ci --prefix engine/src/test/node};
 * {@code -Dpeerwave.bittorrentTracker=DIR} points at another {@code node_modules/bittorrent-tracker}.
 */
class NpmBittorrentTrackerTest extends RealTrackerContract {

    static int port;

    @BeforeAll
    static void startTracker(@TempDir Path dir) throws Exception {
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
        port = freePort();
        Process p = startProcess(List.of(node.toString(), cli.toString(), "--http", "--udp", "-p",
                String.valueOf(port), "--http-hostname", "127.0.0.1", "--udp-hostname", "127.0.0.1",
                "--udp6-hostname", "::1"), dir);
        awaitReady(p, port, dir, Duration.ofSeconds(20));
    }

    @Override
    int port() {
        return port;
    }

    @Override
    boolean supportsNonCompact() {
        return true;
    }
}
