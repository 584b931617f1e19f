package org.peerwave.media;

import java.util.Locale;

/**
 * Whether VLC's library (libvlc) can be used on this machine: its version when it can, and when it
 * cannot, a sentence for the user saying what is missing and how to install it.
 *
 * @param available   libvlc was found and loaded
 * @param version     libvlc's version string, empty when not available
 * @param problem     why it is not available, in plain words; empty when available
 * @param installHint what to install on this operating system, for example {@code sudo apt install vlc}
 */
public record LibVlcStatus(boolean available, String version, String problem, String installHint) {

    static LibVlcStatus found(String version) {
        return new LibVlcStatus(true, version, "", installHint(System.getProperty("os.name", "")));
    }

    static LibVlcStatus missing(String detail) {
        return new LibVlcStatus(false, "", "VLC is not installed, so Peerwave cannot play video itself ("
                + detail + ").", installHint(System.getProperty("os.name", "")));
    }

    /** What to install to get libvlc, by operating system name ({@code os.name}). */
    static String installHint(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return "Install VLC media player (64-bit) from https://www.videolan.org/vlc/ and restart Peerwave.";
        }
        if (os.contains("mac")) {
            return "Install VLC media player from https://www.videolan.org/vlc/ (or: brew install --cask vlc) "
                    + "and restart Peerwave.";
        }
        return "Install the package \"vlc\" (Debian/Ubuntu: sudo apt install vlc; Fedora: sudo dnf install vlc) "
                + "and restart Peerwave.";
    }

    /** One line for a log or a status bar. */
    public String describe() {
        return available ? "libvlc " + version : problem + " " + installHint;
    }
}
