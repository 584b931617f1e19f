package org.peerwave.engine.tracker;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.peerwave.engine.metainfo.InfoHashes;

/**
 * One announce (BEP 3, BEP 15). For v2-only torrents the info hash is the truncated SHA-256
 * (BEP 52); {@link #forTorrent} picks the right one through {@link InfoHashes#wireBytes()}.
 *
 * @param infoHash   20 bytes
 * @param peerId     20 bytes
 * @param port       the port peers reach us on, 1..65535 (0 is allowed for scrape-like "don't list me")
 * @param uploaded   bytes uploaded since the {@code started} event
 * @param downloaded bytes downloaded since the {@code started} event
 * @param left       bytes still missing
 * @param event      started/completed/stopped or none
 * @param numWant    peers wanted; negative lets the tracker choose
 * @param compact    ask for compact peer lists (BEP 23); UDP is always compact
 * @param key        random per-session key that identifies us across IP changes
 * @param ip         an address to report instead of the source address (optional)
 * @param trackerId  the {@code tracker id} the tracker gave in an earlier response (HTTP only)
 */
public record AnnounceRequest(byte[] infoHash, byte[] peerId, int port, long uploaded, long downloaded, long left,
        AnnounceEvent event, int numWant, boolean compact, int key, Optional<InetAddress> ip,
        Optional<String> trackerId) {

    public AnnounceRequest {
        infoHash = checkedCopy(infoHash, "info hash");
        peerId = checkedCopy(peerId, "peer id");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("negative transfer counter: uploaded=" + uploaded
                    + " downloaded=" + downloaded + " left=" + left);
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(trackerId, "trackerId");
    }

    /** A request with no optional fields: compact, tracker-chosen numwant. */
    public static AnnounceRequest of(byte[] infoHash, byte[] peerId, int port, long uploaded, long downloaded,
            long left, AnnounceEvent event, int numWant, int key) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, event, numWant, true, key,
                Optional.empty(), Optional.empty());
    }

    /** A request for a torrent: its v1 hash, or the truncated v2 hash for v2-only torrents (BEP 52). */
    public static AnnounceRequest forTorrent(InfoHashes hashes, byte[] peerId, int port, long uploaded,
            long downloaded, long left, AnnounceEvent event, int numWant, int key) {
        return of(hashes.wireBytes(), peerId, port, uploaded, downloaded, left, event, numWant, key);
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    public AnnounceRequest withEvent(AnnounceEvent newEvent) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, newEvent, numWant, compact,
                key, ip, trackerId);
    }

    public AnnounceRequest withCompact(boolean newCompact) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, event, numWant, newCompact,
                key, ip, trackerId);
    }

    public AnnounceRequest withTrackerId(Optional<String> newTrackerId) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, event, numWant, compact,
                key, ip, newTrackerId);
    }

    public AnnounceRequest withTransfer(long newUploaded, long newDownloaded, long newLeft) {
        return new AnnounceRequest(infoHash, peerId, port, newUploaded, newDownloaded, newLeft, event, numWant,
                compact, key, ip, trackerId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnounceRequest r && Arrays.equals(infoHash, r.infoHash) && Arrays.equals(peerId, r.peerId)
                && port == r.port && uploaded == r.uploaded && downloaded == r.downloaded && left == r.left
                && event == r.event && numWant == r.numWant && compact == r.compact && key == r.key
                && ip.equals(r.ip) && trackerId.equals(r.trackerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(infoHash), Arrays.hashCode(peerId), port, uploaded, downloaded, left,
                event, numWant, compact, key, ip, trackerId);
    }

    @Override
    public String toString() {
        return "AnnounceRequest[" + HexFormat.of().formatHex(infoHash) + " port=" + port + " event=" + event
                + " left=" + left + " numwant=" + numWant + "]";
    }

    private static byte[] checkedCopy(byte[] bytes, String what) {
        Objects.requireNonNull(bytes, what);
        if (bytes.length != 20) {
            throw new IllegalArgumentException(what + " must be 20 bytes, was " + bytes.length);
        }
        return bytes.clone();
    }
}
