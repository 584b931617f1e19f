package org.peerwave.engine.tracker;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** BEP 15 packets: builders and parsers, pure functions on byte arrays. */
final class UdpTrackerPackets {

    static final long PROTOCOL_ID = 0x41727101980L;
    static final int ACTION_CONNECT = 0;
    static final int ACTION_ANNOUNCE = 1;
    static final int ACTION_SCRAPE = 2;
    static final int ACTION_ERROR = 3;
    /** Info hashes per scrape packet that fit in a typical UDP payload (BEP 15 says about 74). */
    static final int MAX_SCRAPE_HASHES = 74;

    private UdpTrackerPackets() {
    }

    static byte[] connect(int transactionId) {
        return ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(ACTION_CONNECT).putInt(transactionId).array();
    }

    static byte[] announce(long connectionId, int transactionId, AnnounceRequest r, int defaultNumWant) {
        ByteBuffer b = ByteBuffer.allocate(98);
        b.putLong(connectionId).putInt(ACTION_ANNOUNCE).putInt(transactionId)
                .put(r.infoHash()).put(r.peerId())
                .putLong(r.downloaded()).putLong(r.left()).putLong(r.uploaded())
                .putInt(r.event().udpCode());
        byte[] ip = r.ip().map(a -> a.getAddress()).filter(a -> a.length == 4).orElse(new byte[4]);
        b.put(ip).putInt(r.key()).putInt(r.numWant() < 0 ? defaultNumWant : r.numWant()).putShort((short) r.port());
        return b.array();
    }

    static byte[] scrape(long connectionId, int transactionId, List<byte[]> infoHashes) {
        ByteBuffer b = ByteBuffer.allocate(16 + 20 * infoHashes.size());
        b.putLong(connectionId).putInt(ACTION_SCRAPE).putInt(transactionId);
        infoHashes.forEach(b::put);
        return b.array();
    }

    /** The header of any response: action and transaction id, or empty when shorter than 8 bytes. */
    record Header(int action, int transactionId) {
    }

    static Optional<Header> header(byte[] packet) {
        if (packet.length < 8) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(packet);
        return Optional.of(new Header(b.getInt(), b.getInt()));
    }

    /** The connection id from a connect response (whole packet). */
    static long parseConnect(byte[] packet) throws TrackerException {
        if (packet.length < 16) {
            throw truncated("connect", packet.length, 16);
        }
        return ByteBuffer.wrap(packet, 8, 8).getLong();
    }

    /** An announce response (whole packet); IPv6 trackers answer with 18-byte peers (BEP 15). */
    static AnnounceResponse parseAnnounce(byte[] packet, boolean ipv6) throws TrackerException {
        if (packet.length == 8) {
            // opentracker answers a torrent it does not serve (not on its whitelist) with a bare header
            throw new TrackerException(TrackerException.Kind.FAILURE_REASON, "tracker refused the announce: "
                    + "empty UDP announce answer (the torrent is not served by this tracker)");
        }
        if (packet.length < 20) {
            throw truncated("announce", packet.length, 20);
        }
        ByteBuffer b = ByteBuffer.wrap(packet, 8, 12);
        long interval = Integer.toUnsignedLong(b.getInt());
        int leechers = b.getInt();
        int seeders = b.getInt();
        List<InetSocketAddress> peers = CompactPeers.parse(packet, 20, packet.length - 20,
                ipv6 ? CompactPeers.IPV6_ENTRY : CompactPeers.IPV4_ENTRY, "UDP announce peers");
        return new AnnounceResponse(Duration.ofSeconds(interval), Optional.empty(), Math.max(-1, seeders),
                Math.max(-1, leechers), peers, Optional.empty(), Optional.empty());
    }

    static ScrapeResponse parseScrape(byte[] packet, List<byte[]> infoHashes) throws TrackerException {
        int expected = 8 + 12 * infoHashes.size();
        if (packet.length < expected) {
            throw truncated("scrape", packet.length, expected);
        }
        ByteBuffer b = ByteBuffer.wrap(packet, 8, packet.length - 8);
        Map<String, ScrapeResponse.Stats> files = new HashMap<>();
        for (byte[] h : infoHashes) {
            int seeders = b.getInt();
            int completed = b.getInt();
            int leechers = b.getInt();
            files.put(HexFormat.of().formatHex(h), new ScrapeResponse.Stats(seeders, completed, leechers));
        }
        return new ScrapeResponse(files);
    }

    /** The message of an error response (action 3). */
    static String parseError(byte[] packet) {
        String m = new String(packet, 8, packet.length - 8, StandardCharsets.UTF_8);
        int nul = m.indexOf('\0');
        return (nul >= 0 ? m.substring(0, nul) : m).strip();
    }

    private static TrackerException truncated(String what, int length, int needed) {
        return new TrackerException(TrackerException.Kind.MALFORMED, "truncated UDP " + what + " response: "
                + length + " bytes, need at least " + needed);
    }
}
