package org.peerwave.engine.wire;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * BEP 20 peer ids: ours ({@code -PW0100-} and 12 random characters) and a parser that names the
 * client behind a remote id, for the user interface.
 */
public final class PeerId {

    /** Our client code in Azureus style. */
    public static final String CLIENT_CODE = "PW";
    /** Our version in the peer id: 0.1.0.0. */
    public static final String VERSION = "0100";
    /** The prefix of every peer id we make. */
    public static final String PREFIX = "-" + CLIENT_CODE + VERSION + "-";

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final RandomGenerator RANDOM = new SecureRandom();

    /** Azureus-style two-letter codes (BEP 20 and the clients seen in practice). */
    private static final Map<String, String> AZUREUS = Map.ofEntries(
            Map.entry("PW", "Peerwave"),
            Map.entry("qB", "qBittorrent"),
            Map.entry("lt", "libtorrent (Rasterbar)"),
            Map.entry("LT", "libtorrent (Rasterbar)"),
            Map.entry("TR", "Transmission"),
            Map.entry("UT", "\u00b5Torrent"),
            Map.entry("UM", "\u00b5Torrent for Mac"),
            Map.entry("UW", "\u00b5Torrent Web"),
            Map.entry("BT", "BitTorrent"),
            Map.entry("WW", "WebTorrent"),
            Map.entry("WD", "WebTorrent Desktop"),
            Map.entry("DE", "Deluge"),
            Map.entry("AZ", "Vuze"),
            Map.entry("BI", "BiglyBT"),
            Map.entry("KT", "KTorrent"),
            Map.entry("FD", "Free Download Manager"),
            Map.entry("RC", "rqbit"),
            Map.entry("TL", "Tribler"),
            Map.entry("BC", "BitComet"),
            Map.entry("XL", "Xunlei"),
            Map.entry("SD", "Thunder"),
            Map.entry("FW", "FrostWire"),
            Map.entry("LW", "LimeWire"),
            Map.entry("SZ", "Shareaza"),
            Map.entry("PI", "PicoTorrent"),
            Map.entry("TX", "Tixati"));

    private PeerId() {
    }

    /** A new random peer id: {@code -PW0100-} and 12 characters from [0-9A-Za-z]. */
    public static byte[] generate() {
        return generate(RANDOM);
    }

    /** A new peer id with the given random source (tests). */
    public static byte[] generate(RandomGenerator random) {
        StringBuilder sb = new StringBuilder(PREFIX);
        while (sb.length() < 20) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The client and version behind a peer id, e.g. "libtorrent (Rasterbar) 2.0.8.0", "aria2 1.36.0",
     * "Mainline 7.10.5"; empty when not recognised.
     */
    public static Optional<String> clientName(byte[] id) {
        if (id == null || id.length != 20) {
            return Optional.empty();
        }
        String s = new String(id, StandardCharsets.ISO_8859_1);
        // Azureus style: -XXVVVV-
        if (s.charAt(0) == '-' && s.charAt(7) == '-') {
            String name = AZUREUS.get(s.substring(1, 3));
            if (name != null) {
                return Optional.of(name + " " + azureusVersion(s.substring(3, 7)));
            }
            return Optional.empty();
        }
        // aria2: A2-1-36-0-...
        if (s.startsWith("A2-")) {
            return Optional.of("aria2" + dashedVersion(s.substring(3)));
        }
        // Mainline: M7-10-5--... or M4-4-0--...
        if (s.charAt(0) == 'M' && Character.isDigit(s.charAt(1))) {
            return Optional.of("Mainline" + dashedVersion(s.substring(1)));
        }
        return Optional.empty();
    }

    /** The id with non-printable bytes escaped, for logs. */
    public static String printable(byte[] id) {
        StringBuilder sb = new StringBuilder(id.length);
        for (byte b : id) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("%%%02X", c));
            }
        }
        return sb.toString();
    }

    private static String azureusVersion(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            int n = Character.isDigit(c) ? c - '0' : Character.isUpperCase(c) ? c - 'A' + 10
                    : Character.isLowerCase(c) ? c - 'a' + 36 : -1;
            if (n < 0) {
                return v;
            }
            if (i > 0) {
                sb.append('.');
            }
            sb.append(n);
        }
        return sb.toString();
    }

    /** "1-36-0-xyz" → " 1.36.0"; digits separated by dashes, up to the first double dash or non digit. */
    private static String dashedVersion(String rest) {
        StringBuilder sb = new StringBuilder(" ");
        int i = 0;
        boolean digits = false;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (Character.isDigit(c)) {
                sb.append(c);
                digits = true;
            } else if (c == '-' && digits && i + 1 < rest.length() && Character.isDigit(rest.charAt(i + 1))) {
                sb.append('.');
            } else {
                break;
            }
            i++;
        }
        return digits ? sb.toString() : "";
    }
}
