package org.peerwave.app.service;

/** One tracker for a Trackers tab; {@code lastAnnounce} is empty when never announced. */
public record TrackerEntry(String url, int tier, String status, String lastAnnounce, int seeds, int leechers,
                           String message) {
}
