package org.peerwave.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our clients against the npm {@code bittorrent-tracker} (version 9, the WebTorrent reference
 * tracker) on 127.0.0.1, HTTP and UDP. Install it with {@code npm ci --prefix engine/src/test/node};
 * {@code -Dpeerwave.bittorrentTracker=DIR} points at another {@code node_modules/bittorrent-tracker}.
 */
class NpmBittorrentTrackerTest extends RealTrackerContract {

    static int port;
    static Path node;
    static Path cli;
    static Path workDir;

    @BeforeAll
    static void startTracker(@TempDir Path dir) throws Exception {
        workDir = dir;
        node = Path.of("/usr/bin/node");
        if (!Files.isExecutable(node)) {
            throw new AssertionError("/usr/bin/node is missing: install the Debian packages nodejs and npm, then run "
                    + "npm ci --prefix engine/src/test/node");
        }
        Path module = Path.of(System.getProperty("peerwave.bittorrentTracker",
                "src/test/node/node_modules/bittorrent-tracker")).toAbsolutePath();
        cli = module.resolve("bin/cmd.js");
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

    /**
     * IPv6 end to end: a second tracker on [::1] (HTTP and UDP). Over HTTP a peer that announced
     * from ::1 comes back in {@code peers6}. Over UDP, bittorrent-tracker 9 puts IPv6 peers only in a
     * {@code peers6} field its UDP encoder ignores, so its IPv6 UDP answers carry no peers: there the
     * test checks the exchange itself (connect, announce, counts); the 18-byte UDP peer entries are
     * covered by {@link UdpTrackerClientTest} against a hand-written tracker on ::1.
     */
    @Test
    void ipv6OverHttpAndUdp() throws Exception {
        int port6 = freePort();
        Path dir = workDir.resolve("ipv6");
        Process p = startProcess(List.of(node.toString(), cli.toString(), "--http", "--udp", "-p",
                String.valueOf(port6), "--http-hostname", "::1", "--udp-hostname", "127.0.0.1",
                "--udp6-hostname", "::1"), dir);
        awaitReady(p, "::1", port6, dir, Duration.ofSeconds(20));
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("::1"), 7601);

        URI http6 = URI.create("http://[::1]:" + port6 + "/announce");
        clients.announce(http6, announce("ipv6-http", 'A', 7601, 0, AnnounceEvent.STARTED)).join();
        AnnounceResponse overHttp = clients.announce(http6, announce("ipv6-http", 'B', 7602, 10,
                AnnounceEvent.STARTED)).join();
        assertThat(overHttp.peers()).contains(a);

        URI udp6 = URI.create("udp://[::1]:" + port6);
        clients.announce(udp6, announce("ipv6-udp", 'A', 7601, 0, AnnounceEvent.STARTED)).join();
        AnnounceResponse overUdp = clients.announce(udp6, announce("ipv6-udp", 'B', 7602, 10,
                AnnounceEvent.STARTED)).join();
        assertThat(overUdp.complete()).isEqualTo(1);
        assertThat(overUdp.incomplete()).isEqualTo(1);
        assertThat(clients.scrape(udp6, List.of(hash("ipv6-udp"))).join().get(hash("ipv6-udp")))
                .contains(new ScrapeResponse.Stats(1, 1, 1));
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
