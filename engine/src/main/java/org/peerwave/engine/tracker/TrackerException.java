package org.peerwave.engine.tracker;

import java.util.Objects;

/**
 * An announce or scrape that did not succeed. The message is one line meant for logs and the UI
 * ("tracker failure: unregistered torrent", "timed out after 15 s", ...); {@link #kind()} tells
 * callers what happened without parsing it.
 */
public final class TrackerException extends Exception {

    /** Why a tracker request failed. */
    public enum Kind {
        /** The tracker answered with {@code failure reason} (HTTP) or an error action (UDP). */
        FAILURE_REASON,
        /** No (complete) answer within the time-out, after every retransmission. */
        TIMEOUT,
        /** The answer was not bencode, was truncated or lacked required fields. */
        MALFORMED,
        /** The answer was larger than {@link TrackerSettings#maxResponseSize()}. */
        TOO_LARGE,
        /** An HTTP status other than 200, too many redirects, or a connection error. */
        NETWORK,
        /** The URL cannot be used (unknown scheme, no scrape URL, bad host). */
        UNSUPPORTED
    }

    private final Kind kind;

    public TrackerException(Kind kind, String message) {
        super(oneLine(message));
        this.kind = Objects.requireNonNull(kind);
    }

    public TrackerException(Kind kind, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.kind = Objects.requireNonNull(kind);
    }

    public Kind kind() {
        return kind;
    }

    private static String oneLine(String message) {
        String m = message == null ? "" : message.replaceAll("[\\r\\n\\t]+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
