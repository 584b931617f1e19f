package org.peerwave.engine.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BencodeDecoderTest {

    private static BValue decode(String s) {
        return Bencode.decode(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void decodesEveryType() {
        BValue v = decode("d4:listli1ei-2e3:abce3:numi42e3:str5:hello4:dictd1:ai0eee");
        assertThat(v).isInstanceOf(BDictionary.class);
        BDictionary d = (BDictionary) v;
        assertThat(d.get("num")).isEqualTo(BInteger.of(42));
        assertThat(((BString) d.get("str")).utf8()).isEqualTo("hello");
        assertThat(d.get("list")).isEqualTo(BList.of(BInteger.of(1), BInteger.of(-2), BString.of("abc")));
        assertThat(((BDictionary) d.get("dict")).get("a")).isEqualTo(BInteger.of(0));
    }

    @Test
    void integersCoverTheWholeSigned64BitRange() {
        assertThat(decode("i9223372036854775807e")).isEqualTo(BInteger.of(Long.MAX_VALUE));
        assertThat(decode("i-9223372036854775808e")).isEqualTo(BInteger.of(Long.MIN_VALUE));
        assertThat(decode("i0e")).isEqualTo(BInteger.of(0));
    }

    @Test
    void emptyStringsListsAndDictionaries() {
        assertThat(decode("0:")).isEqualTo(BString.of(""));
        assertThat(decode("le")).isEqualTo(BList.of());
        assertThat(((BDictionary) decode("de")).isEmpty()).isTrue();
    }

    @Test
    void binaryStringsKeepEveryByte() {
        byte[] in = {'3', ':', 0, (byte) 0xff, '\n'};
        assertThat(((BString) Bencode.decode(in)).bytes()).containsExactly(0, 0xff, '\n');
    }

    @Test
    void unsortedKeysAreAcceptedAndKeepTheirOrder() {
        BDictionary d = (BDictionary) decode("d1:bi1e1:ai2ee");
        assertThat(d.entries().keySet()).extracting(BString::utf8).containsExactly("b", "a");
        // the encoder writes canonical (sorted) bencode
        assertThat(new String(Bencode.encode(d), StandardCharsets.US_ASCII)).isEqualTo("d1:ai2e1:bi1ee");
    }

    @Test
    void dictionariesRememberTheirSpanInTheInput() {
        String in = "d4:infod4:name1:xe5:other3:abce";
        BDictionary root = (BDictionary) decode(in);
        BDictionary info = (BDictionary) root.get("info");
        assertThat(in.substring(info.sourceOffset(), info.sourceOffset() + info.sourceLength()))
                .isEqualTo("d4:name1:xe");
        assertThat(root.sourceOffset()).isZero();
        assertThat(root.sourceLength()).isEqualTo(in.length());
    }

    @Test
    void unsortedInfoDictionaryIsHashedFromItsOriginalBytes() {
        String in = "d4:infod1:zi1e1:ai2eee";
        BDictionary info = (BDictionary) ((BDictionary) decode(in)).get("info");
        String original = in.substring(info.sourceOffset(), info.sourceOffset() + info.sourceLength());
        assertThat(original).isEqualTo("d1:zi1e1:ai2ee");
        assertThat(new String(Bencode.encode(info), StandardCharsets.US_ASCII)).isEqualTo("d1:ai2e1:zi1ee");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "i03e|leading zero",
        "i-0e|negative zero",
        "ie|without digits",
        "i-e|without digits",
        "i12|end of input inside an integer",
        "i1x2e|character 'x' in an integer",
        "i9223372036854775808e|64 bits",
        "i-9223372036854775809e|64 bits",
        "i99999999999999999999999e|64 bits",
        "05:hello|leading zero",
        "5:abc|runs past the end",
        "99999999999:x|too long a number",
        "3abc|character 'a' in a string length",
        "4|end of input inside a string length",
        "l|end of input inside a list",
        "li1e|end of input inside a list",
        "d|end of input inside a dictionary",
        "d1:a|end of input, expected a value",
        "di1ei2ee|key must be a string",
        "d1:ai1e1:ai2ee|duplicate dictionary key 'a'",
        "i1ei2e|trailing data",
        "le garbage|trailing data",
        "x|character 'x', expected a value",
        "-1:|character '-', expected a value",
    })
    void malformedInputIsRejectedWithAClearMessage(String input, String message) {
        assertThatThrownBy(() -> decode(input))
                .isInstanceOf(BencodeException.class)
                .hasMessageContaining(message);
    }

    @Test
    void emptyInputIsRejected() {
        assertThatThrownBy(() -> Bencode.decode(new byte[0])).isInstanceOf(BencodeException.class)
                .hasMessageContaining("empty input");
    }

    @Test
    void deepNestingStopsAtTheDepthLimit() {
        String deep = "l".repeat(101) + "e".repeat(101);
        assertThatThrownBy(() -> decode(deep)).isInstanceOf(BencodeException.class)
                .hasMessageContaining("nesting deeper than 100 levels");
        String ok = "l".repeat(100) + "e".repeat(100);
        assertThat(decode(ok)).isInstanceOf(BList.class);
        // far deeper than any stack could take, still a clean error
        String hostile = "l".repeat(5_000_000);
        assertThatThrownBy(() -> decode(hostile)).isInstanceOf(BencodeException.class);
    }

    @Test
    void inputSizeLimitIsChecked() {
        BencodeDecoder small = new BencodeDecoder(BencodeLimits.TORRENT_FILE.withMaxInputSize(10));
        assertThatThrownBy(() -> small.decode("11:hello world".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(BencodeException.class)
                .hasMessageContaining("larger than the limit of 10 bytes");
    }

    @Test
    void tokenLimitIsChecked() {
        BencodeDecoder few = new BencodeDecoder(BencodeLimits.TORRENT_FILE.withMaxTokens(5));
        assertThat(few.decode("li1ei2ei3ei4ee".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(BList.class);
        assertThatThrownBy(() -> few.decode("li1ei2ei3ei4ei5ee".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(BencodeException.class)
                .hasMessageContaining("more than 5 values");
    }

    @Test
    void hugeLengthFieldDoesNotAllocateBeforeTheBytesArrive() {
        // 2 GB announced, 1 byte present: must fail fast without trying to allocate 2 GB
        assertThatThrownBy(() -> decode("2000000000:x")).isInstanceOf(BencodeException.class)
                .hasMessageContaining("runs past the end of the input (1 bytes left)");
    }

    @Test
    void defaultLimitsFollowLibtorrent() {
        assertThat(BencodeLimits.TORRENT_FILE).isEqualTo(new BencodeLimits(10_000_000, 100, 2_000_000));
        assertThatThrownBy(() -> new BencodeLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorOffsetPointsAtTheProblem() {
        BencodeException e = org.junit.jupiter.api.Assertions.assertThrows(BencodeException.class,
                () -> decode("li1ei02ee"));
        assertThat(e.offset()).isEqualTo(4);
    }

    @Test
    void encodeDecodeRoundTrip() {
        BDictionary d = BDictionary.builder()
                .put("z", BList.of(BInteger.of(-5), BString.of(new byte[] {0, 1, 2})))
                .put("a", "text ü")
                .put("m", Long.MIN_VALUE)
                .build();
        byte[] encoded = Bencode.encode(d);
        assertThat(Bencode.decode(encoded)).isEqualTo(d);
        assertThat(Bencode.encode(Bencode.decode(encoded))).isEqualTo(encoded);
        assertThat(List.of(new String(encoded, StandardCharsets.ISO_8859_1).indexOf("1:a"),
                new String(encoded, StandardCharsets.ISO_8859_1).indexOf("1:m"))).isSorted();
    }

    @Test
    void keysSortAsUnsignedBytes() {
        BDictionary d = BDictionary.builder().put(BString.of(new byte[] {(byte) 0xc3}), BInteger.of(1))
                .put("z", 2).build();
        byte[] encoded = Bencode.encode(d);
        // 'z' (0x7a) sorts before 0xc3 when bytes are unsigned
        assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).startsWith("d1:zi2e");
    }
}
