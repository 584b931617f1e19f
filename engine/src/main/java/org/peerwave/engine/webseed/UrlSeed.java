package org.peerwave.engine.webseed;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * BEP 19 ({@code url-list}): maps a run of torrent bytes to range requests of a web seed's files.
 * A single-file torrent's URL is the file (one ending in {@code /} gets the torrent's name
 * appended); a multi-file torrent's URL is a folder to which the torrent's name and each file's
 * path are appended, each component percent-encoded. Pad files and gaps between files are
 * {@link Segment.Zeros}: never requested.
 */
public final class UrlSeed implements WebSeedSource {

    private final String url;
    private final URI[] fileUris;
    private final long[] offsets;
    private final long[] lengths;
    private final boolean[] pad;
    private final long storageLength;
    /** Sorted position → index in {@code meta.files()}. */
    private final int[] byTorrentIndex;

    private UrlSeed(String url, TorrentMetainfo meta) {
        this.url = url;
        // in byte-space order (the torrent's order already, but the search below relies on it)
        List<FileEntry> files = meta.files().stream().sorted(java.util.Comparator.comparingLong(FileEntry::offset))
                .toList();
        this.byTorrentIndex = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            byTorrentIndex[i] = meta.files().indexOf(files.get(i));
        }
        int n = files.size();
        this.fileUris = new URI[n];
        this.offsets = new long[n];
        this.lengths = new long[n];
        this.pad = new boolean[n];
        this.storageLength = meta.storageLength();
        String base;
        if (meta.singleFile()) {
            base = url.endsWith("/") ? url + UrlEncoding.encode(meta.name()) : url;
        } else {
            base = (url.endsWith("/") ? url : url + "/") + UrlEncoding.encode(meta.name()) + "/";
        }
        for (int i = 0; i < n; i++) {
            FileEntry f = files.get(i);
            offsets[i] = f.offset();
            lengths[i] = f.length();
            pad[i] = f.pad();
            if (f.pad() || f.length() == 0) {
                continue;
            }
            String u = base;
            if (!meta.singleFile()) {
                StringBuilder sb = new StringBuilder(base);
                for (int k = 0; k < f.path().size(); k++) {
                    if (k > 0) {
                        sb.append('/');
                    }
                    sb.append(UrlEncoding.encode(f.path().get(k)));
                }
                u = sb.toString();
            }
            fileUris[i] = toUri(u);
        }
    }

    /**
     * The web seed at {@code url} for {@code meta}.
     *
     * @throws IllegalArgumentException when the URL is not an absolute {@code http}/{@code https}
     *     URL (BEP 19 lets a client ignore protocols it does not know, such as FTP)
     */
    public static UrlSeed of(String url, TorrentMetainfo meta) {
        checkHttp(url);
        return new UrlSeed(url, meta);
    }

    static URI checkHttp(String url) {
        URI u = toUri(url);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        }
        return u;
    }

    private static URI toUri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad URL: " + s, e);
        }
    }

    @Override
    public String url() {
        return url;
    }

    /** The URL of file {@code index} of {@code meta.files()} (null for pad and empty files). */
    public URI fileUri(int index) {
        for (int i = 0; i < byTorrentIndex.length; i++) {
            if (byTorrentIndex[i] == index) {
                return fileUris[i];
            }
        }
        throw new IndexOutOfBoundsException(index);
    }

    @Override
    public List<Segment> segments(long offset, long length) {
        if (offset < 0 || length < 1 || offset + length > storageLength) {
            throw new IllegalArgumentException("bytes " + offset + "+" + length + " outside 0.." + storageLength);
        }
        List<Segment> out = new ArrayList<>();
        long pos = offset;
        long end = offset + length;
        int i = firstFileEndingAfter(pos);
        while (pos < end) {
            if (i >= offsets.length || offsets[i] > pos) {
                // a gap before the next file (v2 alignment) or after the last one
                long gapEnd = i >= offsets.length ? end : Math.min(end, offsets[i]);
                addZeros(out, gapEnd - pos);
                pos = gapEnd;
                continue;
            }
            long fileEnd = offsets[i] + lengths[i];
            if (lengths[i] == 0 || fileEnd <= pos) {
                i++;
                continue;
            }
            long take = Math.min(end, fileEnd) - pos;
            if (pad[i]) {
                addZeros(out, take);
            } else {
                out.add(new Segment.Fetch(fileUris[i], pos - offsets[i], take, lengths[i]));
            }
            pos += take;
            i++;
        }
        return out;
    }

    private static void addZeros(List<Segment> out, long n) {
        if (!out.isEmpty() && out.getLast() instanceof Segment.Zeros z) {
            out.set(out.size() - 1, new Segment.Zeros(z.length() + n));
        } else {
            out.add(new Segment.Zeros(n));
        }
    }

    /** The first file whose end is after {@code pos} (files are in offset order). */
    private int firstFileEndingAfter(long pos) {
        int lo = 0;
        int hi = offsets.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (offsets[mid] + lengths[mid] <= pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public String toString() {
        return "UrlSeed[" + url + "]";
    }
}
