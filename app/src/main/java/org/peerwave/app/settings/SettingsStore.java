package org.peerwave.app.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link AppSettings} as a properties file (typed fields, written atomically: a
 * temporary file renamed over the old one). A missing or broken value keeps its default.
 */
public final class SettingsStore {

    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);

    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The saved settings, on top of {@code defaults}. */
    public AppSettings load(AppSettings defaults) {
        if (!Files.isRegularFile(file)) {
            return defaults;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            log.warn("cannot read the settings {}: {}", file, e.toString());
            return defaults;
        }
        AppSettings s = defaults;
        try {
            String port = p.getProperty("listenPort");
            if (port != null) {
                s.listenPort(Integer.parseInt(port.trim()));
            }
            String max = p.getProperty("maxTorrentDownload");
            if (max != null) {
                s.maxTorrentDownload(Integer.parseInt(max.trim()));
            }
            String address = p.getProperty("listenAddress");
            if (address != null && !address.isBlank()) {
                s.listenAddress(address.trim());
            }
            String dir = p.getProperty("defaultSaveDir");
            if (dir != null && !dir.isBlank()) {
                s.defaultSaveDir(Path.of(dir));
            }
            String last = p.getProperty("lastSaveDir");
            if (last != null && !last.isBlank()) {
                s.lastSaveDir(Path.of(last));
            }
            String theme = p.getProperty("theme");
            if (theme != null) {
                s.theme(AppSettings.Theme.valueOf(theme.trim()));
            }
            s.startPaused(Boolean.parseBoolean(p.getProperty("add.startPaused", "false")));
            s.confirmExternalAdds(Boolean.parseBoolean(p.getProperty("add.confirmExternal", "true")));
            s.dhtEnabled(Boolean.parseBoolean(p.getProperty("dht", "true")));
            s.sequential(Boolean.parseBoolean(p.getProperty("add.sequential", "false")));
            String order = p.getProperty("columns.order", "");
            if (!order.isBlank()) {
                s.columnOrder().addAll(Arrays.asList(order.split(",")));
            }
            String hidden = p.getProperty("columns.hidden", "");
            if (!hidden.isBlank()) {
                s.hiddenColumns().addAll(Arrays.asList(hidden.split(",")));
            }
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("columns.width.")) {
                    s.columnWidths().put(key.substring("columns.width.".length()),
                            Double.parseDouble(p.getProperty(key)));
                }
            }
            s.windowSize(Double.parseDouble(p.getProperty("window.width", "0")),
                    Double.parseDouble(p.getProperty("window.height", "0")));
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a bad value in the settings {}: {}", file, e.toString());
        }
        return s;
    }

    /** Writes the settings atomically. */
    public void save(AppSettings s) throws IOException {
        Properties p = new Properties();
        p.setProperty("listenPort", Integer.toString(s.listenPort()));
        p.setProperty("listenAddress", s.listenAddress());
        p.setProperty("maxTorrentDownload", Integer.toString(s.maxTorrentDownload()));
        p.setProperty("defaultSaveDir", s.defaultSaveDir().toString());
        p.setProperty("lastSaveDir", s.lastSaveDir().toString());
        p.setProperty("theme", s.theme().name());
        p.setProperty("add.startPaused", Boolean.toString(s.startPaused()));
        p.setProperty("add.confirmExternal", Boolean.toString(s.confirmExternalAdds()));
        p.setProperty("dht", Boolean.toString(s.dhtEnabled()));
        p.setProperty("add.sequential", Boolean.toString(s.sequential()));
        p.setProperty("columns.order", String.join(",", s.columnOrder()));
        p.setProperty("columns.hidden", String.join(",", s.hiddenColumns()));
        s.columnWidths().forEach((k, v) -> p.setProperty("columns.width." + k, Double.toString(v)));
        p.setProperty("window.width", Double.toString(s.windowWidth()));
        p.setProperty("window.height", Double.toString(s.windowHeight()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Peerwave settings");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** As {@link #save}, logging a failure instead of throwing (for saving on exit). */
    public void saveQuietly(AppSettings s) {
        try {
            save(s);
        } catch (IOException e) {
            log.warn("cannot save the settings {}: {}", file, e.toString());
        }
    }
}
