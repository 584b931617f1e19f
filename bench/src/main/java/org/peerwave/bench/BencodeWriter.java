package org.peerwave.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal streaming bencode writer for building benchmark inputs without the engine's
 * encoder. The caller writes dictionary keys in sorted (unsigned byte) order.
 */
final class BencodeWriter {

    private final ByteArrayOutputStream out;

    BencodeWriter(int initialCapacity) {
        out = new ByteArrayOutputStream(initialCapacity);
    }

    BencodeWriter dict() {
        out.write('d');
        return this;
    }

    BencodeWriter list() {
        out.write('l');
        return this;
    }

    BencodeWriter end() {
        out.write('e');
        return this;
    }

    BencodeWriter integer(long value) {
        out.write('i');
        ascii(Long.toString(value));
        out.write('e');
        return this;
    }

    BencodeWriter string(byte[] bytes) {
        ascii(Integer.toString(bytes.length));
        out.write(':');
        out.writeBytes(bytes);
        return this;
    }

    BencodeWriter string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Same as {@link #string(String)}; reads better for dictionary keys. */
    BencodeWriter key(String key) {
        return string(key);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }
}
