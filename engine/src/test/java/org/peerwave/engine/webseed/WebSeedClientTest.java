package org.peerwave.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.testing.TestTrees;
import org.peerwave.engine.testing.WebSeedOrigin;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSeedClientTest {

    @TempDir
    Path dir;
    Path file;
    byte[] content;
    WebSeedOrigin origin;
    WebSeedClient client;

    @BeforeEach
    void start() throws Exception {
        file = TestTrees.file(dir.resolve("data.bin"), 300_000, 5);
        content = Files.readAllBytes(file);
        origin = new WebSeedOrigin("127.0.0.1", dir);
        client = new WebSeedClient(WebSeedSettings.DEFAULTS, null);
    }

    @AfterEach
    void stop() {
        client.close();
        origin.close();
    }

    private Segment.Fetch fetch(long start, long length) {
        return new Segment.Fetch(URI.create(origin.baseUrl() + "data.bin"), start, length, content.length);
    }

    private byte[] get(Segment.Fetch f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.fetch(f, b -> {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            out.write(a, 0, a.length);
        }).done().get(20, TimeUnit.SECONDS);
        return out.toByteArray();
    }

    private WebSeedException failure(Segment.Fetch f) {
        WebSeedClient.Transfer t = client.fetch(f, b -> b.position(b.limit()));
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> t.done().get(20, TimeUnit.SECONDS));
        assertThat(e).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WebSeedException.class);
        return (WebSeedException) e.getCause();
    }

    @Test
    void rangeRequestDeliversExactlyTheRange() throws Exception {
        assertThat(get(fetch(12_345, 100_000))).isEqualTo(Arrays.copyOfRange(content, 12_345, 112_345));
        assertThat(get(fetch(0, content.length))).isEqualTo(content);
        assertThat(origin.rangeRequests()).isEqualTo(2);
    }

    @Test
    void wholeFileAnswerToARangeIsSkippedToTheRange() throws Exception {
        // a server that ignores Range (Python's http.server) answers 200 with the whole file
        origin.ignoreRange(true);
        assertThat(get(fetch(12_345, 100_000))).isEqualTo(Arrays.copyOfRange(content, 12_345, 112_345));
        assertThat(get(fetch(0, content.length))).isEqualTo(content);
        assertThat(get(fetch(content.length - 10, 10))).isEqualTo(Arrays.copyOfRange(content, content.length - 10,
                content.length));
        assertThat(origin.rangeRequests()).isZero();
        assertThat(origin.requests()).isEqualTo(3);
    }

    @Test
    void wrongTotalInContentRangeIsAWrongSize() {
        origin.wrongTotal(true);
        assertThat(failure(fetch(0, 1000)).kind()).isEqualTo(WebSeedException.Kind.WRONG_SIZE);
    }

    @Test
    void aFileOfAnotherSizeIsAWrongSize() {
        Segment.Fetch f = new Segment.Fetch(URI.create(origin.baseUrl() + "data.bin"), 0, 1000, content.length + 10);
        WebSeedException e = failure(f);
        assertThat(e.kind()).isEqualTo(WebSeedException.Kind.WRONG_SIZE);
        assertThat(e.getMessage()).contains("file is 300000 bytes");
    }

    @Test
    void aShortBodyIsAWrongSize() throws Exception {
        // BEP 17 style (no Range): more bytes expected than the server sends
        Segment.Fetch f = new Segment.Fetch(URI.create(origin.baseUrl() + "data.bin"), -1, content.length + 5, -1);
        assertThat(failure(f).kind()).isEqualTo(WebSeedException.Kind.WRONG_SIZE);
    }

    @Test
    void busyWithRetryAfterHeader() {
        origin.busyFirst(1, 7, false);
        WebSeedException e = failure(fetch(0, 1000));
        assertThat(e.kind()).isEqualTo(WebSeedException.Kind.BUSY);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void busyWithBep17Body() {
        origin.busyFirst(1, 42, true);
        WebSeedException e = failure(fetch(0, 1000));
        assertThat(e.kind()).isEqualTo(WebSeedException.Kind.BUSY);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void notFoundIsTransient() {
        Segment.Fetch f = new Segment.Fetch(URI.create(origin.baseUrl() + "missing.bin"), 0, 10, 100);
        WebSeedException e = failure(f);
        assertThat(e.kind()).isEqualTo(WebSeedException.Kind.TRANSIENT);
        assertThat(e.getMessage()).contains("404");
    }

    @Test
    void connectionRefusedIsTransient() throws Exception {
        int port = org.peerwave.engine.testing.peers.Net.freePort("127.0.0.1");
        Segment.Fetch f = new Segment.Fetch(URI.create("http://127.0.0.1:" + port + "/x"), 0, 10, 100);
        assertThat(failure(f).kind()).isEqualTo(WebSeedException.Kind.TRANSIENT);
    }

    @Test
    void abortStopsAStalledTransfer() throws Exception {
        origin.rateLimit(20_000);
        WebSeedClient.Transfer t = client.fetch(fetch(0, content.length), ByteBuffer::clear);
        Thread.sleep(300);
        t.abort("test");
        assertThatThrownBy(() -> t.done().get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(WebSeedException.class)
                .cause().extracting(c -> ((WebSeedException) c).kind()).isEqualTo(WebSeedException.Kind.ABORTED);
    }

    @Test
    void retryAfterParsesSecondsDatesAndBodies() {
        assertThat(WebSeedClient.retryAfter(Optional.of("120"), "")).contains(Duration.ofSeconds(120));
        assertThat(WebSeedClient.retryAfter(Optional.empty(), " 30\n")).contains(Duration.ofSeconds(30));
        assertThat(WebSeedClient.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"), ""))
                .contains(Duration.ZERO); // in the past
        String future = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(100));
        assertThat(WebSeedClient.retryAfter(Optional.of(future), "").orElseThrow())
                .isBetween(Duration.ofSeconds(90), Duration.ofSeconds(101));
        assertThat(WebSeedClient.retryAfter(Optional.of("soon"), "later")).isEmpty();
    }
}
