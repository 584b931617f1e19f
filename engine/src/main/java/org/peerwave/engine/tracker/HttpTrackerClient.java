package org.peerwave.engine.tracker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP and HTTPS trackers: announce (BEP 3, compact BEP 23, {@code peers6} BEP 7) and scrape
 * (BEP 48). Built on the JDK's {@link HttpClient}: it brings TLS with the platform trust store,
 * connection reuse, proxies and an asynchronous API without a hand-written HTTP pipeline; a
 * tracker request is one small GET, so Netty's extra control buys nothing here.
 *
 * <p>Redirects are followed by this class (at most {@link TrackerSettings#maxRedirects()}),
 * bodies are read through a subscriber that gives up as soon as they pass
 * {@link TrackerSettings#maxResponseSize()}, and the whole exchange has one time-out.
 */
public final class HttpTrackerClient implements TrackerClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTrackerClient.class);

    private final TrackerSettings settings;
    private final HttpClient http;

    /** A client that trusts the platform's certificate authorities for HTTPS trackers. */
    public HttpTrackerClient(TrackerSettings settings) {
        this(settings, null);
    }

    /**
     * A client whose HTTPS connections use the given TLS context (its trust managers decide which
     * tracker certificates are accepted); {@code null} means the platform default.
     */
    public HttpTrackerClient(TrackerSettings settings, SSLContext tls) {
        this(settings, tls, null);
    }

    /**
     * As {@link #HttpTrackerClient(TrackerSettings, SSLContext)}, with connections made from
     * {@code localAddress} ({@code null} lets the system choose): a tracker records the address an
     * announce comes from, so a client that listens on one address must announce from it.
     */
    public HttpTrackerClient(TrackerSettings settings, SSLContext tls, java.net.InetAddress localAddress) {
        this.settings = Objects.requireNonNull(settings);
        HttpClient.Builder b = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.httpTimeout())
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            b.sslContext(tls);
        }
        if (localAddress != null && !localAddress.isAnyLocalAddress()) {
            b.localAddress(localAddress);
        }
        this.http = b.build();
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
        URI uri;
        try {
            uri = announceUri(tracker, request);
        } catch (TrackerException e) {
            return CompletableFuture.failedFuture(e);
        }
        LOG.debug("announce {} to {}", request, tracker);
        return fetch(uri).thenApply(body -> {
            try {
                return HttpTrackerResponses.parseAnnounce(body, settings.maxResponseSize());
            } catch (TrackerException e) {
                throw new CompletionException(e);
            }
        });
    }

    @Override
    public CompletableFuture<ScrapeResponse> scrape(URI announceUrl, List<byte[]> infoHashes) {
        URI uri;
        try {
            StringBuilder q = new StringBuilder();
            for (byte[] h : infoHashes) {
                q.append(q.isEmpty() ? "" : "&").append("info_hash=").append(percentEncode(h));
            }
            uri = withQuery(scrapeUri(announceUrl), q.toString());
        } catch (TrackerException e) {
            return CompletableFuture.failedFuture(e);
        }
        return fetch(uri).thenApply(body -> {
            try {
                return HttpTrackerResponses.parseScrape(body, settings.maxResponseSize());
            } catch (TrackerException e) {
                throw new CompletionException(e);
            }
        });
    }

    /**
     * The scrape URL of an announce URL (BEP 48): the last path segment must start with
     * {@code announce}, which is replaced by {@code scrape}; otherwise the tracker has no scrape.
     */
    public static URI scrapeUri(URI announceUrl) throws TrackerException {
        String s = announceUrl.toString();
        int query = s.indexOf('?');
        String base = query < 0 ? s : s.substring(0, query);
        String rest = query < 0 ? "" : s.substring(query);
        int slash = base.lastIndexOf('/');
        if (slash < 0 || !base.startsWith("announce", slash + 1)) {
            throw new TrackerException(TrackerException.Kind.UNSUPPORTED, "tracker does not support scrape: "
                    + announceUrl);
        }
        return URI.create(base.substring(0, slash + 1) + "scrape" + base.substring(slash + 1 + "announce".length())
                + rest);
    }

    /** The full announce URL: the tracker's URL plus the BEP 3 parameters (binary values percent-encoded). */
    public URI announceUri(URI tracker, AnnounceRequest r) throws TrackerException {
        StringBuilder q = new StringBuilder();
        q.append("info_hash=").append(percentEncode(r.infoHash()))
                .append("&peer_id=").append(percentEncode(r.peerId()))
                .append("&port=").append(r.port())
                .append("&uploaded=").append(r.uploaded())
                .append("&downloaded=").append(r.downloaded())
                .append("&left=").append(r.left())
                .append("&compact=").append(r.compact() ? 1 : 0);
        if (r.compact()) {
            q.append("&no_peer_id=1");
        }
        if (r.event() != AnnounceEvent.NONE) {
            q.append("&event=").append(r.event().httpName());
        }
        q.append("&numwant=").append(r.numWant() < 0 ? settings.numWant() : r.numWant());
        q.append("&key=").append(String.format("%08x", r.key()));
        r.ip().ifPresent(ip -> q.append("&ip=").append(percentEncode(
                ip.getHostAddress().getBytes(StandardCharsets.US_ASCII))));
        r.trackerId().ifPresent(id -> q.append("&trackerid=").append(percentEncode(
                id.getBytes(StandardCharsets.UTF_8))));
        return withQuery(tracker, q.toString());
    }

    /** RFC 3986 percent-encoding of raw bytes: unreserved characters stay, every other byte becomes %XX. */
    public static String percentEncode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return sb.toString();
    }

    private static URI withQuery(URI tracker, String query) throws TrackerException {
        String scheme = tracker.getScheme() == null ? "" : tracker.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TrackerException(TrackerException.Kind.UNSUPPORTED, "not an HTTP tracker: " + tracker);
        }
        String s = tracker.toString();
        int fragment = s.indexOf('#');
        if (fragment >= 0) {
            s = s.substring(0, fragment);
        }
        String sep = s.indexOf('?') < 0 ? "?" : (s.endsWith("?") || s.endsWith("&") ? "" : "&");
        try {
            return URI.create(s + sep + query);
        } catch (IllegalArgumentException e) {
            throw new TrackerException(TrackerException.Kind.UNSUPPORTED, "bad tracker URL: " + tracker);
        }
    }

    private CompletableFuture<byte[]> fetch(URI uri) {
        long timeoutMillis = settings.httpTimeout().toMillis();
        CompletableFuture<byte[]> result = fetch(uri, 0)
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        return result.exceptionallyCompose(e -> CompletableFuture.failedFuture(translate(e, uri)));
    }

    private CompletableFuture<byte[]> fetch(URI uri, int redirects) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.httpTimeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept-Encoding", "identity")
                .GET()
                .build();
        return http.sendAsync(request, info -> subscriberFor(info, uri))
                .thenCompose(response -> {
                    int status = response.statusCode();
                    if (status >= 300 && status < 400 && status != 304) {
                        Optional<String> location = response.headers().firstValue("Location");
                        if (location.isEmpty()) {
                            return failed(TrackerException.Kind.NETWORK, "HTTP " + status + " without Location from "
                                    + host(uri));
                        }
                        if (redirects >= settings.maxRedirects()) {
                            return failed(TrackerException.Kind.NETWORK, "too many redirects (more than "
                                    + settings.maxRedirects() + ") from " + host(uri));
                        }
                        URI next;
                        try {
                            next = uri.resolve(location.get());
                        } catch (IllegalArgumentException e) {
                            return failed(TrackerException.Kind.NETWORK, "bad redirect Location from " + host(uri));
                        }
                        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
                        if (!scheme.equals("http") && !scheme.equals("https")) {
                            return failed(TrackerException.Kind.NETWORK, "redirect to a non-HTTP URL from "
                                    + host(uri));
                        }
                        LOG.debug("tracker {} redirects to {}", host(uri), host(next));
                        return fetch(next, redirects + 1);
                    }
                    if (status != 200) {
                        // Some trackers send a bencoded failure with an error status: prefer its reason.
                        byte[] body = response.body();
                        try {
                            HttpTrackerResponses.parseAnnounce(body, settings.maxResponseSize());
                        } catch (TrackerException e) {
                            if (e.kind() == TrackerException.Kind.FAILURE_REASON) {
                                return CompletableFuture.failedFuture(e);
                            }
                        }
                        return failed(TrackerException.Kind.NETWORK, "HTTP " + status + " from " + host(uri));
                    }
                    return CompletableFuture.completedFuture(response.body());
                });
    }

    private HttpResponse.BodySubscriber<byte[]> subscriberFor(HttpResponse.ResponseInfo info, URI uri) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new CappedBodySubscriber(settings.maxResponseSize(), declared);
    }

    private static <T> CompletableFuture<T> failed(TrackerException.Kind kind, String message) {
        return CompletableFuture.failedFuture(new TrackerException(kind, message));
    }

    private TrackerException translate(Throwable e, URI uri) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TrackerException te) {
            return te;
        }
        if (t instanceof IOException io && io.getCause() instanceof TrackerException te) {
            return te;
        }
        if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
            return new TrackerException(TrackerException.Kind.TIMEOUT, "tracker " + host(uri) + " timed out after "
                    + settings.httpTimeout().toMillis() + " ms", t);
        }
        if (t instanceof IOException io && io.getMessage() != null
                && io.getMessage().toLowerCase(Locale.ROOT).contains("content-length")) {
            return new TrackerException(TrackerException.Kind.MALFORMED, "truncated response from tracker "
                    + host(uri) + ": " + io.getMessage(), t);
        }
        if (t instanceof ConnectException) {
            return new TrackerException(TrackerException.Kind.NETWORK, "cannot connect to tracker " + host(uri), t);
        }
        return new TrackerException(TrackerException.Kind.NETWORK, "tracker " + host(uri) + ": "
                + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()), t);
    }

    private static String host(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    /** Collects a body, failing (and cancelling the download) as soon as it passes the cap. */
    private static final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int cap;
        private final long declared;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBodySubscriber(int cap, long declared) {
            this.cap = cap;
            this.declared = declared;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > cap) {
                s.cancel();
                tooLarge(declared);
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if ((long) buffer.size() + b.remaining() > cap) {
                    subscription.cancel();
                    tooLarge((long) buffer.size() + b.remaining());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                buffer.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(buffer.toByteArray());
        }

        private void tooLarge(long size) {
            body.completeExceptionally(new TrackerException(TrackerException.Kind.TOO_LARGE,
                    "tracker response too large: " + (declared > cap ? declared + " bytes declared" : "more than "
                            + (size - 1) + " bytes") + ", limit " + cap));
        }
    }
}
