package org.peerwave.engine.webseed;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of URL path segments and query values (RFC 3986: all but unreserved characters). */
final class UrlEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlEncoding() {
    }

    static String encode(String s) {
        return encode(s.getBytes(StandardCharsets.UTF_8));
    }

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }
}
