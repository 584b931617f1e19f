package org.peerwave.engine.metainfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the file names a torrent announces into names that are safe to create under a save
 * directory. The policy (also in docs/path-policy.md):
 *
 * <ol>
 *   <li>Components that are empty, {@code .} or {@code ..} are dropped.</li>
 *   <li>Path separators ({@code /} and {@code \}) inside a component, NUL and other control
 *       characters (U+0000–U+001F, U+007F–U+009F) become {@code _}. So no component can climb out
 *       of the save directory or name an absolute path.</li>
 *   <li>Components longer than 255 UTF-8 bytes are shortened to 255 bytes, keeping a short
 *       extension.</li>
 *   <li>For Windows (the {@link #windows()} policy, the default there): the characters
 *       {@code < > : " | ? *} become {@code _}, trailing dots and spaces are removed, and the
 *       reserved device names (CON, PRN, AUX, NUL, COM0–9, LPT0–9, with any extension) get a
 *       leading {@code _}.</li>
 *   <li>A path left with no components becomes {@code _}.</li>
 * </ol>
 * Names are never rewritten more than these rules say, so a torrent created from files on disk
 * finds the same files again on the same operating system.
 */
public final class PathSanitizer {

    /** Longest file name component, in UTF-8 bytes (the limit of common file systems). */
    public static final int MAX_COMPONENT_BYTES = 255;

    private static final Set<String> WINDOWS_RESERVED = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private static final PathSanitizer POSIX = new PathSanitizer(false);
    private static final PathSanitizer WINDOWS = new PathSanitizer(true);

    private final boolean windowsRules;

    private PathSanitizer(boolean windowsRules) {
        this.windowsRules = windowsRules;
    }

    /** Rules for Linux, macOS and other POSIX systems. */
    public static PathSanitizer posix() {
        return POSIX;
    }

    /** Rules for Windows: the POSIX rules plus Windows' reserved characters and names. */
    public static PathSanitizer windows() {
        return WINDOWS;
    }

    /** The rules of the operating system this JVM runs on. */
    public static PathSanitizer forCurrentOs() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : POSIX;
    }

    public boolean windowsRules() {
        return windowsRules;
    }

    /** Sanitizes one component; returns the empty string when the component is to be dropped. */
    public String component(String raw) {
        if (raw.isEmpty() || raw.equals(".") || raw.equals("..")) {
            return "";
        }
        StringBuilder sb = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> sb.appendCodePoint(replacement(cp)));
        String s = sb.toString();
        if (windowsRules) {
            int end = s.length();
            while (end > 0 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) {
                end--;
            }
            s = s.substring(0, end);
            if (s.isEmpty()) {
                return "_";
            }
            int dot = s.indexOf('.');
            String stem = (dot < 0 ? s : s.substring(0, dot)).toUpperCase(Locale.ROOT);
            if (WINDOWS_RESERVED.contains(stem.stripTrailing())) {
                s = "_" + s;
            }
        }
        if (s.equals(".") || s.equals("..")) {
            return "_";
        }
        return shorten(s);
    }

    /** Sanitizes a whole path; never empty. */
    public List<String> path(List<String> raw) {
        List<String> out = new ArrayList<>(raw.size());
        for (String c : raw) {
            String s = component(c);
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            out.add("_");
        }
        return List.copyOf(out);
    }

    /** A name for the torrent itself (one component), never empty. */
    public String name(String raw, String fallback) {
        String s = component(raw);
        return s.isEmpty() ? component(fallback) : s;
    }

    /**
     * Resolves a sanitized path under {@code root}, and checks, as a second line of defence, that
     * the result is still inside {@code root}.
     */
    public static Path resolveUnder(Path root, List<String> components) {
        Path base = root.toAbsolutePath().normalize();
        Path p = base;
        for (String c : components) {
            p = p.resolve(c);
        }
        Path n = p.normalize();
        if (!n.startsWith(base) || n.equals(base)) {
            throw new MetainfoException("file path " + String.join("/", components) + " leaves the save directory");
        }
        return n;
    }

    private int replacement(int cp) {
        if (cp == '/' || cp == '\\' || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            return '_';
        }
        if (windowsRules && (cp == '<' || cp == '>' || cp == ':' || cp == '"' || cp == '|' || cp == '?' || cp == '*')) {
            return '_';
        }
        return cp;
    }

    private static String shorten(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_COMPONENT_BYTES) {
            return s;
        }
        int dot = s.lastIndexOf('.');
        String ext = "";
        if (dot > 0) {
            String candidate = s.substring(dot);
            if (candidate.getBytes(StandardCharsets.UTF_8).length <= 16) {
                ext = candidate;
            }
        }
        String stem = ext.isEmpty() ? s : s.substring(0, dot);
        int budget = MAX_COMPONENT_BYTES - ext.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder sb = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > budget) {
                break;
            }
            sb.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return sb + ext;
    }
}
