package org.peerwave.app.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for CLI output. Values are {@code Map<String, ?>} (objects, in the map's
 * iteration order), {@code List<?>} (arrays), {@code String}, {@code Long}/{@code Integer},
 * {@code Boolean} and {@code null}.
 *
 * <p>Output is indented by two spaces; an array or object that holds no arrays or objects is
 * written on one line, for example {@code {"path": "a/b.txt", "length": 3}}. Strings escape
 * {@code "}, {@code \}, the control characters U+0000 to U+001F, U+2028, U+2029 and unpaired
 * surrogates; every other character, including non-ASCII, is written as it is (the CLI writes UTF-8).
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** The value as JSON text, without a trailing newline. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int depth) {
        switch (value) {
            case null -> sb.append("null");
            case String s -> quote(sb, s);
            case Boolean b -> sb.append(b.booleanValue());
            case Long n -> sb.append(n.longValue());
            case Integer n -> sb.append(n.intValue());
            case Map<?, ?> map -> writeObject(sb, map, depth);
            case List<?> list -> writeArray(sb, list, depth);
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void writeObject(StringBuilder sb, Map<?, ?> map, int depth) {
        boolean inline = isFlat(map.values()) && depth > 0;
        sb.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys are strings, not " + e.getKey());
            }
            separator(sb, inline, depth + 1);
            quote(sb, key);
            sb.append(": ");
            write(sb, e.getValue(), depth + 1);
            if (it.hasNext()) {
                sb.append(',');
            }
        }
        if (!map.isEmpty() && !inline) {
            newline(sb, depth);
        }
        sb.append('}');
    }

    private static void writeArray(StringBuilder sb, List<?> list, int depth) {
        boolean inline = isFlat(list);
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (inline) {
                if (i > 0) {
                    sb.append(' ');
                }
            } else {
                newline(sb, depth + 1);
            }
            write(sb, list.get(i), depth + 1);
            if (i < list.size() - 1) {
                sb.append(',');
            }
        }
        if (!list.isEmpty() && !inline) {
            newline(sb, depth);
        }
        sb.append(']');
    }

    private static void separator(StringBuilder sb, boolean inline, int depth) {
        if (inline) {
            if (sb.charAt(sb.length() - 1) != '{') {
                sb.append(' ');
            }
        } else {
            newline(sb, depth);
        }
    }

    private static boolean isFlat(Iterable<?> values) {
        for (Object v : values) {
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                return false;
            }
        }
        return true;
    }

    private static void newline(StringBuilder sb, int depth) {
        sb.append('\n');
        sb.repeat("  ", depth);
    }

    /** Appends {@code s} as a JSON string literal. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(sb, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // Unpaired: not encodable as UTF-8, but valid as an escape.
                        unicodeEscape(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void unicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }
}
