package org.peerwave.engine.tracker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.BencodeDecoder;
import org.peerwave.engine.bencode.BencodeException;
import org.peerwave.engine.bencode.BencodeLimits;

/** Parses HTTP tracker bodies (BEP 3, 23, 7, 48): pure functions, no I/O. */
final class HttpTrackerResponses {

    /** Most peers taken from one non-compact list; the rest is ignored. */
    static final int MAX_DICT_PEERS = 10_000;

    private HttpTrackerResponses() {
    }

    static AnnounceResponse parseAnnounce(byte[] body, int maxSize) throws TrackerException {
        BDictionary d = decode(body, maxSize);
        failureReason(d);
        long interval = requiredInt(d, "interval");
        if (interval < 0) {
            throw malformed("negative interval " + interval);
        }
        Optional<Duration> minInterval = optionalInt(d, "min interval")
                .filter(v -> v >= 0).map(Duration::ofSeconds);
        int complete = (int) clamp(optionalInt(d, "complete").orElse(-1L));
        int incomplete = (int) clamp(optionalInt(d, "incomplete").orElse(-1L));
        List<InetSocketAddress> peers = new ArrayList<>();
        BValue p = d.get("peers");
        switch (p) {
            case null -> { }
            case BString s -> peers.addAll(CompactPeers.parse(s.bytes(), 0, s.length(), CompactPeers.IPV4_ENTRY,
                    "peers"));
            case BList l -> peers.addAll(dictionaryPeers(l));
            default -> throw malformed("peers is a " + p.typeName());
        }
        BValue p6 = d.get("peers6");
        switch (p6) {
            case null -> { }
            case BString s -> peers.addAll(CompactPeers.parse(s.bytes(), 0, s.length(), CompactPeers.IPV6_ENTRY,
                    "peers6"));
            case BList l -> peers.addAll(dictionaryPeers(l));
            default -> throw malformed("peers6 is a " + p6.typeName());
        }
        return new AnnounceResponse(Duration.ofSeconds(interval), minInterval, complete, incomplete, peers,
                optionalText(d, "warning message"), optionalText(d, "tracker id"));
    }

    static ScrapeResponse parseScrape(byte[] body, int maxSize) throws TrackerException {
        BDictionary d = decode(body, maxSize);
        failureReason(d);
        if (!(d.get("files") instanceof BDictionary files)) {
            throw malformed("scrape response has no files dictionary");
        }
        Map<String, ScrapeResponse.Stats> out = new HashMap<>();
        for (var e : files.entries().entrySet()) {
            byte[] hash = scrapeKey(e.getKey());
            if (hash == null || !(e.getValue() instanceof BDictionary f)) {
                continue;
            }
            out.put(HexFormat.of().formatHex(hash), new ScrapeResponse.Stats(
                    (int) clamp(optionalInt(f, "complete").orElse(0L)),
                    (int) clamp(optionalInt(f, "downloaded").orElse(0L)),
                    (int) clamp(optionalInt(f, "incomplete").orElse(0L))));
        }
        return new ScrapeResponse(out);
    }

    /**
     * The 20-byte info hash of a {@code files} key. npm bittorrent-tracker (seen with 9.19) writes the
     * key as the UTF-8 encoding of the hash read as Latin-1 (bytes 0x80-0xff take two bytes); such
     * a key is mapped back, anything else that is not 20 bytes is ignored.
     */
    static byte[] scrapeKey(BString key) {
        if (key.length() == 20) {
            return key.bytes();
        }
        if (key.length() > 20 && key.length() <= 40 && key.isValidUtf8()) {
            String s = key.utf8();
            if (s.length() == 20 && s.chars().allMatch(c -> c <= 0xff)) {
                return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static BDictionary decode(byte[] body, int maxSize) throws TrackerException {
        if (body.length > maxSize) {
            throw new TrackerException(TrackerException.Kind.TOO_LARGE, "tracker response too large: "
                    + body.length + " bytes, limit " + maxSize);
        }
        if (body.length == 0) {
            throw malformed("empty tracker response");
        }
        if (body[0] != 'd') {
            throw malformed("tracker response is not bencode (starts with " + preview(body) + ")");
        }
        try {
            BencodeLimits limits = BencodeLimits.MESSAGE.withMaxInputSize(Math.max(maxSize, 1));
            return new BencodeDecoder(limits).decodeDictionary(body);
        } catch (BencodeException e) {
            throw malformed("tracker response is not valid bencode: " + e.getMessage());
        }
    }

    private static void failureReason(BDictionary d) throws TrackerException {
        BValue failure = d.get("failure reason");
        if (failure != null) {
            String reason = failure instanceof BString s ? s.utf8() : String.valueOf(failure);
            throw new TrackerException(TrackerException.Kind.FAILURE_REASON, "tracker failure: " + reason);
        }
    }

    private static List<InetSocketAddress> dictionaryPeers(BList list) throws TrackerException {
        List<InetSocketAddress> peers = new ArrayList<>();
        for (BValue v : list.values()) {
            if (peers.size() >= MAX_DICT_PEERS) {
                break;
            }
            if (!(v instanceof BDictionary peer)) {
                throw malformed("peer list entry is a " + v.typeName());
            }
            if (!(peer.get("ip") instanceof BString ip) || !(peer.get("port") instanceof BInteger port)) {
                throw malformed("peer list entry without ip or port");
            }
            if (port.value() <= 0 || port.value() > 65535 || ip.length() == 0 || ip.length() > 255) {
                continue;
            }
            String host = ip.utf8();
            peers.add(literalOrUnresolved(host, (int) port.value()));
        }
        return peers;
    }

    /** A literal IPv4/IPv6 address becomes a resolved address; a host name stays unresolved (no DNS here). */
    static InetSocketAddress literalOrUnresolved(String host, int port) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(h), port);
        } catch (IllegalArgumentException notLiteral) {
            return InetSocketAddress.createUnresolved(h, port);
        }
    }

    private static long requiredInt(BDictionary d, String key) throws TrackerException {
        BValue v = d.get(key);
        if (v instanceof BInteger i) {
            return i.value();
        }
        throw malformed(v == null ? "tracker response has no " + key : key + " is a " + v.typeName());
    }

    private static Optional<Long> optionalInt(BDictionary d, String key) {
        return d.get(key) instanceof BInteger i ? Optional.of(i.value()) : Optional.empty();
    }

    private static Optional<String> optionalText(BDictionary d, String key) {
        return d.get(key) instanceof BString s ? Optional.of(s.utf8()) : Optional.empty();
    }

    private static long clamp(long v) {
        return Math.max(-1, Math.min(Integer.MAX_VALUE, v));
    }

    private static TrackerException malformed(String message) {
        return new TrackerException(TrackerException.Kind.MALFORMED, message);
    }

    private static String preview(byte[] body) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(body.length, 16); i++) {
            int c = body[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append(body.length > 16 ? "...\"" : "\"").toString();
    }
}
