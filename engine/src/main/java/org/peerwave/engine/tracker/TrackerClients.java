package org.peerwave.engine.tracker;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** Sends each request to the client for its URL's scheme: http/https or udp. */
public final class TrackerClients implements TrackerClient {

    private final TrackerClient http;
    private final TrackerClient udp;

    public TrackerClients(TrackerClient http, TrackerClient udp) {
        this.http = http;
        this.udp = udp;
    }

    /** An HTTP client and a UDP client (with its own event loop), both owned by the result. */
    public static TrackerClients create(TrackerSettings settings) {
        return create(settings, null);
    }

    /**
     * As {@link #create(TrackerSettings)}, announcing from {@code localAddress} ({@code null} or the
     * wildcard: any), the address an engine listens on, so trackers list the address peers can reach.
     */
    public static TrackerClients create(TrackerSettings settings, java.net.InetAddress localAddress) {
        UdpTrackerClient udp = UdpTrackerClient.create(settings, localAddress);
        try {
            return new TrackerClients(new HttpTrackerClient(settings, null, localAddress), udp);
        } catch (RuntimeException e) {
            udp.close();
            throw e;
        }
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
        TrackerClient c = clientFor(tracker);
        return c == null ? unsupported(tracker) : c.announce(tracker, request);
    }

    @Override
    public CompletableFuture<ScrapeResponse> scrape(URI announceUrl, List<byte[]> infoHashes) {
        TrackerClient c = clientFor(announceUrl);
        return c == null ? unsupported(announceUrl) : c.scrape(announceUrl, infoHashes);
    }

    private TrackerClient clientFor(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> http;
            case "udp" -> udp;
            default -> null;
        };
    }

    private static <T> CompletableFuture<T> unsupported(URI uri) {
        return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.UNSUPPORTED,
                "unsupported tracker scheme: " + uri.getScheme() + " (" + uri + ")"));
    }

    @Override
    public void close() {
        try {
            http.close();
        } finally {
            udp.close();
        }
    }
}
