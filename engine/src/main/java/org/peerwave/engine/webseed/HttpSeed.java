package org.peerwave.engine.webseed;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * BEP 17 ({@code httpseeds}): a script that serves pieces by info hash,
 * {@code <url>?info_hash=<hash>&piece=<n>&ranges=<start>-<end>} (ends inclusive, offsets within
 * the piece). A run of torrent bytes becomes one request per piece it touches, or per part of a
 * piece between pad files (pad bytes are zeros filled in here, never requested).
 */
public final class HttpSeed implements WebSeedSource {

    private final String url;
    private final String prefix;
    private final long pieceLength;
    private final long storageLength;
    private final long[] padStart;
    private final long[] padEnd;

    private HttpSeed(String url, TorrentMetainfo meta) {
        this.url = url;
        if (!meta.infoHashes().hasV1()) {
            throw new IllegalArgumentException("BEP 17 HTTP seeds need a v1 info hash");
        }
        byte[] hash = meta.infoHashes().v1().bytes();
        this.prefix = url + (url.contains("?") ? "&" : "?") + "info_hash=" + UrlEncoding.encode(hash) + "&piece=";
        this.pieceLength = meta.pieceLength();
        this.storageLength = meta.storageLength();
        List<long[]> pads = new ArrayList<>();
        for (FileEntry f : meta.files()) {
            if (f.pad() && f.length() > 0) {
                pads.add(new long[] {f.offset(), f.offset() + f.length()});
            }
        }
        padStart = pads.stream().mapToLong(p -> p[0]).toArray();
        padEnd = pads.stream().mapToLong(p -> p[1]).toArray();
    }

    /**
     * The HTTP seed at {@code url} for {@code meta}.
     *
     * @throws IllegalArgumentException when the URL is not http(s) or the torrent has no v1 hash
     */
    public static HttpSeed of(String url, TorrentMetainfo meta) {
        UrlSeed.checkHttp(url);
        return new HttpSeed(url, meta);
    }

    @Override
    public String url() {
        return url;
    }

    /** The request for bytes {@code start..end} (inclusive) of {@code piece}. */
    public URI pieceUri(int piece, long start, long end) {
        return URI.create(prefix + piece + "&ranges=" + start + "-" + end);
    }

    @Override
    public List<Segment> segments(long offset, long length) {
        if (offset < 0 || length < 1 || offset + length > storageLength) {
            throw new IllegalArgumentException("bytes " + offset + "+" + length + " outside 0.." + storageLength);
        }
        List<Segment> out = new ArrayList<>();
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            int pad = padAt(pos);
            if (pad >= 0) {
                long z = Math.min(end, padEnd[pad]) - pos;
                if (!out.isEmpty() && out.getLast() instanceof Segment.Zeros prev) {
                    out.set(out.size() - 1, new Segment.Zeros(prev.length() + z));
                } else {
                    out.add(new Segment.Zeros(z));
                }
                pos += z;
                continue;
            }
            int piece = (int) (pos / pieceLength);
            long pieceEnd = Math.min(end, (piece + 1L) * pieceLength);
            long stop = Math.min(pieceEnd, nextPadStart(pos));
            long base = piece * pieceLength;
            out.add(new Segment.Fetch(pieceUri(piece, pos - base, stop - 1 - base), -1, stop - pos, -1));
            pos = stop;
        }
        return out;
    }

    private int padAt(long pos) {
        for (int i = 0; i < padStart.length; i++) {
            if (padStart[i] <= pos && pos < padEnd[i]) {
                return i;
            }
        }
        return -1;
    }

    private long nextPadStart(long pos) {
        long best = Long.MAX_VALUE;
        for (long s : padStart) {
            if (s > pos && s < best) {
                best = s;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "HttpSeed[" + url + "]";
    }
}
