package org.peerwave.engine.testing.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.peerwave.engine.testing.ExternalTool;

/**
 * Debian's opentracker on 127.0.0.1 (HTTP and UDP on one port). Its Debian build serves only the
 * info hashes in its whitelist.
 */
public final class OpenTracker implements AutoCloseable {

    private final ManagedProcess process;
    private final int port;

    private final Path shared;

    private OpenTracker(ManagedProcess process, int port, Path shared) {
        this.process = process;
        this.port = port;
        this.shared = shared;
    }

    /** Starts a tracker that serves the given info hashes (40 hex digits each: v1 or truncated v2). */
    public static OpenTracker start(Path workDir, List<String> whitelistHex) throws IOException, InterruptedException {
        return start(workDir, whitelistHex, Net.freePort("127.0.0.1"));
    }

    /**
     * As {@link #start(Path, List)} on a given port: a torrent's info hash covers its announce URL,
     * so a test that puts this tracker in its torrent picks the port first.
     */
    public static OpenTracker start(Path workDir, List<String> whitelistHex, int port)
            throws IOException, InterruptedException {
        ExternalTool.require("/usr/bin/opentracker", "opentracker");
        Files.createDirectories(workDir);
        // opentracker drops root for "nobody" before it reads the whitelist, and test folders are
        // private (0700): keep the whitelist in a folder anyone may read
        Path shared = Files.createTempDirectory("opentracker");
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path whitelist = shared.resolve("whitelist");
        Files.write(whitelist, whitelistHex);
        Files.setPosixFilePermissions(whitelist, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path config = workDir.resolve("opentracker.conf");
        Files.writeString(config, "listen.tcp_udp 127.0.0.1:" + port + "\naccess.whitelist " + whitelist + "\n");
        ManagedProcess p = new ManagedProcess("opentracker", List.of("/usr/bin/opentracker", "-f", config.toString()),
                workDir, Map.of());
        Net.awaitTcp("127.0.0.1", port, Duration.ofSeconds(10));
        OpenTracker t = new OpenTracker(p, port, shared);
        if (!whitelistHex.isEmpty()) {
            t.awaitWhitelist(whitelistHex.getFirst());
        }
        return t;
    }

    /** opentracker loads its whitelist in the background: wait until it serves the first hash. */
    private void awaitWhitelist(String hex) throws IOException, InterruptedException {
        StringBuilder hash = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            hash.append('%').append(hex, i, i + 2);
        }
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String url = httpAnnounceUrl() + "?info_hash=" + hash + "&peer_id=-XX0000-readinessprb&port=1&uploaded=0"
                + "&downloaded=0&left=0&compact=1";
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String body = "";
        while (System.nanoTime() < end) {
            body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1)).body();
            if (!body.contains("not authorized")) {
                // take the probe's peer out again
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "&event=stopped")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("opentracker does not serve " + hex + ": " + body);
    }

    public String httpAnnounceUrl() {
        return "http://127.0.0.1:" + port + "/announce";
    }

    public String udpAnnounceUrl() {
        return "udp://127.0.0.1:" + port + "/announce";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.close();
        try {
            Files.deleteIfExists(shared.resolve("whitelist"));
            Files.deleteIfExists(shared);
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
