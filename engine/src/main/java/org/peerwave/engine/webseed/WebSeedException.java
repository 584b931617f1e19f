package org.peerwave.engine.webseed;

import java.io.IOException;
import java.time.Duration;

/** A web seed request that failed, and what the caller should make of it. */
public final class WebSeedException extends IOException {

    /** Why a request failed. */
    public enum Kind {
        /** Network error, time-out or an unexpected status: retry later, less often each time. */
        TRANSIENT,
        /** 503 (BEP 17/19): busy; {@link #retryAfter()} says when to come back. */
        BUSY,
        /** The server's sizes do not match the torrent (Content-Range, Content-Length, short or long body). */
        WRONG_SIZE,
        /** The transfer was aborted here (stall, shutdown). */
        ABORTED
    }

    private final Kind kind;
    private final Duration retryAfter;

    public WebSeedException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public WebSeedException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#BUSY}: the wait the server asked for, or null when it named none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
