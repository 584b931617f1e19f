package org.peerwave.engine.bencode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes bencoded bytes into {@link BValue}s.
 *
 * <p>Strict where safety matters: leading zeros, {@code -0}, integers past 64 bits, string lengths
 * past the end of the input, duplicate dictionary keys, non-string keys and trailing bytes are
 * errors, and the {@link BencodeLimits} bound input size, nesting depth and value count. Tolerant
 * where real torrents bend the rules: dictionary keys need not be sorted. No allocation is ever
 * sized by a length field before the bytes it announces are known to be there.
 *
 * <p>Instances are immutable and thread-safe; each call keeps its state on the stack.
 */
public final class BencodeDecoder {

    private static final int MAX_LENGTH_DIGITS = 10;

    private final BencodeLimits limits;

    public BencodeDecoder(BencodeLimits limits) {
        this.limits = limits;
    }

    public BencodeDecoder() {
        this(BencodeLimits.TORRENT_FILE);
    }

    public BencodeLimits limits() {
        return limits;
    }

    /** Decodes exactly one value that must fill the whole input. */
    public BValue decode(byte[] input) {
        return decode(input, 0, input.length);
    }

    /** Decodes exactly one value that must fill {@code input[offset, offset+length)}. */
    public BValue decode(byte[] input, int offset, int length) {
        if (length > limits.maxInputSize()) {
            throw new BencodeException("input of " + length + " bytes is larger than the limit of "
                    + limits.maxInputSize() + " bytes", -1);
        }
        if (length == 0) {
            throw new BencodeException("empty input", 0);
        }
        Cursor c = new Cursor(input, offset, offset + length);
        BValue value = c.value(0);
        if (c.pos != c.end) {
            throw new BencodeException("trailing data after the bencoded value", c.pos - offset);
        }
        return value;
    }

    /** Decodes a value that must be a dictionary. */
    public BDictionary decodeDictionary(byte[] input) {
        BValue v = decode(input);
        if (v instanceof BDictionary d) {
            return d;
        }
        throw new BencodeException("expected a dictionary at the top level, found a " + v.typeName(), 0);
    }

    private final class Cursor {
        private final byte[] in;
        private final int start;
        private final int end;
        private int pos;
        private int tokens;

        Cursor(byte[] in, int start, int end) {
            this.in = in;
            this.start = start;
            this.end = end;
            this.pos = start;
        }

        private BencodeException error(String message) {
            return new BencodeException(message, pos - start);
        }

        private BencodeException error(String message, int at) {
            return new BencodeException(message, at - start);
        }

        private void countToken() {
            if (++tokens > limits.maxTokens()) {
                throw error("more than " + limits.maxTokens() + " values");
            }
        }

        BValue value(int depth) {
            if (pos >= end) {
                throw error("unexpected end of input, expected a value");
            }
            countToken();
            byte b = in[pos];
            return switch (b) {
                case 'i' -> integer();
                case 'l' -> list(depth + 1);
                case 'd' -> dictionary(depth + 1);
                default -> {
                    if (b >= '0' && b <= '9') {
                        yield string();
                    }
                    throw error("unexpected " + describe(b) + ", expected a value");
                }
            };
        }

        private BInteger integer() {
            int at = pos;
            pos++; // 'i'
            boolean negative = false;
            if (pos < end && in[pos] == '-') {
                negative = true;
                pos++;
            }
            int digitsStart = pos;
            long value = 0;
            while (pos < end && in[pos] != 'e') {
                byte b = in[pos];
                if (b < '0' || b > '9') {
                    throw error("unexpected " + describe(b) + " in an integer");
                }
                int d = b - '0';
                // accumulate as a negative number so that Long.MIN_VALUE fits
                if (value < (Long.MIN_VALUE + d) / 10) {
                    throw error("integer does not fit in 64 bits", at);
                }
                value = value * 10 - d;
                pos++;
            }
            if (pos >= end) {
                throw error("unexpected end of input inside an integer", at);
            }
            int digits = pos - digitsStart;
            if (digits == 0) {
                throw error("integer without digits", at);
            }
            if (in[digitsStart] == '0' && digits > 1) {
                throw error("integer with a leading zero", at);
            }
            if (negative && value == 0) {
                throw error("negative zero is not a valid integer", at);
            }
            if (!negative && value == Long.MIN_VALUE) {
                throw error("integer does not fit in 64 bits", at);
            }
            pos++; // 'e'
            return new BInteger(negative ? value : -value);
        }

        private BString string() {
            int at = pos;
            long length = 0;
            int digits = 0;
            while (pos < end && in[pos] != ':') {
                byte b = in[pos];
                if (b < '0' || b > '9') {
                    throw error("unexpected " + describe(b) + " in a string length");
                }
                if (++digits > MAX_LENGTH_DIGITS) {
                    throw error("string length is too long a number", at);
                }
                length = length * 10 + (b - '0');
                pos++;
            }
            if (pos >= end) {
                throw error("unexpected end of input inside a string length", at);
            }
            if (digits > 1 && in[at] == '0') {
                throw error("string length with a leading zero", at);
            }
            pos++; // ':'
            long remaining = end - pos;
            if (length > remaining) {
                throw error("string of " + length + " bytes runs past the end of the input ("
                        + remaining + " bytes left)", at);
            }
            byte[] bytes = Arrays.copyOfRange(in, pos, pos + (int) length);
            pos += (int) length;
            return BString.wrap(bytes);
        }

        private void checkDepth(int depth) {
            if (depth > limits.maxDepth()) {
                throw error("nesting deeper than " + limits.maxDepth() + " levels");
            }
        }

        private BList list(int depth) {
            checkDepth(depth);
            int at = pos;
            pos++; // 'l'
            List<BValue> values = new ArrayList<>();
            while (true) {
                if (pos >= end) {
                    throw error("unexpected end of input inside a list", at);
                }
                if (in[pos] == 'e') {
                    pos++;
                    return new BList(values);
                }
                values.add(value(depth));
            }
        }

        private BDictionary dictionary(int depth) {
            checkDepth(depth);
            int at = pos;
            pos++; // 'd'
            Map<BString, BValue> entries = new LinkedHashMap<>();
            while (true) {
                if (pos >= end) {
                    throw error("unexpected end of input inside a dictionary", at);
                }
                byte b = in[pos];
                if (b == 'e') {
                    pos++;
                    return new BDictionary(entries, at - start, pos - at);
                }
                if (b < '0' || b > '9') {
                    throw error("dictionary key must be a string, found " + describe(b));
                }
                int keyAt = pos;
                countToken();
                BString key = string();
                BValue value = value(depth);
                if (entries.putIfAbsent(key, value) != null) {
                    throw error("duplicate dictionary key '" + key + "'", keyAt);
                }
            }
        }
    }

    private static String describe(byte b) {
        int c = b & 0xff;
        if (c >= 0x20 && c < 0x7f) {
            return "character '" + (char) c + "'";
        }
        return String.format("byte 0x%02x", c);
    }
}
