package org.peerwave.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.Bencode;

@Timeout(30)
class HttpTrackerClientTest {

    static final byte[] HASH = new byte[20];
    static final byte[] PEER_ID = "-PW0100-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int i = 0; i < 20; i++) {
            HASH[i] = (byte) (i * 13 + 0x7f); // binary, includes bytes that need escaping
        }
        HASH[3] = '~';
        HASH[4] = ' ';
    }

    HttpServer server;
    HttpTrackerClient client;
    final AtomicReference<byte[]> body = new AtomicReference<>();
    final AtomicReference<String> lastQuery = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/announce", ex -> reply(ex, 200, body.get()));
        server.createContext("/scrape", ex -> reply(ex, 200, body.get()));
        server.start();
        client = new HttpTrackerClient(TrackerSettings.builder().httpTimeout(Duration.ofSeconds(5))
                .maxResponseSize(64 * 1024).maxRedirects(2).build());
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.stop(0);
    }

    void reply(HttpExchange ex, int status, byte[] bytes) throws IOException {
        lastQuery.set(ex.getRequestURI().getRawQuery());
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    static AnnounceRequest request() {
        return AnnounceRequest.of(HASH, PEER_ID, 6881, 1, 2, 3, AnnounceEvent.STARTED, 50, 0x1234abcd);
    }

    AnnounceResponse announce(byte[] response) {
        body.set(response);
        return client.announce(url("/announce"), request()).join();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static TrackerException failure(CompletableFuture<?> f) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).satisfies(e -> caught[0] = e.getCause());
        assertThat(caught[0]).isInstanceOf(TrackerException.class);
        return (TrackerException) caught[0];
    }

    @Test
    void compactPeersIntervalsCountsWarningAndTrackerId() {
        byte[] peers = {127, 0, 0, 2, 0x1a, (byte) 0xe1, 10, 0, 0, 1, 0, 80, 1, 2, 3, 4, 0, 0};
        byte[] b = Bencode.encode(BDictionary.builder().put("interval", 1800).put("min interval", 60)
                .put("complete", 5).put("incomplete", 7).put("peers", peers).put("warning message", "be nice")
                .put("tracker id", "t-42").build());
        AnnounceResponse r = announce(b);
        assertThat(r.interval()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(r.minInterval()).contains(Duration.ofSeconds(60));
        assertThat(r.complete()).isEqualTo(5);
        assertThat(r.incomplete()).isEqualTo(7);
        assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.2", 6881),
                new InetSocketAddress("10.0.0.1", 80)); // port 0 dropped
        assertThat(r.warningMessage()).contains("be nice");
        assertThat(r.trackerId()).contains("t-42");
    }

    @Test
    void queryEncodesBinaryHashAndPeerIdAndParameters() {
        announce(ascii("d8:intervali60ee"));
        String q = lastQuery.get();
        assertThat(q).contains("info_hash=" + HttpTrackerClient.percentEncode(HASH))
                .contains("peer_id=-PW0100-abcdefghijkl").contains("port=6881").contains("uploaded=1")
                .contains("downloaded=2").contains("left=3").contains("event=started").contains("compact=1")
                .contains("numwant=50").contains("key=1234abcd");
        assertThat(HttpTrackerClient.percentEncode(new byte[] {'a', '~', ' ', (byte) 0xff, '/', '.', '-', '_'}))
                .isEqualTo("a~%20%FF%2F.-_");
        // the server decoded it back to the same 20 bytes
        String enc = q.substring(q.indexOf("info_hash=") + 10, q.indexOf('&', q.indexOf("info_hash=")));
        assertThat(java.net.URLDecoder.decode(enc.replace("+", "%2B"), StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(HASH, StandardCharsets.ISO_8859_1));
    }

    @Test
    void existingQueryInTrackerUrlIsKept() throws Exception {
        body.set(ascii("d8:intervali60ee"));
        client.announce(url("/announce?passkey=abc"), request()).join();
        assertThat(lastQuery.get()).startsWith("passkey=abc&info_hash=");
    }

    @Test
    void nonCompactPeerDictionaries() {
        BList peers = BList.of(
                BDictionary.builder().put("peer id", "aaaaaaaaaaaaaaaaaaaa").put("ip", "127.0.0.3").put("port", 7000)
                        .build(),
                BDictionary.builder().put("ip", "::1").put("port", 7001).build(),
                BDictionary.builder().put("ip", "tracker.example").put("port", 7002).build(),
                BDictionary.builder().put("ip", "127.0.0.4").put("port", 0).build());
        AnnounceResponse r = announce(Bencode.encode(BDictionary.builder().put("interval", 900)
                .put("peers", peers).build()));
        assertThat(r.peers()).hasSize(3);
        assertThat(r.peers().get(0)).isEqualTo(new InetSocketAddress("127.0.0.3", 7000));
        assertThat(r.peers().get(1).getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(r.peers().get(2).isUnresolved()).isTrue();
        assertThat(r.peers().get(2).getHostString()).isEqualTo("tracker.example");
        assertThat(r.complete()).isEqualTo(-1);
    }

    @Test
    void compactIpv6PeersFromPeers6() throws Exception {
        byte[] v6 = new byte[36];
        byte[] a = InetAddress.getByName("2001:db8::1").getAddress();
        System.arraycopy(a, 0, v6, 0, 16);
        v6[16] = 0x1a;
        v6[17] = (byte) 0xe1;
        byte[] b2 = InetAddress.getByName("::1").getAddress();
        System.arraycopy(b2, 0, v6, 18, 16);
        v6[35] = 99;
        AnnounceResponse r = announce(Bencode.encode(BDictionary.builder().put("interval", 900)
                .put("peers", new byte[] {127, 0, 0, 5, 0, 5}).put("peers6", v6).build()));
        assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.5", 5),
                new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 6881),
                new InetSocketAddress(InetAddress.getByName("::1"), 99));
    }

    @Test
    void failureReasonIsTheMessage() {
        body.set(ascii("d14:failure reason20:unregistered torrente"));
        TrackerException e = failure(client.announce(url("/announce"), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.FAILURE_REASON);
        assertThat(e.getMessage()).isEqualTo("tracker failure: unregistered torrent");
    }

    @Test
    void notBencodeFailsClearly() {
        body.set(ascii("<html><body>502 Bad Gateway</body></html>"));
        TrackerException e = failure(client.announce(url("/announce"), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED);
        assertThat(e.getMessage()).startsWith("tracker response is not bencode");
    }

    @Test
    void truncatedBencodeFailsClearly() {
        body.set(ascii("d8:intervali1800e5:peers12:abc"));
        TrackerException e = failure(client.announce(url("/announce"), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("not valid bencode");
    }

    @Test
    void truncatedCompactPeerListFails() {
        body.set(ascii("d8:intervali1800e5:peers7:abcdefge"));
        TrackerException e = failure(client.announce(url("/announce"), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("truncated peer list");
    }

    @Test
    void missingIntervalFails() {
        body.set(ascii("d5:peers0:e"));
        TrackerException e = failure(client.announce(url("/announce"), request()));
        assertThat(e.getMessage()).isEqualTo("tracker response has no interval");
    }

    @Test
    void bodyCutShortOfItsContentLengthFails() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = raw.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nd8:interval"));
                    s.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the client hung up
                }
            });
            TrackerException e = failure(client.announce(
                    URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/announce"), request()));
            assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED);
            assertThat(e.getMessage()).startsWith("truncated response from tracker");
            t.join(5000);
        }
    }

    @Test
    void oversizedResponseWithContentLengthFails() {
        byte[] huge = new byte[200 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        body.set(huge);
        TrackerException e = failure(client.announce(url("/announce"), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.TOO_LARGE);
        assertThat(e.getMessage()).isEqualTo("tracker response too large: 204800 bytes declared, limit 65536");
    }

    @Test
    void oversizedChunkedResponseFailsWhileStreaming() {
        server.createContext("/chunked/announce", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no length
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[8192];
                for (int i = 0; i < 10_000; i++) { // 80 MB if nobody stopped it
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // the client cancelled
            }
        });
        TrackerException e = failure(client.announce(url("/chunked/announce"), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.TOO_LARGE);
        assertThat(e.getMessage()).startsWith("tracker response too large: more than").endsWith("limit 65536");
    }

    @Test
    void slowTrackerTimesOut() {
        server.createContext("/slow/announce", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, ascii("d8:intervali60ee"));
        });
        try (HttpTrackerClient quick = new HttpTrackerClient(TrackerSettings.builder()
                .httpTimeout(Duration.ofMillis(300)).build())) {
            TrackerException e = failure(quick.announce(url("/slow/announce"), request()));
            assertThat(e.kind()).isEqualTo(TrackerException.Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("timed out after 300 ms");
        }
    }

    @Test
    void redirectsAreFollowedABoundedNumberOfTimes() {
        server.createContext("/r1/announce", ex -> {
            ex.getResponseHeaders().add("Location", "/r2/announce?" + ex.getRequestURI().getRawQuery());
            reply(ex, 302, new byte[0]);
        });
        server.createContext("/r2/announce", ex -> {
            ex.getResponseHeaders().add("Location", "/announce?" + ex.getRequestURI().getRawQuery());
            reply(ex, 307, new byte[0]);
        });
        server.createContext("/loop/announce", ex -> {
            ex.getResponseHeaders().add("Location", "/loop/announce");
            reply(ex, 302, new byte[0]);
        });
        body.set(ascii("d8:intervali77ee"));
        assertThat(client.announce(url("/r1/announce"), request()).join().interval())
                .isEqualTo(Duration.ofSeconds(77));
        assertThat(lastQuery.get()).contains("info_hash=");
        TrackerException e = failure(client.announce(url("/loop/announce"), request()));
        assertThat(e.getMessage()).startsWith("too many redirects (more than 2)");
    }

    @Test
    void httpErrorStatusFails() {
        server.createContext("/err/announce", ex -> reply(ex, 500, ascii("oops")));
        server.createContext("/err2/announce", ex -> reply(ex, 400, ascii("d14:failure reason9:bad querye")));
        TrackerException e = failure(client.announce(url("/err/announce"), request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.NETWORK);
        assertThat(e.getMessage()).startsWith("HTTP 500 from http://127.0.0.1:");
        TrackerException reason = failure(client.announce(url("/err2/announce"), request()));
        assertThat(reason.getMessage()).isEqualTo("tracker failure: bad query");
    }

    @Test
    void connectionRefusedFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TrackerException e = failure(client.announce(URI.create("http://127.0.0.1:" + port + "/announce"),
                request()));
        assertThat(e.kind()).isEqualTo(TrackerException.Kind.NETWORK);
    }

    @Test
    void scrapeUrlRule() throws Exception {
        assertThat(HttpTrackerClient.scrapeUri(URI.create("http://example.com/announce")))
                .hasToString("http://example.com/scrape");
        assertThat(HttpTrackerClient.scrapeUri(URI.create("http://example.com/x/announce?x2%0644")))
                .hasToString("http://example.com/x/scrape?x2%0644");
        assertThat(HttpTrackerClient.scrapeUri(URI.create("http://example.com/announce.php")))
                .hasToString("http://example.com/scrape.php");
        assertThat(HttpTrackerClient.scrapeUri(URI.create("https://example.com/announce?x=1")))
                .hasToString("https://example.com/scrape?x=1");
        // a slash in the query is not part of the path
        assertThat(HttpTrackerClient.scrapeUri(URI.create("http://example.com/announce?x=2/4")))
                .hasToString("http://example.com/scrape?x=2/4");
        for (String noScrape : List.of("http://example.com/a", "http://example.com/x%064announce",
                "http://example.com/a/b/c")) {
            assertThatThrownBy(() -> HttpTrackerClient.scrapeUri(URI.create(noScrape)))
                    .isInstanceOf(TrackerException.class).hasMessageStartingWith("tracker does not support scrape");
        }
    }

    @Test
    void scrapeParsesFiles() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("d5:filesd20:"));
        out.writeBytes(HASH);
        out.writeBytes(ascii("d8:completei3e10:downloadedi9e10:incompletei4eeee"));
        body.set(out.toByteArray());
        ScrapeResponse r = client.scrape(url("/announce"), List.of(HASH)).join();
        assertThat(r.get(HASH)).contains(new ScrapeResponse.Stats(3, 9, 4));
        assertThat(lastQuery.get()).isEqualTo("info_hash=" + HttpTrackerClient.percentEncode(HASH));
    }
}
