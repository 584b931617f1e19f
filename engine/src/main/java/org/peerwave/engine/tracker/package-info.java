/**
 * Trackers: HTTP(S) and UDP announce and scrape, BEP 12 tiers and a per-torrent announce schedule.
 *
 * <p>{@link org.peerwave.engine.tracker.TrackerClients} routes a URL to
 * {@link org.peerwave.engine.tracker.HttpTrackerClient} or
 * {@link org.peerwave.engine.tracker.UdpTrackerClient}; both return futures that fail with a
 * {@link org.peerwave.engine.tracker.TrackerException} carrying a one-line reason.
 * {@link org.peerwave.engine.tracker.TrackerAnnouncer} drives one torrent's announces over
 * {@link org.peerwave.engine.tracker.TrackerTiers}; its owner calls {@code poll()} regularly.
 * Limits and time-outs are in {@link org.peerwave.engine.tracker.TrackerSettings}. Design notes:
 * {@code docs/decisions/0005-tracker-clients.md}.
 */
package org.peerwave.engine.tracker;
