package org.peerwave.engine.testing.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peerwave.engine.testing.ExternalTool;

/**
 * Transmission 3.00 (Debian transmission-daemon), driven with transmission-remote.
 *
 * <p>Transmission 3.00 never dials a peer whose IPv4 address starts with 0, 127 or 224-255
 * ({@code isMartianAddr} in its libtransmission/net.c): on loopback it only takes incoming
 * connections, so the other side must connect to it.
 */
public final class TransmissionPeer implements TestPeer {

    private static final Pattern PERCENT = Pattern.compile("Percent Done:\\s*([0-9.]+)%");

    private final ManagedProcess process;
    private final String rpc;
    private final InetSocketAddress address;
    private final Path workDir;

    private TransmissionPeer(ManagedProcess process, String rpc, InetSocketAddress address, Path workDir) {
        this.process = process;
        this.rpc = rpc;
        this.address = address;
        this.workDir = workDir;
    }

    /** Starts transmission-daemon with its own config folder; its peer port listens on {@code ip}. */
    public static TransmissionPeer start(String ip, Path workDir, Path downloadDir) throws IOException, InterruptedException {
        ExternalTool.require("/usr/bin/transmission-daemon", "transmission-daemon");
        ExternalTool.require("/usr/bin/transmission-remote", "transmission-cli");
        Path config = Files.createDirectories(workDir.resolve("config"));
        int rpcPort = Net.freePort("127.0.0.1");
        int peerPort = Net.freePort(ip);
        Files.writeString(config.resolve("settings.json"), """
                {
                  "bind-address-ipv4": "%s",
                  "peer-port": %d,
                  "peer-port-random-on-start": false,
                  "port-forwarding-enabled": false,
                  "dht-enabled": false,
                  "lpd-enabled": false,
                  "pex-enabled": false,
                  "utp-enabled": false,
                  "blocklist-enabled": false,
                  "encryption": 1,
                  "download-dir": "%s",
                  "incomplete-dir-enabled": false,
                  "rpc-enabled": true,
                  "rpc-bind-address": "127.0.0.1",
                  "rpc-port": %d,
                  "rpc-authentication-required": false,
                  "rpc-whitelist-enabled": false,
                  "rpc-host-whitelist-enabled": false,
                  "message-level": 2,
                  "ratio-limit-enabled": false,
                  "idle-seeding-limit-enabled": false
                }
                """.formatted(ip, peerPort, downloadDir, rpcPort));
        ManagedProcess p = new ManagedProcess("transmission", List.of("/usr/bin/transmission-daemon", "-f",
                "-g", config.toString()), workDir, Map.of());
        Net.awaitTcp("127.0.0.1", rpcPort, Duration.ofSeconds(20));
        return new TransmissionPeer(p, "127.0.0.1:" + rpcPort, new InetSocketAddress(ip, peerPort), workDir);
    }

    private String remote(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/transmission-remote", rpc));
        cmd.addAll(List.of(args));
        return ExternalTool.run(Duration.ofSeconds(20), cmd);
    }

    /** Adds a torrent to download into (or seed from, after its check) {@code dir}. */
    public void add(Path torrent, Path dir) throws IOException, InterruptedException {
        String out = remote("-a", torrent.toString(), "-w", dir.toString());
        if (!out.contains("success")) {
            throw new AssertionError("transmission-remote -a: " + out);
        }
    }

    @Override
    public String name() {
        return "transmission";
    }

    @Override
    public InetSocketAddress peerAddress() {
        return address;
    }

    @Override
    public double progress() throws IOException, InterruptedException {
        Matcher m = PERCENT.matcher(remote("-t", "all", "-i"));
        return m.find() ? Double.parseDouble(m.group(1)) / 100.0 : 0;
    }

    @Override
    public String diagnostics() {
        try {
            return remote("-t", "all", "-i") + "\n" + remote("-t", "all", "-pi") + "\n" + process.tail();
        } catch (IOException | InterruptedException | AssertionError e) {
            return process.tail();
        }
    }

    /** What its trackers said (transmission-remote -it), e.g. "Got a list of 1 peers". */
    public String trackerInfo() throws IOException, InterruptedException {
        return remote("-t", "all", "-it");
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        process.close();
    }
}
