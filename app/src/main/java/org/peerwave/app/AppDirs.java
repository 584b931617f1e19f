package org.peerwave.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Peerwave keeps its data, following each platform's convention: {@code $XDG_DATA_HOME/peerwave}
 * (default {@code ~/.local/share/peerwave}) on Linux, {@code %APPDATA%\Peerwave} on Windows and
 * {@code ~/Library/Application Support/Peerwave} on macOS. {@code PEERWAVE_DATA_DIR} overrides all.
 */
public record AppDirs(Path data) {

    /** The directories for this machine and user. */
    public static AppDirs current() {
        return of(System.getProperty("os.name", ""), System.getenv(), Path.of(System.getProperty("user.home", ".")));
    }

    static AppDirs of(String osName, Map<String, String> env, Path home) {
        String override = env.get("PEERWAVE_DATA_DIR");
        if (notBlank(override)) {
            return new AppDirs(Path.of(override));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = notBlank(appData) ? Path.of(appData) : home.resolve("AppData").resolve("Roaming");
            return new AppDirs(base.resolve(AppInfo.NAME));
        }
        if (os.startsWith("mac")) {
            return new AppDirs(home.resolve("Library").resolve("Application Support").resolve(AppInfo.NAME));
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = notBlank(xdg) && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".local").resolve("share");
        return new AppDirs(base.resolve(AppInfo.COMMAND));
    }

    /** One log file per run goes here. */
    public Path logs() {
        return data.resolve("logs");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
