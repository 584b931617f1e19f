package org.peerwave.engine.bencode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bencoded byte string ({@code 4:spam}). Byte strings are not necessarily text: hashes and
 * compact peer lists are binary. Ordering is by unsigned bytes, the order bencode sorts keys in.
 */
public final class BString implements BValue, Comparable<BString> {

    private final byte[] bytes;
    private int hash;

    private BString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of the given bytes. */
    public static BString of(byte[] bytes) {
        return new BString(bytes.clone());
    }

    /** The UTF-8 encoding of the given text. */
    public static BString of(String text) {
        return new BString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps the array without copying; the caller must not change it afterwards. */
    static BString wrap(byte[] bytes) {
        return new BString(bytes);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes decoded as UTF-8, invalid sequences replaced by U+FFFD. */
    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** True when the bytes are well-formed UTF-8. */
    public boolean isValidUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** True when the bytes equal the UTF-8 encoding of {@code text}. */
    public boolean contentEquals(String text) {
        return Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8));
    }

    void copyTo(ByteBuffer out) {
        out.put(bytes);
    }

    byte[] raw() {
        return bytes;
    }

    @Override
    public int compareTo(BString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** Text when printable UTF-8, otherwise a hex form; for logs and errors only. */
    @Override
    public String toString() {
        if (isValidUtf8()) {
            String s = utf8();
            if (s.codePoints().noneMatch(Character::isISOControl)) {
                return s;
            }
        }
        return "0x" + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64))
                + (bytes.length > 64 ? "..." : "");
    }
}
