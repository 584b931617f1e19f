package org.peerwave.engine.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * A web seed origin for tests, on the JDK's HTTP server: serves the files under a folder with
 * {@code Range} support (BEP 19), and a BEP 17 script at {@code /seed?info_hash=&piece=&ranges=}
 * for one torrent. Faults on demand: the first requests answered 503 with {@code Retry-After},
 * corrupted bytes, a wrong file size in {@code Content-Range}, and a rate limit.
 */
public final class WebSeedOrigin implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Path root;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private final AtomicInteger rangeRequests = new AtomicInteger();
    private final AtomicLong bytesServed = new AtomicLong();
    private final List<Long> requestTimes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private volatile int busyFirst;
    private volatile int retryAfterSeconds;
    private volatile boolean retryAfterInBody;
    private volatile boolean corrupt;
    private volatile boolean wrongTotal;
    private volatile boolean ignoreRange;
    private volatile long bytesPerSecond;
    private volatile TorrentMetainfo torrent;

    public WebSeedOrigin(String host, Path root) throws IOException {
        this.root = root;
        this.server = HttpServer.create(new InetSocketAddress(host, 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://host:port/} */
    public String baseUrl() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getHostString() + ":" + a.getPort() + "/";
    }

    /** Answers the first {@code n} requests with 503 and a wait of {@code seconds} (header, or BEP 17 body). */
    public WebSeedOrigin busyFirst(int n, int seconds, boolean inBody) {
        busyFirst = n;
        retryAfterSeconds = seconds;
        retryAfterInBody = inBody;
        return this;
    }

    /** Flips a byte in every 4 KiB served. */
    public WebSeedOrigin corrupt(boolean on) {
        corrupt = on;
        return this;
    }

    /** Claims each file is one byte longer than it is in {@code Content-Range}. */
    public WebSeedOrigin wrongTotal(boolean on) {
        wrongTotal = on;
        return this;
    }

    /** Answers every request with the whole file (200), as servers without range support do. */
    public WebSeedOrigin ignoreRange(boolean on) {
        ignoreRange = on;
        return this;
    }

    public WebSeedOrigin rateLimit(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Serves {@code t} as a BEP 17 seed at {@code /seed} (files under the root as BEP 19 lays them out). */
    public WebSeedOrigin bep17(TorrentMetainfo t) {
        torrent = t;
        return this;
    }

    public int requests() {
        return requests.get();
    }

    public int busyAnswers() {
        return busyAnswers.get();
    }

    public int rangeRequests() {
        return rangeRequests.get();
    }

    public long bytesServed() {
        return bytesServed.get();
    }

    /** {@link System#nanoTime()} of each request, in arrival order. */
    public List<Long> requestTimes() {
        synchronized (requestTimes) {
            return List.copyOf(requestTimes);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requestTimes.add(System.nanoTime());
            int n = requests.incrementAndGet();
            if (n <= busyFirst) {
                busyAnswers.incrementAndGet();
                byte[] body = retryAfterInBody ? String.valueOf(retryAfterSeconds).getBytes(StandardCharsets.US_ASCII)
                        : new byte[0];
                if (!retryAfterInBody) {
                    ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
                }
                ex.sendResponseHeaders(503, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    ex.getResponseBody().write(body);
                }
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/seed") && torrent != null) {
                serveBep17(ex);
                return;
            }
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            String range = ex.getRequestHeaders().getFirst("Range");
            Matcher m = range == null || ignoreRange ? null : RANGE.matcher(range);
            if (m != null && m.matches()) {
                rangeRequests.incrementAndGet();
                long first = Long.parseLong(m.group(1));
                long last = Math.min(size - 1, Long.parseLong(m.group(2)));
                if (first > last) {
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                long total = wrongTotal ? size + 1 : size;
                ex.getResponseHeaders().add("Content-Range", "bytes " + first + "-" + last + "/" + total);
                ex.sendResponseHeaders(206, last - first + 1);
                send(ex.getResponseBody(), file, first, last - first + 1);
            } else {
                ex.sendResponseHeaders(200, size);
                send(ex.getResponseBody(), file, 0, size);
            }
        }
    }

    private void serveBep17(HttpExchange ex) throws IOException {
        Map<String, String> q = new HashMap<>();
        for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            q.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        byte[] hash = URLDecoder.decode(q.get("info_hash"), StandardCharsets.ISO_8859_1)
                .getBytes(StandardCharsets.ISO_8859_1);
        if (!java.util.Arrays.equals(hash, torrent.infoHashes().v1().bytes())) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        int piece = Integer.parseInt(q.get("piece"));
        long base = (long) piece * torrent.pieceLength();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String r : q.get("ranges").split(",")) {
            String[] ab = r.split("-");
            long a = Long.parseLong(ab[0]);
            long b = Long.parseLong(ab[1]);
            out.write(torrentBytes(base + a, b - a + 1));
        }
        byte[] body = out.toByteArray();
        ex.sendResponseHeaders(200, body.length);
        write(ex.getResponseBody(), body, 0, body.length);
    }

    /** Bytes of the torrent's byte space (pad files and gaps are zeros). */
    private byte[] torrentBytes(long offset, long length) throws IOException {
        byte[] out = new byte[(int) length];
        String top = torrent.singleFile() ? null : torrent.name();
        for (FileEntry f : torrent.files()) {
            long s = Math.max(offset, f.offset());
            long e = Math.min(offset + length, f.offset() + f.length());
            if (s >= e || f.pad()) {
                continue;
            }
            Path p = top == null ? root.resolve(torrent.name()) : root.resolve(top).resolve(String.join("/", f.path()));
            try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r")) {
                raf.seek(s - f.offset());
                raf.readFully(out, (int) (s - offset), (int) (e - s));
            }
        }
        return out;
    }

    private void send(OutputStream out, Path file, long from, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(from);
            byte[] buf = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = raf.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("file shorter than expected");
                }
                write(out, buf, 0, n);
                left -= n;
            }
        }
    }

    private void write(OutputStream out, byte[] buf, int off, int n) throws IOException {
        if (corrupt) {
            for (int i = off; i < off + n; i += 4096) {
                buf[i] ^= 0x5a;
            }
        }
        long rate = bytesPerSecond;
        int chunk = rate > 0 ? (int) Math.max(1024, Math.min(n, rate / 20)) : n;
        for (int at = off; at < off + n; at += chunk) {
            int len = Math.min(chunk, off + n - at);
            out.write(buf, at, len);
            bytesServed.addAndGet(len);
            if (rate > 0) {
                try {
                    Thread.sleep(Math.max(1, len * 1000L / rate));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
