package org.peerwave.engine.wire;

import org.peerwave.engine.bencode.BencodeException;

/**
 * Finds where one bencoded value ends in a longer input (BEP 9 data messages put raw bytes after
 * the dictionary). Only structure is checked here; the decoder then checks the value itself.
 */
final class BencodeScanner {

    private static final int MAX_DEPTH = 32;

    private BencodeScanner() {
    }

    /** Offset just past the value starting at {@code pos}. */
    static int end(byte[] in, int pos) {
        return value(in, pos, 0);
    }

    private static int value(byte[] in, int pos, int depth) {
        if (depth > MAX_DEPTH) {
            throw new BencodeException("nested too deeply", pos);
        }
        if (pos >= in.length) {
            throw new BencodeException("unexpected end of input", pos);
        }
        byte b = in[pos];
        if (b == 'i') {
            int p = pos + 1;
            while (p < in.length && in[p] != 'e') {
                p++;
            }
            if (p >= in.length) {
                throw new BencodeException("unterminated integer", pos);
            }
            return p + 1;
        }
        if (b == 'l' || b == 'd') {
            int p = pos + 1;
            while (true) {
                if (p >= in.length) {
                    throw new BencodeException("unterminated " + (b == 'l' ? "list" : "dictionary"), pos);
                }
                if (in[p] == 'e') {
                    return p + 1;
                }
                p = value(in, p, depth + 1);
            }
        }
        if (b >= '0' && b <= '9') {
            long len = 0;
            int p = pos;
            while (p < in.length && in[p] >= '0' && in[p] <= '9') {
                len = len * 10 + (in[p] - '0');
                if (len > in.length) {
                    throw new BencodeException("string length past the end of the input", pos);
                }
                p++;
            }
            if (p >= in.length || in[p] != ':') {
                throw new BencodeException("expected ':' after a string length", p);
            }
            long end = p + 1 + len;
            if (end > in.length) {
                throw new BencodeException("string length past the end of the input", pos);
            }
            return (int) end;
        }
        throw new BencodeException("unexpected byte 0x" + Integer.toHexString(b & 0xFF), pos);
    }
}
