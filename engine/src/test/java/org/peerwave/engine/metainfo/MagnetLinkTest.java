package org.peerwave.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MagnetLinkTest {

    /** SHA-1 of the empty string; its base32 form is the well-known Gnutella empty-file URN. */
    private static final String EMPTY_SHA1_HEX = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    private static final String EMPTY_SHA1_BASE32 = "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ";
    private static final String V2_HEX = "cafebabe" + "0123456789abcdef".repeat(3) + "deadbeef";
    private static final InfoHash V1 = InfoHash.fromHex(EMPTY_SHA1_HEX);
    private static final InfoHash V2 = InfoHash.fromHex(V2_HEX);

    private static byte[] sha1(String s) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Base32 the slow way, one bit at a time, independent of the parser's decoder. */
    private static String base32(byte[] bytes) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder bits = new StringBuilder();
        for (byte b : bytes) {
            for (int i = 7; i >= 0; i--) {
                bits.append((b >> i) & 1);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bits.length(); i += 5) {
            out.append(alphabet.charAt(Integer.parseInt(bits.substring(i, i + 5), 2)));
        }
        return out.toString();
    }

    private static String btih(String hash) {
        return "magnet:?xt=urn:btih:" + hash;
    }

    private static void assertRoundTrips(MagnetLink link) {
        assertThat(MagnetLink.parse(link.toUri())).isEqualTo(link);
        assertThat(link.toString()).isEqualTo(link.toUri());
    }

    private static void assertRejected(String uri, String... messageParts) {
        assertThatThrownBy(() -> MagnetLink.parse(uri))
                .isInstanceOf(MagnetException.class)
                .message()
                .contains(messageParts)
                .doesNotContain("\n");
    }

    // ---- Info hashes ----

    @Test
    void btihHexInEitherCase() {
        MagnetLink lower = MagnetLink.parse(btih(EMPTY_SHA1_HEX));
        MagnetLink upper = MagnetLink.parse(btih(EMPTY_SHA1_HEX.toUpperCase(Locale.ROOT)));

        assertThat(lower.infoHashes()).isEqualTo(InfoHashes.ofV1(V1));
        assertThat(upper).isEqualTo(lower);
        assertThat(lower.displayName()).isNull();
        assertThat(lower.trackers()).isEmpty();
        assertThat(lower.selectedFiles()).isEmpty();
    }

    @Test
    void btihBase32OfAKnownSha1() {
        byte[] digest = sha1("");
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(EMPTY_SHA1_HEX);
        assertThat(base32(digest)).isEqualTo(EMPTY_SHA1_BASE32);

        MagnetLink link = MagnetLink.parse(btih(EMPTY_SHA1_BASE32));

        assertThat(link.infoHashes().v1().bytes()).isEqualTo(digest);
    }

    @Test
    void btihBase32AndHexOfTheSameHashAreEqual() {
        byte[] digest = sha1("peerwave magnet test");
        String hex = HexFormat.of().formatHex(digest);
        String b32 = base32(digest);

        MagnetLink fromHex = MagnetLink.parse(btih(hex));
        MagnetLink fromBase32 = MagnetLink.parse(btih(b32));
        MagnetLink fromLowerBase32 = MagnetLink.parse(btih(b32.toLowerCase(Locale.ROOT)));

        assertThat(fromBase32).isEqualTo(fromHex);
        assertThat(fromLowerBase32).isEqualTo(fromHex);
        assertThat(fromBase32.toUri()).isEqualTo("magnet:?xt=urn:btih:" + hex);
    }

    @Test
    void base32EdgeValues() {
        assertThat(MagnetLink.parse(btih("A".repeat(32))).infoHashes().v1().bytes()).isEqualTo(new byte[20]);
        assertThat(MagnetLink.parse(btih("7".repeat(32))).infoHashes().v1().hex()).isEqualTo("ff".repeat(20));
    }

    @Test
    void btmhSha256Multihash() {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btmh:1220" + V2_HEX.toUpperCase(Locale.ROOT));

        assertThat(link.infoHashes()).isEqualTo(InfoHashes.ofV2(V2));
        assertThat(link.toUri()).isEqualTo("magnet:?xt=urn:btmh:1220" + V2_HEX);
    }

    @Test
    void hybridHasBothHashesAndWritesBtihFirst() {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btmh:1220" + V2_HEX + "&xt=urn:btih:" + EMPTY_SHA1_BASE32);

        assertThat(link.infoHashes().isHybrid()).isTrue();
        assertThat(link.infoHashes()).isEqualTo(new InfoHashes(V1, V2));
        assertThat(link.toUri())
                .isEqualTo("magnet:?xt=urn:btih:" + EMPTY_SHA1_HEX + "&xt=urn:btmh:1220" + V2_HEX);
        assertRoundTrips(link);
    }

    @Test
    void numberedAndUpperCaseKeysAndUrnAreAccepted() {
        MagnetLink link = MagnetLink.parse("MAGNET:?XT.1=URN:BTIH:" + EMPTY_SHA1_HEX
                + "&xt.2=urn:btmh:1220" + V2_HEX + "&tr.1=udp://a:1&tr.2=udp://b:2&DN=x");

        assertThat(link.infoHashes()).isEqualTo(new InfoHashes(V1, V2));
        assertThat(link.trackers()).containsExactly("udp://a:1", "udp://b:2");
        assertThat(link.displayName()).isEqualTo("x");
    }

    @Test
    void repeatedIdenticalHashIsFine() {
        MagnetLink link = MagnetLink.parse(btih(EMPTY_SHA1_HEX) + "&xt=urn:btih:" + EMPTY_SHA1_BASE32);

        assertThat(link.infoHashes()).isEqualTo(InfoHashes.ofV1(V1));
    }

    @Test
    void otherUrnsAreIgnored() {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:ed2k:31D6CFE0D16AE931B73C59D7E0C089C0&xt=urn:btih:"
                + EMPTY_SHA1_HEX + "&kt=a+b&xl=10&foo");

        assertThat(link).isEqualTo(MagnetLink.of(InfoHashes.ofV1(V1), null, List.of(), List.of()));
    }

    // ---- Values ----

    @Test
    void displayNameDecodesPercentTwentyAndPlusAsSpace() {
        assertThat(MagnetLink.parse(btih(EMPTY_SHA1_HEX) + "&dn=Big%20Buck+Bunny").displayName())
                .isEqualTo("Big Buck Bunny");
        assertThat(MagnetLink.parse(btih(EMPTY_SHA1_HEX) + "&dn=C%2B%2B+%C3%A9t%C3%A9").displayName())
                .isEqualTo("C++ été");
    }

    @Test
    void displayNameIsWrittenWithPercentTwentyAndEncodedPlus() {
        MagnetLink link = MagnetLink.of(InfoHashes.ofV1(V1), "C++ for you & me/été", List.of(), List.of());

        assertThat(link.toUri()).isEqualTo("magnet:?xt=urn:btih:" + EMPTY_SHA1_HEX
                + "&dn=C%2B%2B%20for%20you%20%26%20me%2F%C3%A9t%C3%A9");
        assertRoundTrips(link);
    }

    @Test
    void plusIsLiteralOutsideDisplayName() {
        MagnetLink link = MagnetLink.parse(btih(EMPTY_SHA1_HEX) + "&tr=http://t.example/a+b");

        assertThat(link.trackers()).containsExactly("http://t.example/a+b");
        assertThat(link.toUri()).endsWith("&tr=http://t.example/a%2Bb");
        assertRoundTrips(link);
    }

    @Test
    void firstDisplayNameWinsAndEmptyMeansNone() {
        assertThat(MagnetLink.parse(btih(EMPTY_SHA1_HEX) + "&dn=one&dn=two").displayName()).isEqualTo("one");
        assertThat(MagnetLink.parse(btih(EMPTY_SHA1_HEX) + "&dn=").displayName()).isNull();
    }

    @Test
    void repeatedTrackersAndWebSeedsKeepOrderWithoutDuplicates() {
        MagnetLink link = MagnetLink.parse(btih(EMPTY_SHA1_HEX)
                + "&tr=udp%3A%2F%2Ftracker.example%3A1337%2Fannounce"
                + "&tr=http://t2.example/announce?passkey%3Dabc"
                + "&tr=udp://tracker.example:1337/announce"
                + "&tr="
                + "&ws=https://seed.example/files/"
                + "&ws=https://seed2.example/a%20b");

        assertThat(link.trackers()).containsExactly(
                "udp://tracker.example:1337/announce", "http://t2.example/announce?passkey=abc");
        assertThat(link.webSeeds()).containsExactly("https://seed.example/files/", "https://seed2.example/a b");
        assertThat(link.toUri()).isEqualTo("magnet:?xt=urn:btih:" + EMPTY_SHA1_HEX
                + "&tr=udp://tracker.example:1337/announce"
                + "&tr=http://t2.example/announce%3Fpasskey%3Dabc"
                + "&ws=https://seed.example/files/"
                + "&ws=https://seed2.example/a%20b");
        assertRoundTrips(link);
    }

    @Test
    void exactAndAcceptableSources() {
        MagnetLink link = MagnetLink.parse(btih(EMPTY_SHA1_HEX)
                + "&xs=http://x.example/t.torrent&as=http://a.example/f.bin&as=http://b.example/f.bin");

        assertThat(link.exactSources()).containsExactly("http://x.example/t.torrent");
        assertThat(link.acceptableSources()).containsExactly("http://a.example/f.bin", "http://b.example/f.bin");
        assertRoundTrips(link);
    }

    @Test
    void peers() {
        MagnetLink link = MagnetLink.parse(btih(EMPTY_SHA1_HEX)
                + "&x.pe=10.0.0.1:6881&x.pe=peer.example:51413&x.pe=%5B2001:db8::1%5D:6881&x.pe.1=[::1]:1");

        assertThat(link.peers())
                .containsExactly("10.0.0.1:6881", "peer.example:51413", "[2001:db8::1]:6881", "[::1]:1");
        assertThat(link.toUri()).contains("&x.pe=10.0.0.1:6881&x.pe=peer.example:51413&x.pe=%5B2001:db8::1%5D:6881");
        assertRoundTrips(link);
    }

    @Test
    void selectOnlyRanges() {
        MagnetLink link = MagnetLink.parse(btih(EMPTY_SHA1_HEX) + "&so=0,2,4-6,9-9&so=12");

        assertThat(link.selectedFiles()).containsExactly(
                new FileRange(0, 0), new FileRange(2, 2), new FileRange(4, 6), new FileRange(9, 9),
                new FileRange(12, 12));
        assertThat(link.isSelected(5)).isTrue();
        assertThat(link.isSelected(3)).isFalse();
        assertThat(link.isSelected(12)).isTrue();
        assertThat(link.toUri()).endsWith("&so=0,2,4-6,9,12");
        assertRoundTrips(link);
    }

    @Test
    void noSelectOnlyMeansEveryFile() {
        MagnetLink link = MagnetLink.parse(btih(EMPTY_SHA1_HEX));

        assertThat(link.isSelected(0)).isTrue();
        assertThat(link.isSelected(1000)).isTrue();
    }

    @Test
    void fileRange() {
        FileRange range = new FileRange(4, 6);

        assertThat(range.contains(3)).isFalse();
        assertThat(range.contains(4)).isTrue();
        assertThat(range.contains(6)).isTrue();
        assertThat(range.contains(7)).isFalse();
        assertThat(range.size()).isEqualTo(3);
        assertThat(range).hasToString("4-6");
        assertThat(FileRange.of(3)).hasToString("3");
        assertThatThrownBy(() -> new FileRange(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileRange(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawNonAsciiAndWhitespaceAndFragmentAreTolerated() {
        MagnetLink link = MagnetLink.parse("  " + btih(EMPTY_SHA1_HEX) + "&dn=日本語 🎬#fragment\n");

        assertThat(link.displayName()).isEqualTo("日本語 🎬");
        assertRoundTrips(link);
    }

    // ---- Round trips ----

    @Test
    void everyField() {
        MagnetLink link = new MagnetLink(new InfoHashes(V1, V2), "Ünïcode name + 100% & more",
                List.of("udp://tracker.example:80/announce", "wss://tracker.example/ws"),
                List.of("https://seed.example/path with spaces/"),
                List.of("http://x.example/t.torrent?id=1&k=2"),
                List.of("http://a.example/f"),
                List.of("1.2.3.4:5", "[fe80::1]:65535"),
                List.of(new FileRange(0, 0), new FileRange(3, 7)));

        String uri = link.toUri();

        assertThat(uri).startsWith("magnet:?xt=urn:btih:" + EMPTY_SHA1_HEX + "&xt=urn:btmh:1220" + V2_HEX + "&dn=");
        assertThat(uri).containsSubsequence("&dn=", "&tr=", "&ws=", "&xs=", "&as=", "&x.pe=", "&so=0,3-7");
        assertRoundTrips(link);
    }

    @Test
    void factoryCopiesAndDeduplicates() {
        ArrayList<String> trackers = new ArrayList<>(List.of("udp://a:1", "udp://a:1"));
        MagnetLink link = MagnetLink.of(InfoHashes.ofV2(V2), "", trackers, List.of());
        trackers.add("udp://b:2");

        assertThat(link.trackers()).containsExactly("udp://a:1");
        assertThat(link.displayName()).isNull();
        assertThatThrownBy(() -> link.trackers().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertRoundTrips(link);
    }

    @Test
    void constructorRejectsBadValues() {
        InfoHashes hashes = InfoHashes.ofV1(V1);
        assertThatThrownBy(() -> MagnetLink.of(hashes, null, List.of(""), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MagnetLink.of(hashes, "\ud800", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MagnetLink(hashes, null, List.of(), List.of(), List.of(), List.of(),
                List.of("no-port"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x.pe");
    }

    // ---- Malformed links: one test per problem, each checking the message ----

    @Test
    void missingXt() {
        assertRejected("magnet:?dn=name&tr=udp://t:1", "no xt=urn:btih or urn:btmh info hash");
    }

    @Test
    void onlyForeignXtIsNamed() {
        assertRejected("magnet:?xt=urn:sha1:" + EMPTY_SHA1_BASE32, "no xt=urn:btih", "urn:sha1:");
    }

    @Test
    void badHex() {
        assertRejected(btih("zz" + EMPTY_SHA1_HEX.substring(2)),
                "invalid btih hash 'zz", "expected 40 hex or 32 base32 characters");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33, 39, 41, 64})
    void wrongBtihLength(int length) {
        assertRejected(btih("A".repeat(length)), "invalid btih hash", "expected 40 hex or 32 base32 characters");
    }

    @Test
    void base32OutsideTheAlphabet() {
        assertRejected(btih("1" + EMPTY_SHA1_BASE32.substring(1)), "invalid btih hash '1I42");
    }

    @Test
    void conflictingBtih() {
        assertRejected(btih(EMPTY_SHA1_HEX) + "&xt.2=urn:btih:" + "00".repeat(20), "conflicting btih hashes");
    }

    @Test
    void conflictingBtmh() {
        assertRejected("magnet:?xt=urn:btmh:1220" + V2_HEX + "&xt=urn:btmh:1220" + "00".repeat(32),
                "conflicting btmh hashes");
    }

    @Test
    void btmhWithAnotherHashFunction() {
        assertRejected("magnet:?xt=urn:btmh:1320" + V2_HEX,
                "unsupported btmh multihash function 0x13", "sha2-256 (0x12)");
    }

    @Test
    void btmhWithAnotherLength() {
        assertRejected("magnet:?xt=urn:btmh:1214" + EMPTY_SHA1_HEX, "invalid btmh multihash length 0x14");
    }

    @Test
    void btmhDigestShorterThanDeclared() {
        assertRejected("magnet:?xt=urn:btmh:1220" + EMPTY_SHA1_HEX, "declares 32 digest bytes but has 20");
    }

    @Test
    void btmhNotHex() {
        assertRejected("magnet:?xt=urn:btmh:1220" + "g".repeat(64), "invalid btmh hash");
        assertRejected("magnet:?xt=urn:btmh:122", "invalid btmh hash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"6-4", "-1", "1,,2", "1,", "a", "1-", "1-2-3", "2+3", "99999999999", "", "٣"})
    void badSelectOnly(String so) {
        assertThatThrownBy(() -> MagnetLink.parse(btih(EMPTY_SHA1_HEX) + "&so=" + so))
                .isInstanceOf(MagnetException.class)
                .hasMessageContaining("so ");
    }

    @Test
    void reversedRangeSaysSo() {
        assertRejected(btih(EMPTY_SHA1_HEX) + "&so=0,6-4", "invalid so range '6-4'", "ends before it starts");
    }

    @Test
    void negativeIndexSaysSo() {
        assertRejected(btih(EMPTY_SHA1_HEX) + "&so=-1", "invalid so value '-1'", "is not a file index");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/?xt=urn:btih:" + EMPTY_SHA1_HEX, "magnet", "", "magnetic:?xt=1"})
    void notAMagnetScheme(String uri) {
        assertRejected(uri, "not a magnet link", "does not start with 'magnet:'");
    }

    @Test
    void magnetWithoutQuery() {
        assertRejected("magnet:xt=urn:btih:" + EMPTY_SHA1_HEX, "expected '?' after 'magnet:'");
    }

    @Test
    void oversizedInput() {
        String uri = btih(EMPTY_SHA1_HEX) + "&dn=" + "a".repeat(64 * 1024);

        assertRejected(uri, "characters long; the limit is 65536");
    }

    @Test
    void customLengthLimit() {
        String uri = btih(EMPTY_SHA1_HEX) + "&dn=abc";

        assertThatThrownBy(() -> MagnetLink.parse(uri, MagnetLimits.DEFAULT.withMaxLength(uri.length() - 1)))
                .isInstanceOf(MagnetException.class)
                .hasMessageContaining("the limit is " + (uri.length() - 1));
        assertThat(MagnetLink.parse(uri, MagnetLimits.DEFAULT.withMaxLength(uri.length())).displayName())
                .isEqualTo("abc");
    }

    @Test
    void tooManyParameters() {
        String uri = btih(EMPTY_SHA1_HEX) + "&x=1".repeat(1000);

        assertRejected(uri, "more than 1000 parameters");
        assertThat(MagnetLink.parse(uri, MagnetLimits.DEFAULT.withMaxParameters(1001)).infoHashes().v1())
                .isEqualTo(V1);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new MagnetLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MagnetLimits(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badPercentEscape() {
        assertRejected(btih(EMPTY_SHA1_HEX) + "&dn=a%zzb", "invalid percent escape '%zz' in dn value");
    }

    @Test
    void truncatedPercentEscape() {
        assertRejected(btih(EMPTY_SHA1_HEX) + "&tr=http://t/%4", "truncated percent escape '%4' in tr value");
        assertRejected(btih(EMPTY_SHA1_HEX) + "&ws=%", "truncated percent escape '%' in ws value");
    }

    @Test
    void percentEncodedBytesThatAreNotUtf8() {
        assertRejected(btih(EMPTY_SHA1_HEX) + "&dn=%FF%FE", "dn value are not valid UTF-8");
        assertRejected(btih(EMPTY_SHA1_HEX) + "&dn=%ED%A0%80", "not valid UTF-8"); // an encoded surrogate
    }

    @Test
    void unpairedSurrogate() {
        assertRejected(btih(EMPTY_SHA1_HEX) + "&dn=a\ud800b", "unpaired UTF-16 surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "host:", ":80", "host:0", "host:65536", "host:8a", "::1:80", "[::1]", "[]:80",
        "[x]:80", "ho st:80"})
    void badPeerIsIgnoredAndTheLinkStillWorks(String peer) {
        MagnetLink link = MagnetLink.parse(btih(EMPTY_SHA1_HEX) + "&x.pe=" + peer.replace(" ", "%20")
                + "&x.pe=127.0.0.1:6881");
        assertThat(link.peers()).containsExactly("127.0.0.1:6881");
        assertThat(MagnetParser.peerProblem(peer)).contains("invalid x.pe peer", "expected host:port");
    }

    @Test
    void badHashInsideXtIsNotConfusedWithOtherParameters() {
        String short39 = EMPTY_SHA1_HEX.substring(1);
        assertRejected(btih(short39) + "&dn=x", "invalid btih hash '" + short39 + "'");
    }

    @Test
    void messagesStayOnOneLineAndShort() {
        String garbage = "\n".repeat(200) + "x";
        assertThatThrownBy(() -> MagnetLink.parse(btih(garbage)))
                .isInstanceOf(MagnetException.class)
                .message()
                .doesNotContain("\n")
                .hasSizeLessThan(600);
    }
}
