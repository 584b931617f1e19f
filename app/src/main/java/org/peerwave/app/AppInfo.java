package org.peerwave.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The application's name and version, as the build stamped them. */
public final class AppInfo {

    /** The name shown in the window title and the CLI. */
    public static final String NAME = "Peerwave";

    /** The command name. */
    public static final String COMMAND = "peerwave";

    private static final String VERSION = readVersion();

    private AppInfo() {
    }

    /** The version from the pom (for example {@code 0.1.0-SNAPSHOT}), or {@code "unknown"}. */
    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        // The resource is filtered from the pom's version; the jar manifest is the fallback
        // for builds that skipped resource filtering.
        try (InputStream in = AppInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").strip();
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version resource", e);
        }
        String v = AppInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }
}
