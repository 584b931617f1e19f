package org.peerwave.engine.tracker;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Talks to one kind of tracker. Futures complete exceptionally with a {@link TrackerException}
 * (wrapped in a {@link java.util.concurrent.CompletionException} when joined).
 */
public interface TrackerClient extends AutoCloseable {

    CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request);

    /** Scrapes the given 20-byte info hashes from the tracker whose announce URL is given. */
    CompletableFuture<ScrapeResponse> scrape(URI announceUrl, List<byte[]> infoHashes);

    @Override
    void close();
}
