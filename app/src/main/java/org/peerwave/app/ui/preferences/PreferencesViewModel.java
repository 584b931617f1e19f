package org.peerwave.app.ui.preferences;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.peerwave.app.service.SpeedLimits;
import org.peerwave.app.service.TorrentService;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.settings.SettingsStore;

/**
 * The preferences window: a working copy of the settings that {@link #apply()} validates, stores
 * (settings.properties) and applies: limits and the queue at once through the service, the theme
 * through {@code themes}; the listen port and the DHT switch on the next start (the engine needs a
 * restart for them), which {@link #apply()} says.
 */
public final class PreferencesViewModel {

    private final AppSettings settings;
    private final SettingsStore store;
    private final TorrentService service;
    private final SpeedLimits limits;
    private final Consumer<AppSettings.Theme> themes;

    private final StringProperty defaultSaveDir = new SimpleStringProperty(this, "defaultSaveDir");
    private final IntegerProperty listenPort = new SimpleIntegerProperty(this, "listenPort");
    private final IntegerProperty downloadLimit = new SimpleIntegerProperty(this, "downloadLimit");
    private final IntegerProperty uploadLimit = new SimpleIntegerProperty(this, "uploadLimit");
    private final BooleanProperty altEnabled = new SimpleBooleanProperty(this, "altEnabled");
    private final IntegerProperty altDownloadLimit = new SimpleIntegerProperty(this, "altDownloadLimit");
    private final IntegerProperty altUploadLimit = new SimpleIntegerProperty(this, "altUploadLimit");
    private final IntegerProperty altFromHour = new SimpleIntegerProperty(this, "altFromHour");
    private final IntegerProperty altToHour = new SimpleIntegerProperty(this, "altToHour");
    private final Map<DayOfWeek, BooleanProperty> altDays = new EnumMap<>(DayOfWeek.class);
    private final IntegerProperty maxDownloads = new SimpleIntegerProperty(this, "maxDownloads");
    private final IntegerProperty maxSeeds = new SimpleIntegerProperty(this, "maxSeeds");
    private final BooleanProperty dht = new SimpleBooleanProperty(this, "dht");
    private final BooleanProperty pex = new SimpleBooleanProperty(this, "pex");
    private final BooleanProperty lsd = new SimpleBooleanProperty(this, "lsd");
    private final ObjectProperty<AppSettings.Theme> theme = new SimpleObjectProperty<>(this, "theme");
    private final BooleanProperty notifications = new SimpleBooleanProperty(this, "notifications");
    private final BooleanProperty startMinimized = new SimpleBooleanProperty(this, "startMinimized");
    private final BooleanProperty closeToTray = new SimpleBooleanProperty(this, "closeToTray");
    private final BooleanProperty confirmExternalAdds = new SimpleBooleanProperty(this, "confirmExternalAdds");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    public PreferencesViewModel(AppSettings settings, SettingsStore store, TorrentService service, SpeedLimits limits,
                                Consumer<AppSettings.Theme> themes) {
        this.settings = settings;
        this.store = store;
        this.service = service;
        this.limits = limits;
        this.themes = themes;
        for (DayOfWeek d : DayOfWeek.values()) {
            altDays.put(d, new SimpleBooleanProperty(this, "alt" + d.name()));
        }
        reset();
    }

    /** Fills the working copy from the settings. */
    public void reset() {
        defaultSaveDir.set(settings.defaultSaveDir().toString());
        listenPort.set(settings.listenPort());
        downloadLimit.set(clampInt(settings.downloadLimitKiB()));
        uploadLimit.set(clampInt(settings.uploadLimitKiB()));
        altEnabled.set(settings.altSpeedEnabled());
        altDownloadLimit.set(clampInt(settings.altDownloadLimitKiB()));
        altUploadLimit.set(clampInt(settings.altUploadLimitKiB()));
        altFromHour.set(settings.altFromHour());
        altToHour.set(settings.altToHour());
        altDays.forEach((d, p) -> p.set(settings.altDays().contains(d)));
        maxDownloads.set(settings.maxActiveDownloads());
        maxSeeds.set(settings.maxActiveSeeds());
        dht.set(settings.dhtEnabled());
        pex.set(settings.pexEnabled());
        lsd.set(settings.lsdEnabled());
        theme.set(settings.theme());
        notifications.set(settings.notifications());
        startMinimized.set(settings.startMinimized());
        closeToTray.set(settings.closeToTray());
        confirmExternalAdds.set(settings.confirmExternalAdds());
        error.set("");
    }

    private static int clampInt(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }

    /** What is wrong with the working copy, or empty when it can be applied. */
    public String validate() {
        String dir = defaultSaveDir.get() == null ? "" : defaultSaveDir.get().trim();
        if (dir.isEmpty()) {
            return "Choose a default save folder";
        }
        try {
            Path.of(dir);
        } catch (InvalidPathException e) {
            return "Not a folder: " + dir;
        }
        if (listenPort.get() < 0 || listenPort.get() > 65535) {
            return "The listen port must be between 0 and 65535";
        }
        if (downloadLimit.get() < 0 || uploadLimit.get() < 0 || altDownloadLimit.get() < 0
                || altUploadLimit.get() < 0) {
            return "Speed limits must not be negative";
        }
        if (altFromHour.get() < 0 || altFromHour.get() > 23 || altToHour.get() < 0 || altToHour.get() > 24) {
            return "Schedule hours: from 0..23, to 0..24";
        }
        if (altEnabled.get() && altDays.values().stream().noneMatch(BooleanProperty::get)) {
            return "Pick at least one day for the alternative speed";
        }
        if (maxDownloads.get() < 0 || maxSeeds.get() < 0) {
            return "Maximum active torrents must not be negative";
        }
        return "";
    }

    /**
     * Validates, stores and applies the working copy. Returns what takes effect after a restart
     * (empty when everything applied now), or null when it is not valid ({@link #errorProperty()}).
     */
    public List<String> apply() {
        String problem = validate();
        error.set(problem);
        if (!problem.isEmpty()) {
            return null;
        }
        List<String> later = new ArrayList<>();
        if (listenPort.get() != settings.listenPort() && listenPort.get() != service.listenPort()) {
            later.add("listen port");
        }
        if (dht.get() != settings.dhtEnabled()) {
            later.add("DHT");
        }
        if (pex.get() != settings.pexEnabled()) {
            later.add("peer exchange");
        }
        if (lsd.get() != settings.lsdEnabled()) {
            later.add("local discovery");
        }
        settings.defaultSaveDir(Path.of(defaultSaveDir.get().trim()))
                .listenPort(listenPort.get())
                .downloadLimitKiB(downloadLimit.get()).uploadLimitKiB(uploadLimit.get())
                .altSpeedEnabled(altEnabled.get())
                .altDownloadLimitKiB(altDownloadLimit.get()).altUploadLimitKiB(altUploadLimit.get())
                .altHours(altFromHour.get(), altToHour.get())
                .maxActiveDownloads(maxDownloads.get()).maxActiveSeeds(maxSeeds.get())
                .dhtEnabled(dht.get()).pexEnabled(pex.get()).lsdEnabled(lsd.get()).theme(theme.get()).notifications(notifications.get())
                .startMinimized(startMinimized.get()).closeToTray(closeToTray.get())
                .confirmExternalAdds(confirmExternalAdds.get());
        settings.altDays().clear();
        altDays.forEach((d, p) -> {
            if (p.get()) {
                settings.altDays().add(d);
            }
        });
        store.saveQuietly(settings);
        limits.update(true);
        service.setQueueLimits(settings.maxActiveDownloads(), settings.maxActiveSeeds());
        themes.accept(settings.theme());
        return later;
    }

    /** The sentence for the status bar after {@link #apply()}. */
    public static String appliedNotice(List<String> later) {
        return later.isEmpty() ? "Preferences saved"
                : "Preferences saved; the " + String.join(" and the ", later) + " change on the next start";
    }

    public StringProperty defaultSaveDirProperty() {
        return defaultSaveDir;
    }

    /** 0 picks a free port. */
    public IntegerProperty listenPortProperty() {
        return listenPort;
    }

    /** KiB/s, 0 for none. */
    public IntegerProperty downloadLimitProperty() {
        return downloadLimit;
    }

    public IntegerProperty uploadLimitProperty() {
        return uploadLimit;
    }

    public BooleanProperty altEnabledProperty() {
        return altEnabled;
    }

    public IntegerProperty altDownloadLimitProperty() {
        return altDownloadLimit;
    }

    public IntegerProperty altUploadLimitProperty() {
        return altUploadLimit;
    }

    public IntegerProperty altFromHourProperty() {
        return altFromHour;
    }

    public IntegerProperty altToHourProperty() {
        return altToHour;
    }

    public BooleanProperty altDayProperty(DayOfWeek d) {
        return altDays.get(d);
    }

    public IntegerProperty maxDownloadsProperty() {
        return maxDownloads;
    }

    public IntegerProperty maxSeedsProperty() {
        return maxSeeds;
    }

    public BooleanProperty dhtProperty() {
        return dht;
    }

    public BooleanProperty pexProperty() {
        return pex;
    }

    public BooleanProperty lsdProperty() {
        return lsd;
    }

    public ObjectProperty<AppSettings.Theme> themeProperty() {
        return theme;
    }

    public BooleanProperty notificationsProperty() {
        return notifications;
    }

    public BooleanProperty startMinimizedProperty() {
        return startMinimized;
    }

    public BooleanProperty closeToTrayProperty() {
        return closeToTray;
    }

    public BooleanProperty confirmExternalAddsProperty() {
        return confirmExternalAdds;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
