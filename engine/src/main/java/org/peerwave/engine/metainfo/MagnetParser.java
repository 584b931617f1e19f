package org.peerwave.engine.metainfo;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a magnet link; see {@link MagnetLink} for the accepted syntax. One instance per parse
 * (it collects state); not thread-safe. Every failure is a {@link MagnetException}.
 */
final class MagnetParser {

    private static final Logger LOG = LoggerFactory.getLogger(MagnetParser.class);

    /** Multihash prefix of a sha2-256 digest: function code 0x12, digest length 0x20. */
    static final String SHA2_256_PREFIX = "1220";

    private static final String SCHEME = "magnet:";
    private static final String BTIH = "urn:btih:";
    private static final String BTMH = "urn:btmh:";
    private static final int SHA2_256_CODE = 0x12;
    private static final int QUOTE_LIMIT = 60;

    private final MagnetLimits limits;

    private InfoHash v1;
    private InfoHash v2;
    private String otherXt;
    private String displayName;
    private final List<String> trackers = new ArrayList<>();
    private final List<String> webSeeds = new ArrayList<>();
    private final List<String> exactSources = new ArrayList<>();
    private final List<String> acceptableSources = new ArrayList<>();
    private final List<String> peers = new ArrayList<>();
    private final List<FileRange> selectedFiles = new ArrayList<>();

    MagnetParser(MagnetLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    MagnetLink parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.length() > limits.maxLength()) {
            throw new MagnetException("magnet link is " + uri.length() + " characters long; the limit is "
                    + limits.maxLength());
        }
        String s = uri.strip();
        if (!s.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new MagnetException("not a magnet link: " + quote(s) + " does not start with 'magnet:'");
        }
        if (s.length() == SCHEME.length() || s.charAt(SCHEME.length()) != '?') {
            throw new MagnetException("magnet link has no query: expected '?' after 'magnet:'");
        }
        int end = s.indexOf('#');
        if (end < 0) {
            end = s.length();
        }
        String query = s.substring(SCHEME.length() + 1, end);

        int count = 0;
        for (int start = 0; start <= query.length(); ) {
            int amp = query.indexOf('&', start);
            int stop = amp < 0 ? query.length() : amp;
            if (stop > start) {
                if (++count > limits.maxParameters()) {
                    throw new MagnetException("magnet link has more than " + limits.maxParameters() + " parameters");
                }
                parameter(query.substring(start, stop));
            }
            start = stop + 1;
        }

        if (v1 == null && v2 == null) {
            throw new MagnetException("magnet link has no xt=urn:btih or urn:btmh info hash"
                    + (otherXt == null ? "" : " (only " + quote(otherXt) + ")"));
        }
        return new MagnetLink(new InfoHashes(v1, v2), displayName, trackers, webSeeds, exactSources,
                acceptableSources, peers, selectedFiles);
    }

    private void parameter(String param) {
        int eq = param.indexOf('=');
        String key = baseKey((eq < 0 ? param : param.substring(0, eq)).toLowerCase(Locale.ROOT));
        String raw = eq < 0 ? "" : param.substring(eq + 1);
        switch (key) {
            case "xt" -> exactTopic(decode(raw, false, key));
            case "dn" -> {
                String name = decode(raw, true, key);
                if (displayName == null && !name.isEmpty()) {
                    displayName = name;
                }
            }
            case "tr" -> addNonEmpty(trackers, decode(raw, false, key));
            case "ws" -> addNonEmpty(webSeeds, decode(raw, false, key));
            case "xs" -> addNonEmpty(exactSources, decode(raw, false, key));
            case "as" -> addNonEmpty(acceptableSources, decode(raw, false, key));
            case "x.pe" -> {
                String peer = decode(raw, false, key);
                if (!peer.isEmpty()) {
                    String problem = peerProblem(peer);
                    if (problem != null) {
                        // like libtorrent: one unusable peer hint does not make the link unusable
                        LOG.debug("ignoring a peer in a magnet link: {}", problem);
                    } else if (!peers.contains(peer)) {
                        peers.add(peer);
                    }
                }
            }
            case "so" -> selectOnly(decode(raw, false, key));
            default -> {
                // Unknown parameter (kt, xl, tr.x extensions, ...): ignored, value left undecoded.
            }
        }
    }

    /** {@code "tr.2"} → {@code "tr"} for the keys we know; anything else unchanged. */
    private static String baseKey(String key) {
        int dot = key.lastIndexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            return key;
        }
        for (int i = dot + 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return key;
            }
        }
        String base = key.substring(0, dot);
        return switch (base) {
            case "xt", "dn", "tr", "ws", "xs", "as", "x.pe", "so" -> base;
            default -> key;
        };
    }

    private static void addNonEmpty(List<String> list, String value) {
        if (!value.isEmpty()) {
            list.add(value);
        }
    }

    private void exactTopic(String xt) {
        if (xt.regionMatches(true, 0, BTIH, 0, BTIH.length())) {
            InfoHash hash = btih(xt.substring(BTIH.length()));
            if (v1 != null && !v1.equals(hash)) {
                throw new MagnetException("conflicting btih hashes " + v1.hex() + " and " + hash.hex());
            }
            v1 = hash;
        } else if (xt.regionMatches(true, 0, BTMH, 0, BTMH.length())) {
            InfoHash hash = btmh(xt.substring(BTMH.length()));
            if (v2 != null && !v2.equals(hash)) {
                throw new MagnetException("conflicting btmh hashes " + v2.hex() + " and " + hash.hex());
            }
            v2 = hash;
        } else if (otherXt == null) {
            otherXt = xt; // urn:ed2k:, urn:sha1:, ... : not ours, but worth naming if nothing else comes
        }
    }

    private static InfoHash btih(String text) {
        byte[] bytes = switch (text.length()) {
            case 40 -> hex(text);
            case 32 -> base32(text);
            default -> null;
        };
        if (bytes == null) {
            throw new MagnetException("invalid btih hash " + quote(text) + ": expected 40 hex or 32 base32 characters");
        }
        return InfoHash.v1(bytes);
    }

    private static InfoHash btmh(String text) {
        byte[] multihash = text.length() % 2 == 0 ? hex(text) : null;
        if (multihash == null || multihash.length < 2) {
            throw new MagnetException("invalid btmh hash " + quote(text)
                    + ": expected hex digits of a multihash ('1220' and 64 hex digits)");
        }
        int code = multihash[0] & 0xFF;
        int length = multihash[1] & 0xFF;
        if (code != SHA2_256_CODE) {
            throw new MagnetException(String.format(Locale.ROOT,
                    "unsupported btmh multihash function 0x%02x: only sha2-256 (0x12) is supported", code));
        }
        if (length != InfoHash.Version.V2.length()) {
            throw new MagnetException(String.format(Locale.ROOT,
                    "invalid btmh multihash length 0x%02x: sha2-256 digests are 32 bytes (0x20)", length));
        }
        if (multihash.length - 2 != length) {
            throw new MagnetException("btmh multihash declares 32 digest bytes but has " + (multihash.length - 2));
        }
        byte[] digest = new byte[length];
        System.arraycopy(multihash, 2, digest, 0, length);
        return InfoHash.v2(digest);
    }

    /** Hex digits (ASCII only, either case) to bytes; {@code null} when not hex or odd in length. */
    private static byte[] hex(String text) {
        if (text.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexDigit(text.charAt(2 * i));
            int lo = hexDigit(text.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static int hexDigit(char c) {
        return HexFormat.isHexDigit(c) ? HexFormat.fromHexDigit(c) : -1;
    }

    /** RFC 4648 base32 without padding, either case; {@code null} when a character is outside the alphabet. */
    private static byte[] base32(String text) {
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v;
            if (c >= 'A' && c <= 'Z') {
                v = c - 'A';
            } else if (c >= 'a' && c <= 'z') {
                v = c - 'a';
            } else if (c >= '2' && c <= '7') {
                v = c - '2' + 26;
            } else {
                return null;
            }
            buffer = (buffer << 5 | v) & 0x1FFF;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >> bits);
            }
        }
        return out;
    }

    private void selectOnly(String so) {
        if (so.isEmpty()) {
            throw new MagnetException("empty so parameter: expected file indices such as 0,2,4-6");
        }
        int start = 0;
        while (true) {
            int comma = so.indexOf(',', start);
            int stop = comma < 0 ? so.length() : comma;
            selectedFiles.add(fileRange(so.substring(start, stop), so));
            if (comma < 0) {
                return;
            }
            start = comma + 1;
        }
    }

    private static FileRange fileRange(String item, String so) {
        int dash = item.indexOf('-', 1); // a leading '-' is a sign, not a range: rejected below
        int first = fileIndex(dash < 0 ? item : item.substring(0, dash), so);
        int last = dash < 0 ? first : fileIndex(item.substring(dash + 1), so);
        if (last < first) {
            throw new MagnetException("invalid so range " + quote(item) + ": it ends before it starts");
        }
        return new FileRange(first, last);
    }

    private static int fileIndex(String digits, String so) {
        if (digits.isEmpty()) {
            throw new MagnetException("invalid so value " + quote(so)
                    + ": expected comma-separated file indices and ranges such as 0,2,4-6");
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new MagnetException("invalid so value " + quote(so) + ": " + quote(digits)
                        + " is not a file index (expected digits, ranges such as 4-6, commas)");
            }
            value = value * 10 + (c - '0');
            if (value > Integer.MAX_VALUE) {
                throw new MagnetException("invalid so value " + quote(so) + ": file index " + quote(digits)
                        + " is too large");
            }
        }
        return (int) value;
    }

    /**
     * Why a peer address is not {@code host:port} / {@code [ipv6]:port}, or {@code null} when it is.
     * Host names are ASCII letters, digits, {@code -}, {@code _} and {@code .}; ports 1 to 65535.
     */
    static String peerProblem(String peer) {
        int colon = peer.lastIndexOf(':');
        String why = null;
        if (colon <= 0) {
            why = "no port";
        } else {
            String host = peer.substring(0, colon);
            String port = peer.substring(colon + 1);
            if (!isPort(port)) {
                why = "port must be 1 to 65535";
            } else if (host.startsWith("[")) {
                if (host.length() < 3 || !host.endsWith("]") || !allIn(host.substring(1, host.length() - 1), true)) {
                    why = "bad IPv6 address";
                }
            } else if (!allIn(host, false)) {
                why = "bad host (IPv6 addresses go in brackets)";
            }
        }
        return why == null
                ? null
                : "invalid x.pe peer " + quote(peer) + ": " + why + "; expected host:port or [ipv6]:port";
    }

    private static boolean isPort(String port) {
        if (port.isEmpty() || port.length() > 5) {
            return false;
        }
        int value = 0;
        for (int i = 0; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value >= 1 && value <= 65535;
    }

    private static boolean allIn(String host, boolean ipv6) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = ipv6
                    ? HexFormat.isHexDigit(c) || c == ':' || c == '.'
                    : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                            || c == '-' || c == '.' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Percent-decodes {@code raw} as UTF-8. Characters that are not escaped are kept as they are (a
     * pasted link may hold raw non-ASCII text), but must be well-formed UTF-16.
     */
    static String decode(String raw, boolean plusIsSpace, String key) {
        int n = raw.length();
        StringBuilder out = null;
        byte[] bytes = null;
        for (int i = 0; i < n; ) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (out == null) {
                    out = new StringBuilder(n).append(raw, 0, i);
                    bytes = new byte[n / 3];
                }
                int len = 0;
                while (i < n && raw.charAt(i) == '%') {
                    if (i + 2 >= n) {
                        throw new MagnetException("truncated percent escape " + quote(raw.substring(i)) + " in " + key
                                + " value: expected % and two hex digits");
                    }
                    int hi = hexDigit(raw.charAt(i + 1));
                    int lo = hexDigit(raw.charAt(i + 2));
                    if (hi < 0 || lo < 0) {
                        throw new MagnetException("invalid percent escape " + quote(raw.substring(i, i + 3)) + " in "
                                + key + " value: expected % and two hex digits");
                    }
                    bytes[len++] = (byte) (hi << 4 | lo);
                    i += 3;
                }
                out.append(utf8(bytes, len, key));
            } else {
                if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(raw.charAt(i + 1))) {
                        throw new MagnetException(key + " value has an unpaired UTF-16 surrogate at index " + i);
                    }
                    if (out != null) {
                        out.append(c).append(raw.charAt(i + 1));
                    }
                    i += 2;
                    continue;
                }
                if (c == '+' && plusIsSpace) {
                    if (out == null) {
                        out = new StringBuilder(n).append(raw, 0, i);
                        bytes = new byte[n / 3];
                    }
                    out.append(' ');
                } else if (out != null) {
                    out.append(c);
                }
                i++;
            }
        }
        return out == null ? raw : out.toString();
    }

    private static String utf8(byte[] bytes, int len, String key) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new MagnetException("percent-encoded bytes in " + key + " value are not valid UTF-8");
        }
    }

    static boolean isWellFormedUtf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A value for an error message: single-quoted, shortened, control characters escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), QUOTE_LIMIT) + 8).append('\'');
        int shown = Math.min(s.length(), QUOTE_LIMIT);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029' || c == 0x85) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (shown < s.length()) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
