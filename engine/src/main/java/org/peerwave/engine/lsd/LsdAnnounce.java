package org.peerwave.engine.lsd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One BEP 14 announce: {@code BT-SEARCH * HTTP/1.1} with {@code Host}, {@code Port}, one or more
 * {@code Infohash} headers (40 hex digits each) and an optional {@code cookie}.
 *
 * @param port       the sender's TCP listen port (1..65535)
 * @param infoHashes the 20-byte (v1 or truncated v2) info hashes announced
 * @param cookie     opaque value by which a sender recognises its own announces, or null
 */
public record LsdAnnounce(int port, List<byte[]> infoHashes, String cookie) {

    /** The largest packet we send (BEP 14: stay below 1400 bytes to avoid fragmentation). */
    public static final int MAX_PACKET = 1400;
    /** The largest packet we read; bigger ones are dropped. */
    public static final int MAX_INPUT = 8 * 1024;

    private static final HexFormat HEX = HexFormat.of();

    public LsdAnnounce {
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        List<byte[]> copy = new ArrayList<>();
        for (byte[] h : infoHashes) {
            if (h.length != 20) {
                throw new IllegalArgumentException("an info hash has 20 bytes, not " + h.length);
            }
            copy.add(h.clone());
        }
        infoHashes = List.copyOf(copy);
        if (cookie != null && (cookie.isEmpty() || cookie.length() > 64 || !cookie.chars().allMatch(
                c -> c > 0x20 && c < 0x7F))) {
            throw new IllegalArgumentException("bad cookie " + cookie);
        }
    }

    @Override
    public List<byte[]> infoHashes() {
        return infoHashes.stream().map(byte[]::clone).toList();
    }

    /** The packet, for the group {@code host} ({@code 239.192.152.143:6771} or {@code [ff15::efc0:988f]:6771}). */
    public byte[] encode(String host) {
        StringBuilder b = new StringBuilder(128 + 60 * infoHashes.size());
        b.append("BT-SEARCH * HTTP/1.1\r\n");
        b.append("Host: ").append(host).append("\r\n");
        b.append("Port: ").append(port).append("\r\n");
        for (byte[] h : infoHashes) {
            b.append("Infohash: ").append(HEX.formatHex(h)).append("\r\n");
        }
        if (cookie != null) {
            b.append("cookie: ").append(cookie).append("\r\n");
        }
        b.append("\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses a packet: empty when it is not a well-formed announce (not {@code BT-SEARCH}, no or bad
     * port, larger than {@link #MAX_INPUT}). Header names are case-insensitive, unknown headers are
     * ignored, malformed info hashes are skipped, at most {@code maxHashes} are kept.
     */
    public static Optional<LsdAnnounce> parse(byte[] packet, int length, int maxHashes) {
        Objects.checkFromIndexSize(0, length, packet.length);
        if (length > MAX_INPUT) {
            return Optional.empty();
        }
        String text = new String(packet, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].trim().toUpperCase(Locale.ROOT).startsWith("BT-SEARCH ")) {
            return Optional.empty();
        }
        Integer port = null;
        String cookie = null;
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break; // end of the headers
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "port" -> {
                    try {
                        int p = Integer.parseInt(value);
                        port = p >= 1 && p <= 0xFFFF ? p : null;
                    } catch (NumberFormatException e) {
                        port = null;
                    }
                    if (port == null) {
                        return Optional.empty();
                    }
                }
                case "infohash" -> {
                    if (value.length() == 40 && hashes.size() < maxHashes) {
                        try {
                            hashes.add(HEX.parseHex(value));
                        } catch (IllegalArgumentException notHex) {
                            // skipped
                        }
                    }
                }
                case "cookie" -> {
                    if (!value.isEmpty() && value.length() <= 64 && value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                        cookie = value;
                    }
                }
                default -> { }
            }
        }
        if (port == null) {
            return Optional.empty();
        }
        return Optional.of(new LsdAnnounce(port, hashes, cookie));
    }
}
