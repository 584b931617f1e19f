package org.peerwave.app.ui.main;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import org.peerwave.app.AppInfo;
import org.peerwave.app.service.AddSource;
import org.peerwave.app.service.DesktopActions;
import org.peerwave.app.service.TorrentService;
import org.peerwave.app.service.TorrentSnapshot;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.settings.SettingsStore;
import org.peerwave.app.util.Sizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State and logic of the main window: the torrent list (updated in place once a second), the side
 * bar's filters with their counts, the search, sorting, the commands of the toolbar and context
 * menu, drops, the status bar and the remembered column layout. No controls here (no
 * {@code javafx.scene}); {@link MainView} binds to it. Results of the service are applied on the
 * {@code ui} executor (the JavaFX thread; the calling thread in tests).
 */
public final class MainViewModel {

    private static final Logger log = LoggerFactory.getLogger(MainViewModel.class);

    static final String EMPTY_LIST_TEXT = "No torrents yet \u2014 add a .torrent file or a magnet link";

    /** A sort key: a column and its direction. */
    public record SortKey(TorrentColumn column, boolean ascending) {
    }

    private final TorrentService service;
    private final AppSettings settings;
    private final SettingsStore settingsStore;
    private final DesktopActions desktop;
    private final Executor ui;

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", AppInfo.NAME);
    /**
     * Every torrent, in the order added; rows are updated in place, never replaced. No extractor:
     * a refresh that moves rows in or out of the filter re-filters once ({@link #apply}), instead
     * of one list event per changed row (1,000 torrents changing state at once cost the JavaFX
     * thread ~120 ms in events).
     */
    private final ObservableList<TorrentRow> torrents = FXCollections.observableArrayList();
    private final Map<String, TorrentRow> byId = new HashMap<>();
    private final FilteredList<TorrentRow> filtered = new FilteredList<>(torrents, r -> true);
    private final SortedList<TorrentRow> sorted = new SortedList<>(filtered);
    private List<SortKey> sortKeys = List.of();

    private final ObjectProperty<TorrentFilter> filter = new SimpleObjectProperty<>(this, "filter", TorrentFilter.ALL);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final Map<TorrentFilter, ReadOnlyIntegerWrapper> counts = new EnumMap<>(TorrentFilter.class);
    private final ObservableList<TorrentRow> selection = FXCollections.observableArrayList();
    private final ObjectProperty<TorrentRow> focused = new SimpleObjectProperty<>(this, "focused");

    private final ReadOnlyStringWrapper torrentCount = new ReadOnlyStringWrapper(this, "torrentCount");
    private final ReadOnlyStringWrapper transferRates = new ReadOnlyStringWrapper(this, "transferRates");
    private final ReadOnlyStringWrapper listenPort = new ReadOnlyStringWrapper(this, "listenPort");
    private final ReadOnlyStringWrapper freeSpace = new ReadOnlyStringWrapper(this, "freeSpace");
    private final ReadOnlyStringWrapper dhtStatus = new ReadOnlyStringWrapper(this, "dhtStatus", "DHT off");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyIntegerWrapper refreshes = new ReadOnlyIntegerWrapper(this, "refreshes");
    private final SpeedHistory globalHistory = new SpeedHistory();
    private final IntegerProperty speedWindow = new SimpleIntegerProperty(this, "speedWindow", 60);
    private final List<Consumer<TorrentRow>> completionListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public MainViewModel(TorrentService service, AppSettings settings, SettingsStore settingsStore,
                         DesktopActions desktop, Executor ui) {
        this.service = service;
        this.settings = settings;
        this.settingsStore = settingsStore;
        this.desktop = desktop;
        this.ui = ui;
        for (TorrentFilter f : TorrentFilter.values()) {
            counts.put(f, new ReadOnlyIntegerWrapper(this, "count" + f.name()));
        }
        filter.addListener((o, a, b) -> refilter());
        search.addListener((o, a, b) -> refilter());
        updateSummary();
        listenPort.set("Port " + service.listenPort());
    }

    // ---------------------------------------------------------------- list

    /** The window title and the name in the header. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public String emptyListText() {
        return EMPTY_LIST_TEXT;
    }

    /** Every torrent, in the order added (rows are updated in place). */
    public ObservableList<TorrentRow> torrents() {
        return torrents;
    }

    /** What the table shows: filtered by the side bar and the search, sorted by {@link #sortBy}. */
    public SortedList<TorrentRow> visibleTorrents() {
        return sorted;
    }

    /** The row of a torrent, or null. */
    public TorrentRow row(String id) {
        return byId.get(id);
    }

    public ObjectProperty<TorrentFilter> filterProperty() {
        return filter;
    }

    /** The search box: rows whose name contains every word, ignoring case. */
    public StringProperty searchProperty() {
        return search;
    }

    /** How many torrents each filter shows (the search aside). */
    public ReadOnlyIntegerProperty countProperty(TorrentFilter f) {
        return counts.get(f).getReadOnlyProperty();
    }

    /** The selected rows (the view keeps it in step with the table's selection). */
    public ObservableList<TorrentRow> selection() {
        return selection;
    }

    /** The row the details pane shows. */
    public ObjectProperty<TorrentRow> focusedProperty() {
        return focused;
    }

    /** Counts refreshes; views redraw graphs when it changes. */
    public ReadOnlyIntegerProperty refreshesProperty() {
        return refreshes.getReadOnlyProperty();
    }

    /** Sorts by these keys, first key first; empty: the order added. */
    public void sortBy(List<SortKey> keys) {
        sortKeys = List.copyOf(keys);
        applySort();
    }

    /** The comparator of these sort keys, or null for none. */
    public static Comparator<TorrentRow> comparator(List<SortKey> keys) {
        Comparator<TorrentRow> c = null;
        for (SortKey k : keys) {
            Comparator<TorrentRow> one = k.ascending() ? k.column().comparator() : k.column().comparator().reversed();
            c = c == null ? one : c.thenComparing(one);
        }
        return c;
    }

    private void applySort() {
        Comparator<TorrentRow> c = comparator(sortKeys);
        // a new instance each time, so that SortedList sorts again after values changed in place
        sorted.setComparator(c == null ? null : (a, b) -> c.compare(a, b));
    }

    private void refilter() {
        TorrentFilter f = filter.get();
        String[] words = search.get() == null ? new String[0]
                : search.get().trim().toLowerCase(Locale.ROOT).split("\\s+");
        shown = r -> f.matches(r) && matchesSearch(r, words);
        filtered.setPredicate(shown);
    }

    /** The filter and search in force (what {@link #filtered} shows). */
    private java.util.function.Predicate<TorrentRow> shown = r -> true;

    static boolean matchesSearch(TorrentRow r, String[] words) {
        String name = r.nameProperty().get().toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (!w.isEmpty() && !name.contains(w)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- refresh

    /** Asks the service for fresh snapshots and applies them on the UI executor. */
    public CompletableFuture<Void> refresh() {
        return service.snapshots().thenAcceptAsync(this::apply, ui).exceptionally(e -> {
            log.warn("refresh failed: {}", e.toString());
            return null;
        });
    }

    /**
     * Applies one round of snapshots: updates the rows in place, adds new torrents at the end,
     * drops removed ones; then counts, totals, the global history and the sort order.
     */
    public void apply(List<TorrentSnapshot> snapshots) {
        Map<String, TorrentSnapshot> seen = new LinkedHashMap<>();
        List<TorrentRow> added = new ArrayList<>();
        List<TorrentRow> completed = new ArrayList<>();
        boolean moved = false;
        for (TorrentSnapshot s : snapshots) {
            seen.put(s.id(), s);
            TorrentRow row = byId.get(s.id());
            if (row == null) {
                row = TorrentRow.of(s);
                byId.put(s.id(), row);
                added.add(row);
            } else {
                TorrentStatus before = row.statusProperty().get();
                boolean wasComplete = row.isComplete();
                boolean wasShown = shown.test(row);
                row.update(s);
                moved |= wasShown != shown.test(row);
                if (!wasComplete && row.isComplete()
                        && (before == TorrentStatus.DOWNLOADING || before == TorrentStatus.METADATA)) {
                    completed.add(row);
                }
            }
        }
        if (byId.size() > seen.size()) {
            List<TorrentRow> gone = torrents.stream().filter(r -> !seen.containsKey(r.id())).toList();
            gone.forEach(r -> byId.remove(r.id()));
            torrents.removeAll(gone);
            selection.removeAll(gone);
            if (gone.contains(focused.get())) {
                focused.set(null);
            }
        }
        if (!added.isEmpty()) {
            torrents.addAll(added);
        }
        if (moved) {
            refilter();
        }
        updateSummary();
        applySort();
        freeSpace.set(freeSpaceText(service.freeSpace(settings.defaultSaveDir())));
        dhtStatus.set(dhtText(service.dhtNodes()));
        refreshes.set(refreshes.get() + 1);
        for (TorrentRow row : completed) {
            log.info("download complete: {}", row.nameProperty().get());
            completionListeners.forEach(l -> l.accept(row));
        }
    }

    /**
     * Called (on the UI executor) with each torrent whose download just completed: it was
     * downloading at the last refresh and has every wanted byte now. Not for torrents found complete
     * when they first appear or after a recheck.
     */
    public void addCompletionListener(Consumer<TorrentRow> listener) {
        completionListeners.add(listener);
    }

    private void updateSummary() {
        int[] c = new int[TorrentFilter.values().length];
        long down = 0;
        long up = 0;
        for (TorrentRow row : torrents) {
            for (TorrentFilter f : TorrentFilter.values()) {
                if (f.matches(row)) {
                    c[f.ordinal()]++;
                }
            }
            down += row.downloadRateProperty().get();
            up += row.uploadRateProperty().get();
        }
        for (TorrentFilter f : TorrentFilter.values()) {
            counts.get(f).set(c[f.ordinal()]);
        }
        int n = torrents.size();
        torrentCount.set(n == 0 ? "No torrents" : n == 1 ? "1 torrent" : n + " torrents");
        transferRates.set("\u2193 " + Sizes.rate(down) + "   \u2191 " + Sizes.rate(up));
        globalHistory.add(down, up);
    }

    /** "DHT off", "DHT: 1 node", "DHT: 312 nodes". */
    static String dhtText(int nodes) {
        return nodes < 0 ? "DHT off" : nodes == 1 ? "DHT: 1 node" : "DHT: " + nodes + " nodes";
    }

    /** The DHT's node count for the status bar. */
    public ReadOnlyStringProperty dhtStatusProperty() {
        return dhtStatus.getReadOnlyProperty();
    }

    static String freeSpaceText(long bytes) {
        return bytes < 0 ? "Free space unknown" : Sizes.bytes(bytes) + " free";
    }

    public ReadOnlyStringProperty torrentCountProperty() {
        return torrentCount.getReadOnlyProperty();
    }

    /** Total download and upload rate, for example "↓ 1.50 MiB/s   ↑ 12 KiB/s". */
    public ReadOnlyStringProperty transferRatesProperty() {
        return transferRates.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty listenPortProperty() {
        return listenPort.getReadOnlyProperty();
    }

    /** Free space in the default save folder. */
    public ReadOnlyStringProperty freeSpaceProperty() {
        return freeSpace.getReadOnlyProperty();
    }

    /** A short message for the user (added, created, failed...). */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public void notice(String text) {
        notice.set(text);
    }

    /** Every torrent's rates added up, over the last ten minutes. */
    public SpeedHistory globalHistory() {
        return globalHistory;
    }

    /** The global graph's window in seconds (60, 300 or 600). */
    public IntegerProperty speedWindowProperty() {
        return speedWindow;
    }

    // ---------------------------------------------------------------- commands

    private List<String> selectedIds() {
        return selection.stream().map(TorrentRow::id).toList();
    }

    private CompletableFuture<Void> forSelected(String what, java.util.function.Function<String, CompletableFuture<Void>> f) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String id : selectedIds()) {
            all.add(f.apply(id).exceptionally(e -> {
                failed(what, e);
                return null;
            }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenCompose(v -> refresh());
    }

    private void failed(String what, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        log.warn("{} failed: {}", what, cause.toString());
        ui.execute(() -> notice.set(what + " failed: " + cause.getMessage()));
    }

    public CompletableFuture<Void> pauseSelected() {
        return forSelected("Pause", service::pause);
    }

    public CompletableFuture<Void> resumeSelected() {
        return forSelected("Resume", service::resume);
    }

    /** Space: pauses the selection when any of it runs, else resumes it. */
    public CompletableFuture<Void> togglePauseSelected() {
        boolean anyRunning = selection.stream().anyMatch(r -> r.statusProperty().get() != TorrentStatus.PAUSED);
        return anyRunning ? pauseSelected() : resumeSelected();
    }

    public CompletableFuture<Void> recheckSelected() {
        return forSelected("Recheck", service::recheck);
    }

    /** Turns sequential download on for the selection unless all of it has it, then off. */
    public CompletableFuture<Void> toggleSequentialSelected() {
        boolean allOn = !selection.isEmpty() && selection.stream().allMatch(r -> r.sequentialProperty().get());
        return forSelected("Sequential", id -> service.setSequential(id, !allOn));
    }

    /** Limits in KiB/s, 0 for none. */
    public CompletableFuture<Void> setLimitsSelected(long uploadKiB, long downloadKiB) {
        if (uploadKiB < 0 || downloadKiB < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        return forSelected("Limits", id -> service.setRateLimits(id, uploadKiB * 1024, downloadKiB * 1024));
    }

    public CompletableFuture<Void> moveSelected(Path folder) {
        return forSelected("Move", id -> service.moveStorage(id, folder));
    }

    /** Opens the focused (else first selected) torrent's folder. */
    public void openFolder() {
        TorrentRow r = focused.get() != null ? focused.get() : selection.isEmpty() ? null : selection.get(0);
        if (r != null && r.savePathProperty().get() != null) {
            desktop.openFolder(r.savePathProperty().get());
        }
    }

    /** Copies the magnet links of the selection, one per line. */
    public CompletableFuture<Void> copyMagnets() {
        List<CompletableFuture<String>> links = selectedIds().stream()
                .map(id -> service.details(id).thenApply(d -> d.magnet())).toList();
        if (links.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(links.toArray(CompletableFuture[]::new)).thenAcceptAsync(v -> {
            desktop.copyToClipboard(String.join("\n", links.stream().map(CompletableFuture::join).toList()));
            notice.set(links.size() == 1 ? "Magnet link copied" : links.size() + " magnet links copied");
        }, ui);
    }

    /** The confirmation to ask before removing the selection, or null when nothing is selected. */
    public RemoveRequest prepareRemove() {
        if (selection.isEmpty()) {
            return null;
        }
        List<String> ids = selectedIds();
        String what = ids.size() == 1 ? "\u201c" + selection.get(0).nameProperty().get() + "\u201d"
                : ids.size() + " torrents";
        return new RemoveRequest(ids, "Remove " + (ids.size() == 1 ? "torrent" : "torrents"),
                "Remove " + what + "? Keep the downloaded files, or delete them too?");
    }

    /** Removes the torrents of a confirmed request, deleting their files when asked. */
    public CompletableFuture<Void> confirmRemove(RemoveRequest request, boolean deleteData) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String id : request.ids()) {
            all.add(service.remove(id, deleteData).exceptionally(e -> {
                failed("Remove", e);
                return null;
            }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenCompose(v -> refresh());
    }

    // ---------------------------------------------------------------- drops

    /**
     * Sorts what was dropped (or pasted): {@code .torrent} files and {@code magnet:}/http(s) links go
     * to the add dialog, other local files and folders to the create-torrent dialog.
     */
    public static DropPlan planDrop(List<Path> files, String text) {
        List<AddSource> adds = new ArrayList<>();
        List<Path> creates = new ArrayList<>();
        for (Path p : files) {
            String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".torrent") && Files.isRegularFile(p)) {
                adds.add(new AddSource.TorrentFile(p));
            } else if (Files.exists(p)) {
                creates.add(p);
            }
        }
        if (text != null && files.isEmpty()) {
            for (String line : text.split("\\R")) {
                String s = line.trim();
                String lower = s.toLowerCase(Locale.ROOT);
                if (lower.startsWith("magnet:?")) {
                    adds.add(new AddSource.Magnet(s));
                } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
                    try {
                        adds.add(new AddSource.Url(URI.create(s)));
                    } catch (IllegalArgumentException e) {
                        log.debug("not a link: {}", s);
                    }
                }
            }
        }
        return new DropPlan(adds, creates);
    }

    // ---------------------------------------------------------------- layout

    /** The remembered column order (ids), the default order for columns not in it. */
    public List<TorrentColumn> columnOrder() {
        List<TorrentColumn> out = new ArrayList<>();
        for (String id : settings.columnOrder()) {
            TorrentColumn c = TorrentColumn.byId(id);
            if (c != null && !out.contains(c)) {
                out.add(c);
            }
        }
        for (TorrentColumn c : TorrentColumn.values()) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Columns hidden until the user shows them (the table's menu button), to keep the default window uncrowded. */
    static final Set<TorrentColumn> HIDDEN_BY_DEFAULT = java.util.EnumSet.of(TorrentColumn.RATIO, TorrentColumn.ADDED);

    public boolean isColumnVisible(TorrentColumn c) {
        if (c == TorrentColumn.NAME) {
            return true;
        }
        return settings.columnOrder().isEmpty() ? !HIDDEN_BY_DEFAULT.contains(c)
                : !settings.hiddenColumns().contains(c.id());
    }

    public double columnWidth(TorrentColumn c) {
        return settings.columnWidths().getOrDefault(c.id(), c.defaultWidth());
    }

    /** Remembers the table's layout (and writes the settings file). */
    public void saveLayout(List<TorrentColumn> order, Set<TorrentColumn> hidden, Map<TorrentColumn, Double> widths) {
        settings.columnOrder().clear();
        order.forEach(c -> settings.columnOrder().add(c.id()));
        settings.hiddenColumns().clear();
        hidden.stream().filter(c -> c != TorrentColumn.NAME).forEach(c -> settings.hiddenColumns().add(c.id()));
        settings.columnWidths().clear();
        widths.forEach((c, w) -> settings.columnWidths().put(c.id(), w));
        settingsStore.saveQuietly(settings);
    }

    public AppSettings settings() {
        return settings;
    }

    /** Saves the settings (theme, window size...). */
    public void saveSettings() {
        settingsStore.saveQuietly(settings);
    }

    /** Runs {@code action} with the notice text of a finished operation, on the UI executor. */
    public Consumer<String> noticeSink() {
        return text -> ui.execute(() -> notice.set(text));
    }
}
