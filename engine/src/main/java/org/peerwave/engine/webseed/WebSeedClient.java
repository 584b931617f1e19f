package org.peerwave.engine.webseed;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP for web seeds, on the JDK's {@link HttpClient} (HTTP/1.1 with keep-alive: connections are
 * pooled per server and reused between requests). One {@link #fetch} is one request whose body is
 * streamed to a consumer as it arrives, checked against the sizes the torrent expects:
 * <ul>
 *   <li>206 with a {@code Content-Range} of exactly the bytes asked and the file's size;</li>
 *   <li>200 to a range request (a server that ignores {@code Range}, such as Python's
 *       {@code http.server}): the file's size must match; the bytes before the range are skipped
 *       and the response is abandoned after it;</li>
 *   <li>503: {@link WebSeedException.Kind#BUSY} with the {@code Retry-After} header (seconds or
 *       an HTTP date) or, BEP 17, the body's integer seconds;</li>
 *   <li>anything else: {@link WebSeedException.Kind#TRANSIENT}.</li>
 * </ul>
 */
public final class WebSeedClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebSeedClient.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*");
    private static final int MAX_ERROR_BODY = 1024;

    private final HttpClient http;
    private volatile WebSeedSettings settings;

    public WebSeedClient(WebSeedSettings settings, Executor executor) {
        this.settings = settings;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(settings.connectTimeout());
        if (executor != null) {
            b.executor(executor);
        }
        this.http = b.build();
    }

    /** New settings for the next requests (the connect time-out stays the one the client was built with). */
    public void applySettings(WebSeedSettings s) {
        this.settings = s;
    }

    /**
     * Starts the request of {@code fetch}; {@code sink} gets the body's bytes of the asked range in
     * order, on one of the client's threads at a time (it must copy what it keeps).
     */
    public Transfer fetch(Segment.Fetch fetch, Consumer<ByteBuffer> sink) {
        WebSeedSettings s = settings;
        HttpRequest.Builder rb = HttpRequest.newBuilder(fetch.uri()).GET().timeout(s.responseTimeout())
                .header("User-Agent", s.userAgent());
        if (fetch.rangeHeader() != null) {
            rb.header("Range", fetch.rangeHeader());
        }
        Transfer t = new Transfer(fetch, sink);
        CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(rb.build(), t::subscriberFor);
        t.sent = sent;
        sent.whenComplete((r, e) -> {
            if (e == null) {
                t.done.complete(null);
            } else {
                t.done.completeExceptionally(translate(e, fetch));
            }
        });
        return t;
    }

    private static Throwable translate(Throwable e, Segment.Fetch f) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof WebSeedException) {
            return c;
        }
        if (c instanceof java.util.concurrent.CancellationException) {
            return new WebSeedException(WebSeedException.Kind.ABORTED, "aborted: " + f.uri());
        }
        String what = c instanceof HttpTimeoutException ? "no response in time" : c.toString();
        return new WebSeedException(WebSeedException.Kind.TRANSIENT, what + ": " + f.uri(), null, c);
    }

    /** Closes the client's connections; running transfers fail. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    // ---------------------------------------------------------------- one request

    /** A running request: its completion, its progress and a way to abort it. */
    public static final class Transfer {
        private final Segment.Fetch fetch;
        private final Consumer<ByteBuffer> sink;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile CompletableFuture<HttpResponse<Void>> sent;
        private volatile long lastProgressNanos = System.nanoTime();
        private volatile RangeSubscriber body;

        private Transfer(Segment.Fetch fetch, Consumer<ByteBuffer> sink) {
            this.fetch = fetch;
            this.sink = sink;
        }

        /** Completes when the asked bytes were all delivered; fails with a {@link WebSeedException}. */
        public CompletableFuture<Void> done() {
            return done;
        }

        /** {@link System#nanoTime()} of the start or the latest byte received. */
        public long lastProgressNanos() {
            return lastProgressNanos;
        }

        /** Stops the request (a stalled body, shutdown); {@link #done()} fails with ABORTED. */
        public void abort(String why) {
            WebSeedException e = new WebSeedException(WebSeedException.Kind.ABORTED, why + ": " + fetch.uri());
            RangeSubscriber b = body;
            if (b != null) {
                b.fail(e);
            }
            CompletableFuture<HttpResponse<Void>> s = sent;
            if (s != null) {
                s.cancel(true);
            }
            done.completeExceptionally(e);
        }

        private HttpResponse.BodySubscriber<Void> subscriberFor(HttpResponse.ResponseInfo info) {
            lastProgressNanos = System.nanoTime();
            try {
                RangeSubscriber s = checkResponse(info);
                body = s;
                return s;
            } catch (WebSeedException e) {
                return new FailingSubscriber(e, info.statusCode() == 503 ? info.headers() : null);
            }
        }

        /** The subscriber for a response with a usable status and sizes; throws otherwise. */
        private RangeSubscriber checkResponse(HttpResponse.ResponseInfo info) throws WebSeedException {
            int status = info.statusCode();
            HttpHeaders h = info.headers();
            OptionalLong contentLength = h.firstValueAsLong("Content-Length");
            if (status == 206 && fetch.rangeStart() >= 0) {
                String cr = h.firstValue("Content-Range").orElse(null);
                Matcher m = cr == null ? null : CONTENT_RANGE.matcher(cr);
                if (m == null || !m.matches()) {
                    throw wrongSize("206 without a usable Content-Range (" + cr + ")");
                }
                long first = Long.parseLong(m.group(1));
                long last = Long.parseLong(m.group(2));
                long end = fetch.rangeStart() + fetch.length() - 1;
                if (first != fetch.rangeStart() || last != end) {
                    throw wrongSize("asked bytes " + fetch.rangeStart() + "-" + end + ", got " + first + "-" + last);
                }
                if (!m.group(3).equals("*") && fetch.fileLength() >= 0
                        && Long.parseLong(m.group(3)) != fetch.fileLength()) {
                    throw wrongSize("file is " + m.group(3) + " bytes, the torrent says " + fetch.fileLength());
                }
                if (contentLength.isPresent() && contentLength.getAsLong() != fetch.length()) {
                    throw wrongSize("Content-Length " + contentLength.getAsLong() + " for " + fetch.length()
                            + " bytes asked");
                }
                return new RangeSubscriber(this, 0, fetch.length(), true);
            }
            if (status == 200) {
                long expect = fetch.rangeStart() >= 0 ? fetch.fileLength() : fetch.length();
                if (contentLength.isPresent() && expect >= 0 && contentLength.getAsLong() != expect) {
                    throw wrongSize("Content-Length " + contentLength.getAsLong() + ", expected " + expect);
                }
                long skip = Math.max(0, fetch.rangeStart());
                // the whole file (Range ignored): the rest after the range is abandoned
                boolean exact = fetch.rangeStart() < 0 || skip == 0 && fetch.length() == fetch.fileLength();
                return new RangeSubscriber(this, skip, fetch.length(), exact);
            }
            if (status == 503) {
                throw new WebSeedException(WebSeedException.Kind.BUSY, "503 from " + fetch.uri());
            }
            throw new WebSeedException(WebSeedException.Kind.TRANSIENT, "HTTP " + status + " from " + fetch.uri());
        }

        private WebSeedException wrongSize(String what) {
            return new WebSeedException(WebSeedException.Kind.WRONG_SIZE, what + ": " + fetch.uri());
        }

        private void progress() {
            lastProgressNanos = System.nanoTime();
        }
    }

    /**
     * Skips {@code skip} bytes, hands on {@code length}, then stops: with {@code exact}, more or
     * fewer bytes than that are a wrong size; without, the rest of the body is abandoned.
     */
    private static final class RangeSubscriber implements HttpResponse.BodySubscriber<Void> {
        private final Transfer transfer;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private final boolean exact;
        private long skip;
        private long remaining;
        private volatile Flow.Subscription subscription;

        RangeSubscriber(Transfer transfer, long skip, long length, boolean exact) {
            this.transfer = transfer;
            this.skip = skip;
            this.remaining = length;
            this.exact = exact;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (result.isDone()) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            transfer.progress();
            for (ByteBuffer b : items) {
                if (skip > 0) {
                    int n = (int) Math.min(skip, b.remaining());
                    b.position(b.position() + n);
                    skip -= n;
                }
                if (!b.hasRemaining()) {
                    continue;
                }
                if (remaining == 0) {
                    if (exact) {
                        fail(new WebSeedException(WebSeedException.Kind.WRONG_SIZE, "body longer than "
                                + transfer.fetch.length() + " bytes: " + transfer.fetch.uri()));
                    }
                    break;
                }
                int n = (int) Math.min(remaining, b.remaining());
                ByteBuffer part = b.slice(b.position(), n);
                remaining -= n;
                try {
                    transfer.sink.accept(part);
                } catch (RuntimeException e) {
                    fail(new WebSeedException(WebSeedException.Kind.ABORTED, "consumer failed: " + e, null, e));
                    return;
                }
            }
            if (result.isDone()) {
                return;
            }
            if (remaining == 0 && !exact) {
                subscription.cancel(); // the rest of a whole-file answer is not needed
                result.complete(null);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            if (remaining > 0 || skip > 0) {
                result.completeExceptionally(new WebSeedException(WebSeedException.Kind.WRONG_SIZE, "body ended "
                        + (remaining + skip) + " bytes short: " + transfer.fetch.uri()));
            } else {
                result.complete(null);
            }
        }

        void fail(WebSeedException e) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.completeExceptionally(e);
        }
    }

    /**
     * Reads a little of an error response (a 503's body may carry BEP 17's seconds) and fails with
     * {@code error}, with the wait filled in for a 503.
     */
    private static final class FailingSubscriber implements HttpResponse.BodySubscriber<Void> {
        private final WebSeedException error;
        private final HttpHeaders busyHeaders;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        FailingSubscriber(WebSeedException error, HttpHeaders busyHeaders) {
            this.error = error;
            this.busyHeaders = busyHeaders;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (busyHeaders == null) {
                s.cancel();
                result.completeExceptionally(error);
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                while (b.hasRemaining() && body.size() < MAX_ERROR_BODY) {
                    body.write(b.get());
                }
            }
            if (body.size() >= MAX_ERROR_BODY) {
                subscription.cancel();
                finish();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            finish();
        }

        @Override
        public void onComplete() {
            finish();
        }

        private void finish() {
            if (result.isDone()) {
                return;
            }
            Duration wait = null;
            if (busyHeaders != null) {
                wait = retryAfter(busyHeaders.firstValue("Retry-After"), body.toString(StandardCharsets.US_ASCII))
                        .orElse(null);
            }
            result.completeExceptionally(new WebSeedException(error.kind(), error.getMessage(), wait, null));
        }
    }

    /**
     * The wait a 503 asks for: the {@code Retry-After} header (delta-seconds or an HTTP date), else
     * a body that is a plain integer of seconds (BEP 17).
     */
    static Optional<Duration> retryAfter(Optional<String> header, String body) {
        if (header.isPresent()) {
            String v = header.get().trim();
            if (v.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                LOG.debug("unparsable Retry-After: {}", v);
            }
        }
        String b = body == null ? "" : body.trim();
        if (b.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(b)));
        }
        return Optional.empty();
    }
}
