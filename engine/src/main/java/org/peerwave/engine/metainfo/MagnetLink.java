package org.peerwave.engine.metainfo;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A BitTorrent magnet link (BEP 9, with BEP 52 {@code btmh} hashes and BEP 53 file selection).
 * Immutable value; {@link #parse(String)} reads one, {@link #toUri()} writes one, and
 * {@code parse(link.toUri())} equals {@code link}.
 *
 * <h2>Parsing</h2>
 * <ul>
 *   <li>The scheme {@code magnet:} is matched in any case and must be followed by {@code ?}.
 *       Surrounding whitespace is ignored, and so is a {@code #fragment}.</li>
 *   <li>{@code xt=urn:btih:} takes 40 hex digits or 32 base32 characters (RFC 4648 alphabet, no
 *       padding), either case, for a v1 hash; {@code xt=urn:btmh:} takes a sha2-256 multihash,
 *       {@code 1220} followed by 64 hex digits, for a v2 hash; both make a hybrid. Other
 *       {@code xt} URNs are ignored. Two different hashes of the same version are an error.</li>
 *   <li>{@code tr}, {@code ws}, {@code xs}, {@code as} and {@code x.pe} may repeat; empty values
 *       are skipped and repeats of the same value are kept once. {@code x.pe} must be
 *       {@code host:port} or {@code [ipv6]:port}.</li>
 *   <li>{@code dn}: the first one counts; an empty one is the same as none.</li>
 *   <li>{@code so} (BEP 53): comma-separated indices and inclusive ranges such as
 *       {@code 0,2,4-6}; several {@code so} parameters add up.</li>
 *   <li>Numbered keys ({@code xt.1}, {@code tr.2}, ...) mean the same as the plain key, and keys are
 *       matched in any case. Unknown parameters are ignored (their values are not decoded).</li>
 *   <li>Values are percent-decoded as UTF-8; a bad escape ({@code %zz}, a truncated {@code %4}) or
 *       bytes that are not UTF-8 are an error. A {@code +} is a literal plus sign everywhere except
 *       in {@code dn}, where it is a space: browsers and HTML forms encode spaces in names as
 *       {@code +}, while tracker and web-seed URLs may contain a real {@code +}. (A plus sign in a
 *       name therefore has to be written {@code %2B}, which {@link #toUri()} does.)</li>
 *   <li>Input longer than {@link MagnetLimits#maxLength()} or with more parameters than
 *       {@link MagnetLimits#maxParameters()} is rejected before any decoding.</li>
 * </ul>
 *
 * @param infoHashes the v1 and/or v2 info hash
 * @param displayName the {@code dn} name, or {@code null}; never empty
 * @param trackers {@code tr} tracker URLs
 * @param webSeeds {@code ws} web seed URLs (BEP 19)
 * @param exactSources {@code xs} exact sources (URLs of the .torrent file)
 * @param acceptableSources {@code as} acceptable sources (fallback URLs)
 * @param peers {@code x.pe} peer addresses, {@code host:port} or {@code [ipv6]:port}
 * @param selectedFiles {@code so} file ranges to download (BEP 53); empty means every file
 */
public record MagnetLink(
        InfoHashes infoHashes,
        String displayName,
        List<String> trackers,
        List<String> webSeeds,
        List<String> exactSources,
        List<String> acceptableSources,
        List<String> peers,
        List<FileRange> selectedFiles) {

    /**
     * Checks and copies. Lists become immutable, with duplicates removed (first one kept) except in
     * {@code selectedFiles}; an empty {@code displayName} becomes {@code null}.
     *
     * @throws NullPointerException when a list or a list element is {@code null}
     * @throws IllegalArgumentException when a string is empty or not well-formed UTF-16, or a peer
     *     is not {@code host:port}
     */
    public MagnetLink {
        Objects.requireNonNull(infoHashes, "infoHashes");
        if (displayName != null) {
            displayName = displayName.isEmpty() ? null : requireWellFormed(displayName, "displayName");
        }
        trackers = cleanList(trackers, "trackers");
        webSeeds = cleanList(webSeeds, "webSeeds");
        exactSources = cleanList(exactSources, "exactSources");
        acceptableSources = cleanList(acceptableSources, "acceptableSources");
        peers = cleanList(peers, "peers");
        for (String peer : peers) {
            String problem = MagnetParser.peerProblem(peer);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        selectedFiles = List.copyOf(Objects.requireNonNull(selectedFiles, "selectedFiles"));
    }

    /** A link with hashes, an optional name ({@code null} for none), trackers and web seeds. */
    public static MagnetLink of(InfoHashes hashes, String name, List<String> trackers, List<String> webSeeds) {
        return new MagnetLink(hashes, name, trackers, webSeeds, List.of(), List.of(), List.of(), List.of());
    }

    /** The magnet link of a torrent: its hashes, name, every tracker (tier order) and web seeds. */
    public static MagnetLink forTorrent(TorrentMetainfo torrent) {
        List<String> trackers = torrent.trackers().stream().flatMap(List::stream).toList();
        return of(torrent.infoHashes(), torrent.name(), trackers, torrent.webSeeds());
    }

    /** Parses a magnet link within {@link MagnetLimits#DEFAULT}. */
    public static MagnetLink parse(String uri) {
        return parse(uri, MagnetLimits.DEFAULT);
    }

    /**
     * Parses a magnet link within the given limits.
     *
     * @throws MagnetException when the link is malformed, has no usable info hash, or is too large
     * @throws NullPointerException when {@code uri} or {@code limits} is {@code null}
     */
    public static MagnetLink parse(String uri, MagnetLimits limits) {
        return new MagnetParser(limits).parse(uri);
    }

    /** True when BEP 53 selects this file: {@code selectedFiles} is empty or one range contains it. */
    public boolean isSelected(int fileIndex) {
        if (selectedFiles.isEmpty()) {
            return fileIndex >= 0;
        }
        for (FileRange range : selectedFiles) {
            if (range.contains(fileIndex)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the link: {@code xt} (btih then btmh), {@code dn}, each {@code tr}, {@code ws},
     * {@code xs}, {@code as}, {@code x.pe}, then one {@code so}. Hashes are lower-case hex; values are
     * percent-encoded as UTF-8, leaving RFC 3986 unreserved characters as they are, plus {@code :}
     * and {@code /} in URLs and peers. A space in {@code dn} is {@code %20}.
     *
     * <p>The result may be longer than the input this link was parsed from (non-ASCII names grow
     * when encoded), so re-parsing it can need limits above {@link MagnetLimits#DEFAULT}.
     */
    public String toUri() {
        StringBuilder sb = new StringBuilder(128).append("magnet:?");
        if (infoHashes.hasV1()) {
            param(sb, true, "xt").append("urn:btih:").append(infoHashes.v1().hex());
        }
        if (infoHashes.hasV2()) {
            param(sb, !infoHashes.hasV1(), "xt").append("urn:btmh:").append(MagnetParser.SHA2_256_PREFIX)
                    .append(infoHashes.v2().hex());
        }
        if (displayName != null) {
            encode(param(sb, false, "dn"), displayName, false);
        }
        encodeAll(sb, "tr", trackers);
        encodeAll(sb, "ws", webSeeds);
        encodeAll(sb, "xs", exactSources);
        encodeAll(sb, "as", acceptableSources);
        encodeAll(sb, "x.pe", peers);
        if (!selectedFiles.isEmpty()) {
            param(sb, false, "so");
            for (int i = 0; i < selectedFiles.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(selectedFiles.get(i));
            }
        }
        return sb.toString();
    }

    /** The same as {@link #toUri()}. */
    @Override
    public String toString() {
        return toUri();
    }

    private static StringBuilder param(StringBuilder sb, boolean first, String key) {
        if (!first) {
            sb.append('&');
        }
        return sb.append(key).append('=');
    }

    private static void encodeAll(StringBuilder sb, String key, List<String> values) {
        for (String value : values) {
            encode(param(sb, false, key), value, true);
        }
    }

    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private static void encode(StringBuilder sb, String value, boolean keepColonAndSlash) {
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (isUnreserved(c) || (keepColonAndSlash && (c == ':' || c == '/'))) {
                sb.append(c);
            } else {
                sb.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xF]);
            }
        }
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static List<String> cleanList(List<String> values, String what) {
        Objects.requireNonNull(values, what);
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String value : values) {
            Objects.requireNonNull(value, () -> what + " holds null");
            if (value.isEmpty()) {
                throw new IllegalArgumentException(what + " holds an empty string");
            }
            unique.add(requireWellFormed(value, what));
        }
        return List.copyOf(unique);
    }

    private static String requireWellFormed(String s, String what) {
        if (!MagnetParser.isWellFormedUtf16(s)) {
            throw new IllegalArgumentException(what + " holds an unpaired UTF-16 surrogate");
        }
        return s;
    }
}
