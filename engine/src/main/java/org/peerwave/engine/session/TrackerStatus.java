package org.peerwave.engine.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One tracker of a torrent as the UI shows it (a row of a Trackers tab); see
 * {@link TorrentHandle#trackers()}.
 *
 * @param url           the announce URL
 * @param tier          its BEP 12 tier, 0 first
 * @param state         what we know of it now
 * @param lastAnnounce  when the last announce to it finished (successfully or not)
 * @param nextAnnounce  when the next regular announce is due (empty while the torrent is not running)
 * @param seeds         seeders it reported ({@code complete}), -1 when unknown
 * @param leechers      leechers it reported ({@code incomplete}), -1 when unknown
 * @param peersReceived peer addresses in its last answer
 * @param message       its failure reason or error (state {@link State#ERROR}), or its warning
 */
public record TrackerStatus(String url, int tier, State state, Optional<Instant> lastAnnounce,
                            Optional<Instant> nextAnnounce, int seeds, int leechers, int peersReceived,
                            Optional<String> message) {

    /** What we know of a tracker. */
    public enum State {
        /** Not announced to yet (a tracker in a later tier is only tried when earlier ones fail). */
        NOT_CONTACTED,
        /** An announce to it is in flight. */
        UPDATING,
        /** Its last announce succeeded. */
        WORKING,
        /** Its last announce failed; {@link #message()} says why. */
        ERROR
    }

    public TrackerStatus {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastAnnounce, "lastAnnounce");
        Objects.requireNonNull(nextAnnounce, "nextAnnounce");
        Objects.requireNonNull(message, "message");
    }
}
