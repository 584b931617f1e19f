package org.peerwave.app.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The app's own settings (the engine's are built from some of them): folders, port, theme and the
 * window's layout. Mutable, owned by the UI thread; {@link SettingsStore} reads and writes it.
 */
public final class AppSettings {

    /** The default listen port (the classic BitTorrent range); 0 picks a free one. */
    public static final int DEFAULT_LISTEN_PORT = 6881;

    /** SYSTEM follows the desktop's light or dark preference. */
    public enum Theme { SYSTEM, LIGHT, DARK }

    /** The largest .torrent file fetched from an http(s) link, by default. */
    public static final int DEFAULT_MAX_TORRENT_DOWNLOAD = 16 * 1024 * 1024;

    private int listenPort = DEFAULT_LISTEN_PORT;
    private String listenAddress = "0.0.0.0";
    private int maxTorrentDownload = DEFAULT_MAX_TORRENT_DOWNLOAD;
    private Path defaultSaveDir;
    private Path lastSaveDir;
    private Theme theme = Theme.LIGHT;
    private boolean startPaused;
    private boolean confirmExternalAdds = true;
    private boolean dhtEnabled = true;
    private boolean pexEnabled = true;
    private boolean lsdEnabled = true;
    private boolean sequential;
    private final List<String> columnOrder = new ArrayList<>();
    private final Set<String> hiddenColumns = new LinkedHashSet<>();
    private final Map<String, Double> columnWidths = new LinkedHashMap<>();
    private double windowWidth;
    private double windowHeight;
    private long downloadLimitKiB;
    private long uploadLimitKiB;
    private boolean altSpeedEnabled;
    private long altDownloadLimitKiB = 1024;
    private long altUploadLimitKiB = 256;
    private final Set<java.time.DayOfWeek> altDays = java.util.EnumSet.allOf(java.time.DayOfWeek.class);
    private int altFromHour = 8;
    private int altToHour = 18;
    private int maxActiveDownloads = DEFAULT_MAX_ACTIVE_DOWNLOADS;
    private int maxActiveSeeds = DEFAULT_MAX_ACTIVE_SEEDS;
    private boolean notifications = true;
    private boolean startMinimized;
    private boolean closeToTray;

    /** Torrents downloading at once by default; the others wait "Queued" (0: no limit). */
    public static final int DEFAULT_MAX_ACTIVE_DOWNLOADS = 5;
    /** Torrents seeding at once by default (0: no limit). */
    public static final int DEFAULT_MAX_ACTIVE_SEEDS = 0;

    public AppSettings(Path defaultSaveDir) {
        this.defaultSaveDir = Objects.requireNonNull(defaultSaveDir, "defaultSaveDir");
    }

    /** The defaults of this user: {@code ~/Downloads}. */
    public static AppSettings defaults() {
        return new AppSettings(Path.of(System.getProperty("user.home", "."), "Downloads"));
    }

    public int listenPort() {
        return listenPort;
    }

    public AppSettings listenPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.listenPort = port;
        return this;
    }

    /** The largest .torrent file (bytes) the add dialog fetches from an http(s) link. */
    public int maxTorrentDownload() {
        return maxTorrentDownload;
    }

    public AppSettings maxTorrentDownload(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxTorrentDownload must be at least 1 KiB: " + bytes);
        }
        this.maxTorrentDownload = bytes;
        return this;
    }

    /** The address the engine listens on (every interface by default). */
    public String listenAddress() {
        return listenAddress;
    }

    public AppSettings listenAddress(String address) {
        this.listenAddress = Objects.requireNonNull(address);
        return this;
    }

    public Path defaultSaveDir() {
        return defaultSaveDir;
    }

    public AppSettings defaultSaveDir(Path dir) {
        this.defaultSaveDir = Objects.requireNonNull(dir);
        return this;
    }

    /** The folder the add dialog used last (remembered), else the default one. */
    public Path lastSaveDir() {
        return lastSaveDir != null ? lastSaveDir : defaultSaveDir;
    }

    public AppSettings lastSaveDir(Path dir) {
        this.lastSaveDir = dir;
        return this;
    }

    public Theme theme() {
        return theme;
    }

    public AppSettings theme(Theme t) {
        this.theme = Objects.requireNonNull(t);
        return this;
    }

    /** The add dialog's "start paused", remembered. */
    public boolean startPaused() {
        return startPaused;
    }

    public AppSettings startPaused(boolean v) {
        this.startPaused = v;
        return this;
    }

    /**
     * Whether a magnet link or .torrent handed over by another program (a browser, a file manager,
     * a second launch) opens the add dialog (the default) or is added at once with the last
     * dialog's choices.
     */
    public boolean confirmExternalAdds() {
        return confirmExternalAdds;
    }

    public AppSettings confirmExternalAdds(boolean v) {
        this.confirmExternalAdds = v;
        return this;
    }

    /** Find peers through the mainline DHT (BEP 5); on by default, as in every desktop client. */
    public boolean dhtEnabled() {
        return dhtEnabled;
    }

    public AppSettings dhtEnabled(boolean v) {
        this.dhtEnabled = v;
        return this;
    }

    /** Peer exchange (BEP 11) with connected peers; on by default. */
    public boolean pexEnabled() {
        return pexEnabled;
    }

    public AppSettings pexEnabled(boolean v) {
        this.pexEnabled = v;
        return this;
    }

    /** Local service discovery (BEP 14, multicast on the local network); on by default. */
    public boolean lsdEnabled() {
        return lsdEnabled;
    }

    public AppSettings lsdEnabled(boolean v) {
        this.lsdEnabled = v;
        return this;
    }

    /** The add dialog's "sequential", remembered. */
    public boolean sequential() {
        return sequential;
    }

    public AppSettings sequential(boolean v) {
        this.sequential = v;
        return this;
    }

    // ---------------------------------------------------------------- speed limits and queueing

    /** Global download limit in KiB/s, 0 for none. */
    public long downloadLimitKiB() {
        return downloadLimitKiB;
    }

    public AppSettings downloadLimitKiB(long v) {
        this.downloadLimitKiB = nonNegative(v, "downloadLimitKiB");
        return this;
    }

    /** Global upload limit in KiB/s, 0 for none. */
    public long uploadLimitKiB() {
        return uploadLimitKiB;
    }

    public AppSettings uploadLimitKiB(long v) {
        this.uploadLimitKiB = nonNegative(v, "uploadLimitKiB");
        return this;
    }

    /** Whether the alternative limits apply on a schedule ({@link #altDays}, {@link #altFromHour}..{@link #altToHour}). */
    public boolean altSpeedEnabled() {
        return altSpeedEnabled;
    }

    public AppSettings altSpeedEnabled(boolean v) {
        this.altSpeedEnabled = v;
        return this;
    }

    /** The alternative download limit in KiB/s, 0 for none. */
    public long altDownloadLimitKiB() {
        return altDownloadLimitKiB;
    }

    public AppSettings altDownloadLimitKiB(long v) {
        this.altDownloadLimitKiB = nonNegative(v, "altDownloadLimitKiB");
        return this;
    }

    /** The alternative upload limit in KiB/s, 0 for none. */
    public long altUploadLimitKiB() {
        return altUploadLimitKiB;
    }

    public AppSettings altUploadLimitKiB(long v) {
        this.altUploadLimitKiB = nonNegative(v, "altUploadLimitKiB");
        return this;
    }

    /** The days the schedule runs on (every day by default). */
    public Set<java.time.DayOfWeek> altDays() {
        return altDays;
    }

    /** The hour (0..23) the alternative limits start. */
    public int altFromHour() {
        return altFromHour;
    }

    /** The hour (0..24) they end; before {@link #altFromHour} means past midnight. */
    public int altToHour() {
        return altToHour;
    }

    public AppSettings altHours(int from, int to) {
        if (from < 0 || from > 23 || to < 0 || to > 24) {
            throw new IllegalArgumentException("hours out of range: " + from + ".." + to);
        }
        this.altFromHour = from;
        this.altToHour = to;
        return this;
    }

    /** Most torrents downloading at once, 0 for no limit; the others wait "Queued". */
    public int maxActiveDownloads() {
        return maxActiveDownloads;
    }

    public AppSettings maxActiveDownloads(int n) {
        this.maxActiveDownloads = (int) nonNegative(n, "maxActiveDownloads");
        return this;
    }

    /** Most torrents seeding at once, 0 for no limit. */
    public int maxActiveSeeds() {
        return maxActiveSeeds;
    }

    public AppSettings maxActiveSeeds(int n) {
        this.maxActiveSeeds = (int) nonNegative(n, "maxActiveSeeds");
        return this;
    }

    private static long nonNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + v);
        }
        return v;
    }

    // ---------------------------------------------------------------- desktop

    /** A desktop notification when a download completes. */
    public boolean notifications() {
        return notifications;
    }

    public AppSettings notifications(boolean v) {
        this.notifications = v;
        return this;
    }

    /** Start with the window minimized (hidden in the tray when there is one). */
    public boolean startMinimized() {
        return startMinimized;
    }

    public AppSettings startMinimized(boolean v) {
        this.startMinimized = v;
        return this;
    }

    /** Closing the window hides it in the tray (when there is one) instead of quitting. */
    public boolean closeToTray() {
        return closeToTray;
    }

    public AppSettings closeToTray(boolean v) {
        this.closeToTray = v;
        return this;
    }

    /** Column ids in display order (empty: the default order). */
    public List<String> columnOrder() {
        return columnOrder;
    }

    public Set<String> hiddenColumns() {
        return hiddenColumns;
    }

    public Map<String, Double> columnWidths() {
        return columnWidths;
    }

    /** 0 when not remembered. */
    public double windowWidth() {
        return windowWidth;
    }

    public double windowHeight() {
        return windowHeight;
    }

    public AppSettings windowSize(double width, double height) {
        this.windowWidth = width;
        this.windowHeight = height;
        return this;
    }
}
