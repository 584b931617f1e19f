package org.peerwave.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.tracker.HttpTrackerClientTest.failure;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.testing.ExternalTool;

/** HTTPS announce and scrape against the JDK's HTTPS server with a throw-away certificate made by keytool. */
@Timeout(60)
class HttpsTrackerTest {

    @Test
    void announceAndScrapeOverHttpsAndAnUntrustedCertificateFails(@TempDir Path dir) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("tracker.p12");
        char[] password = "changeit".toCharArray();
        ExternalTool.run(Duration.ofSeconds(30), List.of(keytool.toString(), "-genkeypair", "-alias", "tracker",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        byte[] hash = HttpTrackerClientTest.HASH;
        server.createContext("/announce", ex -> {
            byte[] body = "d8:intervali900e5:peers6:\u007f\u0000\u0000\u0002\u001a\u00e1e"
                    .getBytes(StandardCharsets.ISO_8859_1);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/scrape", ex -> {
            var out = new java.io.ByteArrayOutputStream();
            out.writeBytes("d5:filesd20:".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(hash);
            out.writeBytes("d8:completei1e10:downloadedi2e10:incompletei3eeee".getBytes(StandardCharsets.US_ASCII));
            ex.sendResponseHeaders(200, out.size());
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out.toByteArray());
            }
        });
        server.start();
        URI tracker = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/announce");
        try (HttpTrackerClient client = new HttpTrackerClient(TrackerSettings.DEFAULTS, clientTls);
                HttpTrackerClient platformTrust = new HttpTrackerClient(TrackerSettings.DEFAULTS)) {
            AnnounceResponse r = client.announce(tracker, HttpTrackerClientTest.request()).join();
            assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.2", 6881));
            assertThat(client.scrape(tracker, List.of(hash)).join().get(hash))
                    .contains(new ScrapeResponse.Stats(1, 2, 3));
            TrackerException e = failure(platformTrust.announce(tracker, HttpTrackerClientTest.request()));
            assertThat(e.kind()).isEqualTo(TrackerException.Kind.NETWORK);
            assertThat(e.getMessage()).startsWith("tracker https://127.0.0.1:");
        } finally {
            server.stop(0);
        }
    }
}
