package org.peerwave.engine.webseed;

import java.util.List;

/** A web seed's way of serving torrent bytes: BEP 19 ({@link UrlSeed}) or BEP 17 ({@link HttpSeed}). */
public sealed interface WebSeedSource permits UrlSeed, HttpSeed {

    /** The URL as the torrent or magnet link gave it. */
    String url();

    /**
     * The requests (and locally filled zeros) that deliver torrent bytes {@code offset ..
     * offset + length}, in order.
     */
    List<Segment> segments(long offset, long length);
}
