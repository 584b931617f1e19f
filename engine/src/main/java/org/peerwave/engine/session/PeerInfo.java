package org.peerwave.engine.session;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One connected peer of a torrent as a UI shows it (a row of a Peers tab); see
 * {@link TorrentHandle#peers()}. Immutable.
 *
 * @param address         the peer's address
 * @param client          its client name: the BEP 10 {@code v} when it sent one, else read from its
 *                        peer id (e.g. {@code -lt2000-}), else empty
 * @param outbound        we dialed it (else it connected to us)
 * @param weChoke         we choke it
 * @param weInterested    we are interested in its pieces
 * @param theyChoke       it chokes us
 * @param theyInterested  it is interested in our pieces
 * @param progress        fraction of the torrent's pieces it has, 0..1
 * @param downloadRate    bytes per second we receive from it
 * @param uploadRate      bytes per second we send to it
 */
public record PeerInfo(InetSocketAddress address, String client, boolean outbound, boolean weChoke,
                       boolean weInterested, boolean theyChoke, boolean theyInterested, double progress,
                       long downloadRate, long uploadRate) {

    public PeerInfo {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(client, "client");
        if (progress < 0 || progress > 1) {
            throw new IllegalArgumentException("progress out of 0..1: " + progress);
        }
    }

    /**
     * The usual short flags of BitTorrent clients: {@code D} we download from it (interested and
     * unchoked), {@code d} we are interested but choked, {@code U} we upload to it, {@code u} it is
     * interested but we choke it, {@code I} inbound connection.
     */
    public String flags() {
        StringBuilder sb = new StringBuilder();
        if (weInterested) {
            sb.append(theyChoke ? 'd' : 'D');
        }
        if (theyInterested) {
            sb.append(weChoke ? 'u' : 'U');
        }
        if (!outbound) {
            sb.append('I');
        }
        return sb.toString();
    }

    /**
     * A client name read from a peer id: Azureus style {@code -XXVVVV-} gives {@code "XX VVVV"},
     * otherwise the printable ASCII prefix; empty when nothing readable.
     */
    public static String clientFromPeerId(byte[] peerId) {
        if (peerId == null || peerId.length < 8) {
            return "";
        }
        if (peerId[0] == '-' && peerId[7] == '-' && printable(peerId, 1, 7)) {
            return new String(peerId, 1, 2, java.nio.charset.StandardCharsets.US_ASCII) + " "
                    + new String(peerId, 3, 4, java.nio.charset.StandardCharsets.US_ASCII);
        }
        int n = 0;
        while (n < peerId.length && peerId[n] >= 0x21 && peerId[n] <= 0x7e) {
            n++;
        }
        return n < 3 ? "" : new String(peerId, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static boolean printable(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0x21 || b[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
