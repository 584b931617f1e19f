package org.peerwave.engine.stream;

import java.util.Locale;

/**
 * The {@code Range} header of a request for one file (RFC 9110 section 14), reduced to what the
 * stream server answers: one range of bytes, or the whole file, or "unsatisfiable".
 *
 * <p>A header that is absent, not in bytes, malformed, or asks for several ranges is ignored (the
 * whole file, 200), as RFC 9110 allows; media players only ever send one range.
 */
record ByteRange(Kind kind, long first, long last) {

    enum Kind { WHOLE, PARTIAL, UNSATISFIABLE }

    static ByteRange whole(long size) {
        return new ByteRange(Kind.WHOLE, 0, size - 1);
    }

    long length() {
        return kind == Kind.UNSATISFIABLE ? 0 : last - first + 1;
    }

    /** Parses {@code header} (may be null) against a file of {@code size} bytes. */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return whole(size);
        }
        String h = header.strip();
        if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
            return whole(size);
        }
        String spec = h.substring(6).strip();
        if (spec.isEmpty() || spec.indexOf(',') >= 0) {
            return whole(size);
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return whole(size);
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        long first;
        long last;
        if (a.isEmpty()) {
            long suffix = number(b);
            if (suffix < 0) {
                return whole(size);
            }
            if (suffix == 0 || size == 0) {
                return new ByteRange(Kind.UNSATISFIABLE, 0, -1);
            }
            first = Math.max(0, size - suffix);
            last = size - 1;
        } else {
            first = number(a);
            last = b.isEmpty() ? Long.MAX_VALUE : number(b);
            if (first < 0 || last < 0 || last < first) {
                return whole(size);
            }
            if (first >= size) {
                return new ByteRange(Kind.UNSATISFIABLE, 0, -1);
            }
            last = Math.min(last, size - 1);
        }
        return new ByteRange(Kind.PARTIAL, first, last);
    }

    /** A non-negative decimal, or -1 when it is not one (or overflows). */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }
}
