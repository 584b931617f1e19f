package org.peerwave.app.util;

import java.util.Locale;

/** Human-readable byte counts in binary units (KiB = 1024 bytes), shared by the CLI and the UI. */
public final class Sizes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    /** {@code 0 B}, {@code 512 B}, {@code 1.5 KiB}, {@code 16 KiB}, {@code 2.00 GiB}. */
    public static String bytes(long n) {
        if (n < 0) {
            return "-" + bytes(-Math.max(n, -Long.MAX_VALUE));
        }
        if (n < 1024) {
            return n + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
        double value = n / (double) (1L << (unit * 10));
        // Three significant digits, without a needless ".0" on exact multiples.
        String number;
        if (value == Math.rint(value)) {
            number = Long.toString((long) value);
        } else if (value < 10) {
            number = String.format(Locale.ROOT, "%.2f", value);
        } else if (value < 100) {
            number = String.format(Locale.ROOT, "%.1f", value);
        } else {
            number = String.format(Locale.ROOT, "%.0f", value);
        }
        return number + " " + UNITS[unit];
    }

    /** A transfer rate: {@code 0 B/s}, {@code 1.25 MiB/s}. */
    public static String rate(long bytesPerSecond) {
        return bytes(bytesPerSecond) + "/s";
    }
}
