package org.peerwave.engine.testing.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peerwave.engine.testing.ExternalTool;

/** aria2 (Debian aria2 1.36). It has no option to dial a peer: it finds peers through a tracker. */
public final class Aria2Peer implements TestPeer {

    private static final Pattern PERCENT = Pattern.compile("\\((\\d+)%\\)");

    private final ManagedProcess process;
    private final InetSocketAddress address;
    private final boolean seeding;

    private Aria2Peer(ManagedProcess process, InetSocketAddress address, boolean seeding) {
        this.process = process;
        this.address = address;
        this.seeding = seeding;
    }

    /** Downloads into {@code saveDir}, then exits. */
    public static Aria2Peer leech(Path torrent, Path saveDir, String ip, Path workDir) throws IOException {
        return leech(torrent, saveDir, ip, workDir, new String[0]);
    }

    /** As {@link #leech(Path, Path, String, Path)} with more aria2 options (e.g. {@code --log=FILE}). */
    public static Aria2Peer leech(Path torrent, Path saveDir, String ip, Path workDir, String... options)
            throws IOException {
        List<String> extra = new ArrayList<>(List.of("--seed-time=0"));
        extra.addAll(List.of(options));
        return start("aria2-leech", torrent, saveDir, ip, workDir, extra, false);
    }

    /** Downloads into {@code saveDir}, then exits; {@code options} are more aria2 options (they win over ours). */
    public static Aria2Peer leech(Path torrent, Path saveDir, String ip, Path workDir, List<String> options)
            throws IOException {
        List<String> extra = new ArrayList<>(List.of("--seed-time=0"));
        extra.addAll(options);
        return start("aria2-leech", torrent, saveDir, ip, workDir, extra, false);
    }

    /**
     * Options that let aria2 announce to UDP trackers: it sends them through its DHT socket and
     * ignores {@code udp://} trackers while DHT is off. The DHT has no entry point and its routing
     * table is kept in {@code workDir}, so it reaches nobody.
     */
    public static List<String> udpTrackerOptions(String ip, Path workDir) throws IOException {
        return List.of("--enable-dht=true", "--dht-listen-port=" + Net.freeUdpPort(ip),
                "--dht-file-path=" + workDir.resolve("dht.dat"));
    }

    /** Checks the data under {@code dataParent}, then seeds until closed. */
    public static Aria2Peer seed(Path torrent, Path dataParent, String ip, Path workDir) throws IOException {
        return start("aria2-seed", torrent, dataParent, ip, workDir,
                List.of("--seed-ratio=0.0", "--check-integrity=true"), true);
    }

    private static Aria2Peer start(String name, Path torrent, Path dir, String ip, Path workDir, List<String> extra,
                                   boolean seeding) throws IOException {
        ExternalTool.require("/usr/bin/aria2c", "aria2");
        int port = Net.freePort(ip);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/aria2c", "--enable-dht=false", "--enable-dht6=false",
                "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--file-allocation=none",
                "--listen-port=" + port, "--interface=" + ip, "--summary-interval=1", "--console-log-level=info",
                "--bt-stop-timeout=0", "--follow-torrent=false", "-d", dir.toString()));
        cmd.addAll(extra);
        cmd.add(torrent.toString());
        return new Aria2Peer(new ManagedProcess(name, cmd, workDir, Map.of()), new InetSocketAddress(ip, port), seeding);
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public InetSocketAddress peerAddress() {
        return address;
    }

    @Override
    public double progress() {
        if (!seeding && !process.isAlive()) {
            try {
                return process.awaitExit(java.time.Duration.ofSeconds(1)) == 0 ? 1.0 : 0.0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        List<String> lines = process.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = PERCENT.matcher(lines.get(i));
            if (m.find()) {
                // aria2 prints 100% only when done; keep below 1 while it still runs
                return Math.min(0.999, Integer.parseInt(m.group(1)) / 100.0);
            }
        }
        return 0;
    }

    @Override
    public String diagnostics() {
        // leave out the progress summaries aria2 prints every second
        List<String> lines = process.lines().stream().filter(l -> !l.isBlank() && !l.startsWith("[#")
                && !l.startsWith(" ***") && !l.startsWith("===") && !l.startsWith("---") && !l.startsWith("FILE:"))
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        process.close();
    }
}
