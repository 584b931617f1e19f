package org.peerwave.engine.session;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A small HTTP tracker written for tests, on 127.0.0.1: it records every announce and answers with
 * the compact list of every peer that announced the torrent (including the asker), or with fixed
 * bytes when {@link #respondWith} says so. It exists to see exactly what the engine sends; the
 * swarm tests use real trackers.
 */
final class RecordingTracker implements AutoCloseable {

    /** One announce as received. */
    record Announce(String infoHashHex, String peerIdText, String ip, int port, String event, long left,
                    long uploaded, long downloaded, int numWant) {
    }

    private final HttpServer server;
    private final List<Announce> announces = new CopyOnWriteArrayList<>();
    /** info hash hex → "ip:port" → compact entry. */
    private final Map<String, Map<String, byte[]>> swarms = new LinkedHashMap<>();
    private final List<byte[]> extraPeers = new CopyOnWriteArrayList<>();
    private volatile byte[] fixedResponse;
    private volatile int interval = 60;
    private volatile String hangOn;
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    RecordingTracker() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/announce", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/announce";
    }

    /** Answers every announce with these bytes from now on (null: the normal answer). */
    RecordingTracker respondWith(String body) {
        fixedResponse = body == null ? null : body.getBytes(StandardCharsets.ISO_8859_1);
        return this;
    }

    /** Never answers announces with this event (until closed); they are still recorded. */
    RecordingTracker hangOn(String event) {
        hangOn = event;
        return this;
    }

    RecordingTracker interval(int seconds) {
        interval = seconds;
        return this;
    }

    /** Adds a peer to every answer (IPv4 only). */
    RecordingTracker addPeer(String ip, int port) throws IOException {
        extraPeers.add(compact(ip, port));
        return this;
    }

    List<Announce> announces() {
        return List.copyOf(announces);
    }

    List<Announce> announces(Predicate<Announce> filter) {
        return announces.stream().filter(filter).toList();
    }

    /** Waits until an announce matching {@code filter} arrived. */
    Announce await(Predicate<Announce> filter, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Announce a : announces) {
                if (filter.test(a)) {
                    return a;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no announce " + what + " within " + timeout + "; got " + announces);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Map<String, String> q = query(x.getRequestURI().getRawQuery());
            byte[] hash = unescape(q.getOrDefault("info_hash", ""));
            byte[] peerId = unescape(q.getOrDefault("peer_id", ""));
            String ip = x.getRemoteAddress().getAddress().getHostAddress();
            int port = Integer.parseInt(q.getOrDefault("port", "0"));
            String event = q.getOrDefault("event", "");
            String hex = HexFormat.of().formatHex(hash);
            announces.add(new Announce(hex, new String(peerId, StandardCharsets.ISO_8859_1), ip, port, event,
                    Long.parseLong(q.getOrDefault("left", "-1")), Long.parseLong(q.getOrDefault("uploaded", "-1")),
                    Long.parseLong(q.getOrDefault("downloaded", "-1")),
                    Integer.parseInt(q.getOrDefault("numwant", "-1"))));
            if (event.equals(hangOn)) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] body = fixedResponse;
            if (body == null) {
                ByteArrayOutputStream peers = new ByteArrayOutputStream();
                synchronized (swarms) {
                    Map<String, byte[]> swarm = swarms.computeIfAbsent(hex, k -> new LinkedHashMap<>());
                    if (event.equals("stopped")) {
                        swarm.remove(ip + ":" + port);
                    } else {
                        swarm.put(ip + ":" + port, compact(ip, port));
                    }
                    swarm.values().forEach(peers::writeBytes);
                }
                extraPeers.forEach(peers::writeBytes);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(("d8:intervali" + interval + "e5:peers" + peers.size() + ":")
                        .getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(peers.toByteArray());
                out.write('e');
                body = out.toByteArray();
            }
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
        }
    }

    private static byte[] compact(String ip, int port) throws IOException {
        byte[] a = java.net.InetAddress.getByName(ip).getAddress();
        return new byte[] {a[0], a[1], a[2], a[3], (byte) (port >> 8), (byte) port};
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    /** Percent-decoding to bytes (info_hash and peer_id are binary). */
    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c == '+' ? ' ' : c);
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }

    /** Every announce's event, in order, of one peer id prefix and port. */
    static List<String> events(List<Announce> announces) {
        List<String> out = new ArrayList<>();
        for (Announce a : announces) {
            out.add(a.event().isEmpty() ? "none" : a.event());
        }
        return out;
    }
}
