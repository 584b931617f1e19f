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

    public enum Theme { LIGHT, DARK }

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
    private boolean sequential;
    private final List<String> columnOrder = new ArrayList<>();
    private final Set<String> hiddenColumns = new LinkedHashSet<>();
    private final Map<String, Double> columnWidths = new LinkedHashMap<>();
    private double windowWidth;
    private double windowHeight;

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

    /** The add dialog's "sequential", remembered. */
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

    public boolean sequential() {
        return sequential;
    }

    public AppSettings sequential(boolean v) {
        this.sequential = v;
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
