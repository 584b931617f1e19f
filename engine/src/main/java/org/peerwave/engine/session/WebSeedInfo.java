package org.peerwave.engine.session;

/**
 * One web seed of a torrent, as a Peers tab shows it.
 *
 * @param url          the web seed's URL (BEP 19 {@code url-list}, BEP 17 {@code httpseeds} or a
 *                     magnet link's {@code ws=})
 * @param status       {@code idle}, {@code downloading}, {@code backing_off} or {@code dropped}
 * @param downloaded   payload bytes of blocks accepted from it (pad bytes filled in here count, as
 *                     they do for peers)
 * @param downloadRate bytes per second lately
 * @param failures     pieces it sent that failed their hash check, and wrong sizes
 * @param lastError    the latest error, or null
 */
public record WebSeedInfo(String url, String status, long downloaded, long downloadRate, int failures,
                          String lastError) {
}
