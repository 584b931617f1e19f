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

/** libtorrent 2.0 (Debian python3-libtorrent) through tools/lt_test_peer.py. */
public final class LibtorrentPeer implements TestPeer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManagedProcess process;
    private final InetSocketAddress address;
    private final boolean seedMode;
    private volatile JsonNode status;
    private volatile boolean finished;

    private LibtorrentPeer(ManagedProcess process, boolean seedMode) throws InterruptedException {
        this.process = process;
        this.seedMode = seedMode;
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
            JsonNode n = JSON.readTree(listening);
            this.address = new InetSocketAddress(n.get("ip").asText(), n.get("port").asInt());
        } catch (IOException e) {
            throw new AssertionError("bad output from lt_test_peer.py: " + listening, e);
        }
    }

    /** Seeds the data under {@code saveDir} (the folder that holds the torrent's top-level name), trusting it. */
    public static LibtorrentPeer seed(Path torrent, Path saveDir, String ip, Path workDir, String... extra)
            throws IOException, InterruptedException {
        return start("libtorrent-seed", torrent, saveDir, ip, workDir, true, List.of(extra));
    }

    /** Downloads into {@code saveDir}, connecting to the given peers (host:port) besides any tracker. */
    public static LibtorrentPeer leech(Path torrent, Path saveDir, String ip, Path workDir, List<String> connect)
            throws IOException, InterruptedException {
        return leech(torrent, saveDir, ip, workDir, connect, new String[0]);
    }

    /**
     * As {@link #leech(Path, Path, String, Path, List)} with more script options, e.g.
     * {@code --no-encryption} (libtorrent dials with MSE by default; Peerwave speaks plain text).
     */
    public static LibtorrentPeer leech(Path torrent, Path saveDir, String ip, Path workDir, List<String> connect,
                                       String... options) throws IOException, InterruptedException {
        List<String> extra = new ArrayList<>(List.of(options));
        for (String c : connect) {
            extra.add("--connect");
            extra.add(c);
        }
        return start("libtorrent-leech", torrent, saveDir, ip, workDir, false, extra);
    }

    private static LibtorrentPeer start(String name, Path torrent, Path saveDir, String ip, Path workDir, boolean seed,
                                        List<String> extra) throws IOException, InterruptedException {
        ExternalTool.require("/usr/bin/python3", "python3-libtorrent");
        Files.createDirectories(workDir);
        Path script = workDir.resolve("lt_test_peer.py");
        if (!Files.exists(script)) {
            ExternalTool.resource("tools/lt_test_peer.py", workDir);
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--torrent", torrent.toString(),
                "--save", saveDir.toString(), "--listen", ip + ":0"));
        if (seed) {
            cmd.add("--seed");
        }
        cmd.addAll(extra);
        return new LibtorrentPeer(new ManagedProcess(name, cmd, workDir, Map.of()), seed);
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public InetSocketAddress peerAddress() {
        return address;
    }

    /**
     * libtorrent's progress; a leecher reaches 1.0 only once it said "finished", i.e. its files hold
     * every piece (libtorrent 2.0 counts a piece when its hash passes, possibly before its write).
     */
    @Override
    public double progress() {
        JsonNode s = status;
        double p = s == null ? 0 : s.get("progress").asDouble();
        return seedMode || finished ? p : Math.min(p, 0.9999);
    }

    /** Payload bytes uploaded so far, as libtorrent counts them. */
    public long uploaded() {
        JsonNode s = status;
        return s == null ? 0 : s.get("totalUpload").asLong();
    }

    /** A connected peer as libtorrent lists it (with {@code --report-peers}). */
    public record ConnectedPeer(InetSocketAddress address, int source, boolean outgoing) {
        /** libtorrent's peer_info.pex source bit. */
        public static final int SOURCE_PEX = 4;
        /** libtorrent's peer_info.lsd source bit. */
        public static final int SOURCE_LSD = 8;

        public boolean fromPex() {
            return (source & SOURCE_PEX) != 0;
        }

        public boolean fromLsd() {
            return (source & SOURCE_LSD) != 0;
        }
    }

    /** The connected peers of the last status line (empty unless started with {@code --report-peers}). */
    public List<ConnectedPeer> connectedPeers() {
        JsonNode s = status;
        List<ConnectedPeer> out = new ArrayList<>();
        if (s != null && s.has("peerList")) {
            for (JsonNode p : s.get("peerList")) {
                out.add(new ConnectedPeer(new InetSocketAddress(p.get(0).asText(), p.get(1).asInt()),
                        p.get(2).asInt(), p.get(3).asBoolean()));
            }
        }
        return out;
    }

    @Override
    public String diagnostics() {
        return process.tail();
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
