package org.peerwave.engine.testing.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peerwave.engine.testing.ExternalTool;

/**
 * A small DHT of libtorrent 2.0 sessions (tools/lt_dht.py), one per loopback address, bootstrapped
 * off each other; the first may seed a torrent and the last download a tracker-less magnet, both
 * announced only through the DHT.
 */
public final class LibtorrentDht implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManagedProcess process;
    private final List<InetSocketAddress> nodes = new ArrayList<>();
    private volatile JsonNode status;
    private volatile boolean finished;

    private LibtorrentDht(ManagedProcess process) throws InterruptedException {
        this.process = process;
        process.onLine(line -> {
            if (line.startsWith("{\"event\": \"finished\"")) {
                finished = true;
            } else if (line.startsWith("{\"event\": \"status\"")) {
                try {
                    status = JSON.readTree(line);
                } catch (IOException e) {
                    // partial line; the next one will do
                }
            }
        });
        String listening = process.awaitLine(l -> l.contains("\"listening\""), Duration.ofSeconds(30));
        try {
            for (JsonNode n : JSON.readTree(listening).get("nodes")) {
                nodes.add(new InetSocketAddress(n.get(0).asText(), n.get(1).asInt()));
            }
        } catch (IOException e) {
            throw new AssertionError("bad output from lt_dht.py: " + listening, e);
        }
    }

    /**
     * Starts one session per address of {@code ips}, each bootstrapped off the others and off
     * {@code bootstrap}; {@code options} are further lt_dht.py options (--seed, --magnet, ...).
     */
    public static LibtorrentDht start(List<String> ips, List<InetSocketAddress> bootstrap, Path workDir,
                                      String... options) throws IOException, InterruptedException {
        ExternalTool.require("/usr/bin/python3", "python3-libtorrent");
        Files.createDirectories(workDir);
        Path script = workDir.resolve("lt_dht.py");
        if (!Files.exists(script)) {
            ExternalTool.resource("tools/lt_dht.py", workDir);
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        for (String ip : ips) {
            cmd.add("--node");
            cmd.add(ip);
        }
        for (InetSocketAddress b : bootstrap) {
            cmd.add("--bootstrap");
            cmd.add(b.getAddress().getHostAddress() + ":" + b.getPort());
        }
        cmd.addAll(List.of(options));
        return new LibtorrentDht(new ManagedProcess("libtorrent-dht", cmd, workDir, Map.of()));
    }

    /** The sessions' addresses (TCP peer port = UDP DHT port), in the order of the ips. */
    public List<InetSocketAddress> nodes() {
        return List.copyOf(nodes);
    }

    /** The magnet download's progress (1.0 only once its files hold every piece). */
    public double leechProgress() {
        JsonNode s = status;
        if (s == null || s.get("leech") == null) {
            return 0;
        }
        double p = s.get("leech").get("progress").asDouble();
        return finished ? p : Math.min(p, 0.9999);
    }

    public boolean finished() {
        return finished;
    }

    /** The peers the magnet download is connected to ("ip:port"). */
    public List<String> leechPeers() {
        JsonNode s = status;
        List<String> out = new ArrayList<>();
        if (s != null && s.get("leech") != null) {
            s.get("leech").get("peerList").forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** DHT routing table sizes of the sessions. */
    public List<Integer> dhtNodeCounts() {
        JsonNode s = status;
        List<Integer> out = new ArrayList<>();
        if (s != null) {
            s.get("dhtNodes").forEach(n -> out.add(n.asInt()));
        }
        return out;
    }

    public String diagnostics() {
        return process.tail();
    }

    @Override
    public void close() {
        process.close();
    }
}
