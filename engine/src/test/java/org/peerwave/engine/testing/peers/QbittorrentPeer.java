package org.peerwave.engine.testing.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.peerwave.engine.testing.ExternalTool;

/** qBittorrent (Debian qbittorrent-nox 4.5, libtorrent inside) driven through its Web API. */
public final class QbittorrentPeer implements TestPeer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManagedProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private final InetSocketAddress address;
    private String hash;

    private QbittorrentPeer(ManagedProcess process, int webPort, InetSocketAddress address) {
        this.process = process;
        this.api = "http://127.0.0.1:" + webPort + "/api/v2/";
        this.address = address;
    }

    /** Starts qbittorrent-nox with a fresh profile; its peer port listens on {@code ip}. */
    public static QbittorrentPeer start(String ip, Path workDir) throws IOException, InterruptedException {
        ExternalTool.require("/usr/bin/qbittorrent-nox", "qbittorrent-nox");
        Path profile = workDir.resolve("profile");
        Path config = Files.createDirectories(profile.resolve("qBittorrent/config"));
        int webPort = Net.freePort("127.0.0.1");
        int peerPort = Net.freePort(ip);
        Files.writeString(config.resolve("qBittorrent.conf"), String.join("\n",
                "[LegalNotice]", "Accepted=true",
                "[BitTorrent]",
                "Session\\Port=" + peerPort,
                "Session\\InterfaceAddress=" + ip,
                "Session\\DHTEnabled=false", "Session\\PeXEnabled=false", "Session\\LSDEnabled=false",
                "Session\\AnonymousModeEnabled=false",
                "[Preferences]",
                "WebUI\\Port=" + webPort, "WebUI\\Address=127.0.0.1", "WebUI\\LocalHostAuth=false",
                "WebUI\\CSRFProtection=false", "WebUI\\HostHeaderValidation=false",
                "Connection\\PortRangeMin=" + peerPort, "Connection\\UPnP=false",
                "Bittorrent\\DHT=false", "Bittorrent\\PeX=false", "Bittorrent\\LSD=false", ""));
        ManagedProcess p = new ManagedProcess("qbittorrent", List.of("/usr/bin/qbittorrent-nox",
                "--profile=" + profile), workDir, Map.of("HOME", workDir.toString()));
        QbittorrentPeer q = new QbittorrentPeer(p, webPort, new InetSocketAddress(ip, peerPort));
        Net.awaitTcp("127.0.0.1", webPort, Duration.ofSeconds(30));
        return q;
    }

    /** Adds a torrent: to seed existing data under {@code saveDir} (skip the check) or to download into it. */
    public void add(Path torrent, Path saveDir, boolean seedExisting, String infoHashV1orTruncated) throws Exception {
        String boundary = "----peerwave" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "savepath", saveDir.toString());
        part(body, boundary, "skip_checking", Boolean.toString(seedExisting));
        part(body, boundary, "paused", "false");
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"torrents\"; filename=\"t.torrent\"\r\n"
                + "Content-Type: application/x-bittorrent\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(torrent));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "torrents/add"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("Ok")) {
            throw new AssertionError("qBittorrent refused the torrent: " + r.statusCode() + " " + r.body());
        }
        this.hash = infoHashV1orTruncated;
    }

    /** Asks qBittorrent to connect to a peer (Web API addPeers). */
    public void addPeer(String hostPort) throws Exception {
        post("torrents/addPeers", "hashes=" + hash + "&peers=" + URLEncoder.encode(hostPort, StandardCharsets.UTF_8));
    }

    private void post(String path, String form) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("qBittorrent " + path + ": " + r.statusCode() + " " + r.body());
        }
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String value) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The torrent's entry from /torrents/info, or null before it appears. */
    public JsonNode info() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "torrents/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode t : JSON.readTree(r.body())) {
            if (hash == null || hash.equalsIgnoreCase(t.path("hash").asText())
                    || hash.equalsIgnoreCase(t.path("infohash_v1").asText())) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "qbittorrent";
    }

    @Override
    public InetSocketAddress peerAddress() {
        return address;
    }

    @Override
    public double progress() throws Exception {
        JsonNode t = info();
        return t == null ? 0 : t.path("progress").asDouble();
    }

    @Override
    public String diagnostics() {
        try {
            return "torrent: " + info() + "\n" + process.tail();
        } catch (Exception e) {
            return process.tail();
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
