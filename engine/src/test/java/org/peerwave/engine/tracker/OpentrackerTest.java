package org.peerwave.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.tracker.HttpTrackerClientTest.failure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.testing.ExternalTool;

/**
 * Our clients against Debian's {@code opentracker} on 127.0.0.1, HTTP and UDP. Its Debian build
 * serves only whitelisted info hashes; it chroots into {@code tracker.rootdir}, so the whitelist
 * path in the config is relative to that directory.
 */
class OpentrackerTest extends RealTrackerContract {

    static int port;

    @BeforeAll
    static void startTracker(@TempDir Path dir) throws Exception {
        ExternalTool.require("/usr/bin/opentracker", "opentracker");
        StringBuilder whitelist = new StringBuilder();
        for (String name : HASH_NAMES) {
            whitelist.append(HexFormat.of().formatHex(hash(name))).append('\n');
        }
        Files.writeString(dir.resolve("whitelist.txt"), whitelist);
        port = freePort();
        Files.writeString(dir.resolve("opentracker.conf"), "listen.tcp_udp 127.0.0.1:" + port + "\n"
                + "access.whitelist /whitelist.txt\n"
                + "tracker.rootdir " + dir.toAbsolutePath() + "\n");
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        dir.resolve("whitelist.txt").toFile().setReadable(true, false);
        Process p = startProcess(List.of("/usr/bin/opentracker", "-f", dir.resolve("opentracker.conf").toString()),
                dir);
        awaitReady(p, port, dir, Duration.ofSeconds(20));
    }

    @Override
    int port() {
        return port;
    }

    @Override
    boolean supportsNonCompact() {
        return false;
    }

    @Test
    void aHashNotOnTheWhitelistFailsClearlyOverHttpAndUdp() {
        TrackerException overHttp = failure(clients.announce(http(),
                announce("not-whitelisted", 'X', 7501, 10, AnnounceEvent.STARTED)));
        assertThat(overHttp.kind()).isEqualTo(TrackerException.Kind.FAILURE_REASON);
        assertThat(overHttp.getMessage())
                .isEqualTo("tracker failure: Requested download is not authorized for use with this tracker.");
        // over UDP opentracker sends no error action, just an 8-byte announce header
        TrackerException overUdp = failure(clients.announce(udp(),
                announce("not-whitelisted", 'X', 7501, 10, AnnounceEvent.STARTED)));
        assertThat(overUdp.kind()).isEqualTo(TrackerException.Kind.FAILURE_REASON);
        assertThat(overUdp.getMessage()).isEqualTo("tracker refused the announce: empty UDP announce answer "
                + "(the torrent is not served by this tracker)");
    }
}
