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
            s.pexEnabled(Boolean.parseBoolean(p.getProperty("pex", "true")));
            s.lsdEnabled(Boolean.parseBoolean(p.getProperty("lsd", "true")));
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
            s.downloadLimitKiB(longOf(p, "limit.downloadKiB", 0));
            s.uploadLimitKiB(longOf(p, "limit.uploadKiB", 0));
            s.altSpeedEnabled(Boolean.parseBoolean(p.getProperty("alt.enabled", "false")));
            s.altDownloadLimitKiB(longOf(p, "alt.downloadKiB", s.altDownloadLimitKiB()));
            s.altUploadLimitKiB(longOf(p, "alt.uploadKiB", s.altUploadLimitKiB()));
            s.altHours((int) longOf(p, "alt.fromHour", s.altFromHour()), (int) longOf(p, "alt.toHour", s.altToHour()));
            String days = p.getProperty("alt.days");
            if (days != null) {
                s.altDays().clear();
                for (String d : days.split(",")) {
                    if (!d.isBlank()) {
                        s.altDays().add(java.time.DayOfWeek.valueOf(d.trim()));
                    }
                }
            }
            s.maxActiveDownloads((int) longOf(p, "queue.maxDownloads", s.maxActiveDownloads()));
            s.maxActiveSeeds((int) longOf(p, "queue.maxSeeds", s.maxActiveSeeds()));
            s.notifications(Boolean.parseBoolean(p.getProperty("notifications", "true")));
            s.startMinimized(Boolean.parseBoolean(p.getProperty("startMinimized", "false")));
            s.closeToTray(Boolean.parseBoolean(p.getProperty("closeToTray", "false")));
            s.windowSize(Double.parseDouble(p.getProperty("window.width", "0")),
                    Double.parseDouble(p.getProperty("window.height", "0")));
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a bad value in the settings {}: {}", file, e.toString());
        }
        return s;
    }

    private static long longOf(Properties p, String key, long fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? fallback : Long.parseLong(v.trim());
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
        p.setProperty("pex", Boolean.toString(s.pexEnabled()));
        p.setProperty("lsd", Boolean.toString(s.lsdEnabled()));
        p.setProperty("add.sequential", Boolean.toString(s.sequential()));
        p.setProperty("columns.order", String.join(",", s.columnOrder()));
        p.setProperty("columns.hidden", String.join(",", s.hiddenColumns()));
        s.columnWidths().forEach((k, v) -> p.setProperty("columns.width." + k, Double.toString(v)));
        p.setProperty("window.width", Double.toString(s.windowWidth()));
        p.setProperty("window.height", Double.toString(s.windowHeight()));
        p.setProperty("limit.downloadKiB", Long.toString(s.downloadLimitKiB()));
        p.setProperty("limit.uploadKiB", Long.toString(s.uploadLimitKiB()));
        p.setProperty("alt.enabled", Boolean.toString(s.altSpeedEnabled()));
        p.setProperty("alt.downloadKiB", Long.toString(s.altDownloadLimitKiB()));
        p.setProperty("alt.uploadKiB", Long.toString(s.altUploadLimitKiB()));
        p.setProperty("alt.fromHour", Integer.toString(s.altFromHour()));
        p.setProperty("alt.toHour", Integer.toString(s.altToHour()));
        p.setProperty("alt.days", String.join(",", s.altDays().stream().map(Enum::name).toList()));
        p.setProperty("queue.maxDownloads", Integer.toString(s.maxActiveDownloads()));
        p.setProperty("queue.maxSeeds", Integer.toString(s.maxActiveSeeds()));
        p.setProperty("notifications", Boolean.toString(s.notifications()));
        p.setProperty("startMinimized", Boolean.toString(s.startMinimized()));
        p.setProperty("closeToTray", Boolean.toString(s.closeToTray()));
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
