package org.peerwave.engine.bencode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Writes canonical bencode: dictionary keys sorted by their raw bytes, no redundant forms. */
public final class BencodeEncoder {

    private byte[] buf = new byte[256];
    private int size;

    private BencodeEncoder() {
    }

    /** The canonical encoding of a value. */
    public static byte[] encode(BValue value) {
        BencodeEncoder e = new BencodeEncoder();
        e.write(value);
        return Arrays.copyOf(e.buf, e.size);
    }

    private void write(BValue value) {
        switch (value) {
            case BInteger i -> {
                put((byte) 'i');
                ascii(Long.toString(i.value()));
                put((byte) 'e');
            }
            case BString s -> string(s);
            case BList l -> {
                put((byte) 'l');
                for (BValue v : l.values()) {
                    write(v);
                }
                put((byte) 'e');
            }
            case BDictionary d -> {
                put((byte) 'd');
                List<Map.Entry<BString, BValue>> sorted = new ArrayList<>(d.entries().entrySet());
                sorted.sort(Map.Entry.comparingByKey());
                for (Map.Entry<BString, BValue> e : sorted) {
                    string(e.getKey());
                    write(e.getValue());
                }
                put((byte) 'e');
            }
        }
    }

    private void string(BString s) {
        byte[] raw = s.raw();
        ascii(Integer.toString(raw.length));
        put((byte) ':');
        ensure(raw.length);
        System.arraycopy(raw, 0, buf, size, raw.length);
        size += raw.length;
    }

    private void ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > buf.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("bencoded value too large");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, buf.length * 2L)));
        }
    }
}
