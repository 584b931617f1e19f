package org.peerwave.engine.webseed;

import java.net.URI;
import java.util.Objects;

/**
 * One part of a run of torrent bytes as a web seed serves it: bytes fetched with one HTTP request,
 * or zeros that are never requested (BEP 47 pad files, gaps between the files of a v2 torrent).
 * A run's segments follow each other in torrent order.
 */
public sealed interface Segment {

    /** Bytes of the torrent this segment covers. */
    long length();

    /**
     * One HTTP request.
     *
     * @param uri        the URL (BEP 19: the file; BEP 17: the script with its query)
     * @param rangeStart first byte of the file to ask for with a {@code Range} header, or -1 to send
     *                   none (BEP 17: the query names the bytes)
     * @param length     bytes expected (1 or more)
     * @param fileLength size of the whole file on the server when known (checked against
     *                   {@code Content-Range} and {@code Content-Length}), else -1
     */
    record Fetch(URI uri, long rangeStart, long length, long fileLength) implements Segment {
        public Fetch {
            Objects.requireNonNull(uri, "uri");
            if (length < 1 || rangeStart < -1 || fileLength < -1
                    || fileLength >= 0 && rangeStart >= 0 && rangeStart + length > fileLength) {
                throw new IllegalArgumentException("bad fetch: " + rangeStart + "+" + length + " of " + fileLength);
            }
        }

        /** The {@code Range} header value, or null when none is sent. */
        public String rangeHeader() {
            return rangeStart < 0 ? null : "bytes=" + rangeStart + "-" + (rangeStart + length - 1);
        }
    }

    /** Zeros that are filled in locally. */
    record Zeros(long length) implements Segment {
        public Zeros {
            if (length < 1) {
                throw new IllegalArgumentException("length must be positive: " + length);
            }
        }
    }
}
