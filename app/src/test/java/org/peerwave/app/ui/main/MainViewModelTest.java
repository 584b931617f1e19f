package org.peerwave.app.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.app.ui.FakeTorrentService.snapshot;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.service.AddSource;
import org.peerwave.app.service.TorrentSnapshot;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.settings.SettingsStore;
import org.peerwave.app.ui.FakeTorrentService;
import org.peerwave.app.ui.RecordingDesktop;

/** The main window's logic, without a UI: a fake service, and a UI executor that runs at once. */
class MainViewModelTest {

    @TempDir
    Path dir;

    FakeTorrentService service;
    RecordingDesktop desktop;
    SettingsStore store;
    MainViewModel vm;

    @BeforeEach
    void setUp() {
        service = new FakeTorrentService();
        desktop = new RecordingDesktop();
        store = new SettingsStore(dir.resolve("settings.properties"));
        vm = new MainViewModel(service, new AppSettings(dir.resolve("dl")), store, desktop, Runnable::run);
    }

    @Test
    void aStateChangeMovesRowsBetweenFiltersInOneRefilter() {
        fourStates();
        vm.filterProperty().set(TorrentFilter.DOWNLOADING);
        vm.selection().setAll(vm.row("a"));
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("a");
        int[] changes = {0};
        vm.visibleTorrents().addListener((javafx.collections.ListChangeListener<TorrentRow>) c -> changes[0]++);

        service.put(snapshot("a", "Ubuntu ISO", TorrentStatus.DOWNLOADING, 1000, 600, 7000, 100));
        vm.refresh().join();
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("a");

        service.put(snapshot("a", "Ubuntu ISO", TorrentStatus.SEEDING, 1000, 1000, 0, 100))
                .put(snapshot("c", "Holiday photos", TorrentStatus.DOWNLOADING, 800, 100, 10, 0))
                .put(snapshot("d", "Broken thing", TorrentStatus.QUEUED, 300, 10, 0, 0));
        changes[0] = 0;
        vm.refresh().join();
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactlyInAnyOrder("c", "d");
        assertThat(changes[0]).as("one change for the whole round, not one per row").isEqualTo(1);
        assertThat(vm.countProperty(TorrentFilter.DOWNLOADING).get()).isEqualTo(2);
    }

    private void fourStates() {
        service.put(snapshot("a", "Ubuntu ISO", TorrentStatus.DOWNLOADING, 1000, 400, 5000, 100))
                .put(snapshot("b", "Debian netinst", TorrentStatus.SEEDING, 500, 500, 0, 2000))
                .put(snapshot("c", "Holiday photos", TorrentStatus.PAUSED, 800, 800, 0, 0))
                .put(snapshot("d", "Broken thing", TorrentStatus.ERRORED, 300, 10, 0, 0));
        vm.refresh().join();
    }

    @Test
    void startsEmpty() {
        assertThat(vm.titleProperty().get()).isEqualTo("Peerwave");
        assertThat(vm.torrents()).isEmpty();
        assertThat(vm.emptyListText()).startsWith("No torrents yet");
        assertThat(vm.torrentCountProperty().get()).isEqualTo("No torrents");
        assertThat(vm.transferRatesProperty().get()).isEqualTo("\u2193 0 B/s   \u2191 0 B/s");
        assertThat(vm.listenPortProperty().get()).isEqualTo("Port 6881");
        assertThat(vm.dhtStatusProperty().get()).isEqualTo("DHT off");
    }

    @Test
    void statusBarShowsTheDhtNodeCount() {
        service.dhtNodes = 312;
        vm.refresh().join();
        assertThat(vm.dhtStatusProperty().get()).isEqualTo("DHT: 312 nodes");
    }

    @Test
    void filtersAndCounts() {
        fourStates();
        assertThat(vm.countProperty(TorrentFilter.ALL).get()).isEqualTo(4);
        assertThat(vm.countProperty(TorrentFilter.DOWNLOADING).get()).isEqualTo(1);
        assertThat(vm.countProperty(TorrentFilter.SEEDING).get()).isEqualTo(1);
        assertThat(vm.countProperty(TorrentFilter.COMPLETED).get()).isEqualTo(2); // seeding + paused complete
        assertThat(vm.countProperty(TorrentFilter.PAUSED).get()).isEqualTo(1);
        assertThat(vm.countProperty(TorrentFilter.ERRORED).get()).isEqualTo(1);
        assertThat(vm.torrentCountProperty().get()).isEqualTo("4 torrents");
        assertThat(vm.transferRatesProperty().get()).isEqualTo("\u2193 4.88 KiB/s   \u2191 2.05 KiB/s");

        vm.filterProperty().set(TorrentFilter.COMPLETED);
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("b", "c");
        vm.filterProperty().set(TorrentFilter.ERRORED);
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("d");

        // the download finishes: it moves from Downloading to Seeding/Completed, counts follow
        service.put(snapshot("a", "Ubuntu ISO", TorrentStatus.SEEDING, 1000, 1000, 0, 100));
        vm.refresh().join();
        assertThat(vm.countProperty(TorrentFilter.DOWNLOADING).get()).isZero();
        assertThat(vm.countProperty(TorrentFilter.SEEDING).get()).isEqualTo(2);
        assertThat(vm.countProperty(TorrentFilter.COMPLETED).get()).isEqualTo(3);
        vm.filterProperty().set(TorrentFilter.SEEDING);
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void searchMatchesEveryWordIgnoringCase() {
        fourStates();
        vm.searchProperty().set("iso");
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("a");
        vm.searchProperty().set("  DEBIAN  net ");
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("b");
        vm.searchProperty().set("o");
        vm.filterProperty().set(TorrentFilter.PAUSED);
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("c");
        vm.searchProperty().set("nothing like this");
        assertThat(vm.visibleTorrents()).isEmpty();
        vm.searchProperty().set("");
        vm.filterProperty().set(TorrentFilter.ALL);
        assertThat(vm.visibleTorrents()).hasSize(4);
    }

    @Test
    void aThousandTorrentsAreUpdatedInPlace() {
        for (int i = 0; i < 1000; i++) {
            service.put(snapshot("t" + i, "Torrent " + i, TorrentStatus.DOWNLOADING, 1_000_000, i, i, 0));
        }
        vm.refresh().join();
        assertThat(vm.torrents()).hasSize(1000);
        Map<TorrentRow, Boolean> before = new IdentityHashMap<>();
        vm.torrents().forEach(r -> before.put(r, true));
        List<String> structural = new ArrayList<>();
        vm.torrents().addListener((ListChangeListener<TorrentRow>) c -> {
            while (c.next()) {
                if (c.wasAdded() || c.wasRemoved() || c.wasReplaced() || c.wasPermutated()) {
                    structural.add(c.toString());
                }
            }
        });

        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < 1000; i++) {
                service.put(snapshot("t" + i, "Torrent " + i, TorrentStatus.DOWNLOADING, 1_000_000,
                        i + round * 1000L, i + round, round));
            }
            vm.refresh().join();
        }

        assertThat(structural).as("no rows added, removed or replaced").isEmpty();
        assertThat(vm.torrents()).hasSize(1000).allMatch(before::containsKey);
        TorrentRow r = vm.row("t7");
        assertThat(r.doneProperty().get()).isEqualTo(3007);
        assertThat(r.downloadRateProperty().get()).isEqualTo(10);
        assertThat(r.history().size()).isEqualTo(4);
        assertThat(r.history().window(600).down()).containsExactly(7, 8, 9, 10);
        assertThat(vm.countProperty(TorrentFilter.DOWNLOADING).get()).isEqualTo(1000);
        assertThat(service.snapshotCalls).isEqualTo(4);
    }

    @Test
    void newTorrentsAreAppendedAndRemovedOnesDropped() {
        fourStates();
        TorrentRow b = vm.row("b");
        vm.selection().setAll(b);
        vm.focusedProperty().set(b);
        service.torrents.remove("b");
        service.put(snapshot("e", "New one", TorrentStatus.METADATA, 0, 0, 0, 0));
        vm.refresh().join();
        assertThat(vm.torrents()).extracting(TorrentRow::id).containsExactly("a", "c", "d", "e");
        assertThat(vm.selection()).isEmpty();
        assertThat(vm.focusedProperty().get()).isNull();
        assertThat(vm.row("e").progressProperty().get()).isZero();
        assertThat(vm.row("e").isComplete()).isFalse();
    }

    @Test
    void sortingKeys() {
        service.put(new TorrentSnapshot("x", "beta", TorrentStatus.DOWNLOADING, "", 1000, 0, 0, 0, 5, 2, 0, 0,
                        java.time.Instant.parse("2026-01-02T00:00:00Z"), Path.of("/d"), false))
                .put(new TorrentSnapshot("y", "Alpha", TorrentStatus.DOWNLOADING, "", 1000, 500, 100, 0, 1, 9, 50, 100,
                        java.time.Instant.parse("2026-01-03T00:00:00Z"), Path.of("/d"), false))
                .put(new TorrentSnapshot("z", "gamma", TorrentStatus.SEEDING, "", 10, 10, 0, 10, 3, 1, 30, 10,
                        java.time.Instant.parse("2026-01-01T00:00:00Z"), Path.of("/d"), false));
        vm.refresh().join();
        vm.sortBy(List.of(new MainViewModel.SortKey(TorrentColumn.NAME, true)));
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("y", "x", "z");
        vm.sortBy(List.of(new MainViewModel.SortKey(TorrentColumn.NAME, false)));
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("z", "x", "y");
        // ETA: complete (0) first, then 5 s, and unknown (no rate) last
        vm.sortBy(List.of(new MainViewModel.SortKey(TorrentColumn.ETA, true)));
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("z", "y", "x");
        vm.sortBy(List.of(new MainViewModel.SortKey(TorrentColumn.STATE, true),
                new MainViewModel.SortKey(TorrentColumn.PEERS, false)));
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("y", "x", "z");
        vm.sortBy(List.of(new MainViewModel.SortKey(TorrentColumn.RATIO, false)));
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("z", "y", "x");
        vm.sortBy(List.of(new MainViewModel.SortKey(TorrentColumn.ADDED, true)));
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("z", "x", "y");

        // values change in place: the next refresh sorts again
        vm.sortBy(List.of(new MainViewModel.SortKey(TorrentColumn.DOWN, false)));
        assertThat(vm.visibleTorrents().get(0).id()).isEqualTo("y");
        service.put(new TorrentSnapshot("x", "beta", TorrentStatus.DOWNLOADING, "", 1000, 0, 900, 0, 5, 2, 0, 0,
                java.time.Instant.parse("2026-01-02T00:00:00Z"), Path.of("/d"), false));
        vm.refresh().join();
        assertThat(vm.visibleTorrents().get(0).id()).isEqualTo("x");
        vm.sortBy(List.of());
        assertThat(vm.visibleTorrents()).extracting(TorrentRow::id).containsExactly("x", "y", "z");
    }

    @Test
    void removeAsksFirstAndRemovesWithOrWithoutData() {
        fourStates();
        assertThat(vm.prepareRemove()).as("nothing selected").isNull();

        vm.selection().setAll(vm.row("a"));
        RemoveRequest one = vm.prepareRemove();
        assertThat(one.ids()).containsExactly("a");
        assertThat(one.message()).contains("\u201cUbuntu ISO\u201d");
        assertThat(service.calls).noneMatch(c -> c.startsWith("remove"));
        vm.confirmRemove(one, false).join();
        assertThat(service.calls).contains("remove a keep");
        assertThat(vm.torrents()).extracting(TorrentRow::id).doesNotContain("a");

        vm.selection().setAll(vm.row("b"), vm.row("c"));
        RemoveRequest two = vm.prepareRemove();
        assertThat(two.message()).startsWith("Remove 2 torrents?");
        vm.confirmRemove(two, true).join();
        assertThat(service.calls).contains("remove b delete", "remove c delete");
        assertThat(vm.torrents()).extracting(TorrentRow::id).containsExactly("d");
    }

    @Test
    void commandsGoToTheSelectedTorrents() {
        fourStates();
        vm.selection().setAll(vm.row("a"), vm.row("c"));
        vm.togglePauseSelected().join();
        assertThat(service.calls).contains("pause a", "pause c");
        vm.selection().setAll(vm.row("c"));
        vm.togglePauseSelected().join();
        assertThat(service.calls).contains("resume c");
        vm.setLimitsSelected(10, 20).join();
        assertThat(service.calls).contains("limits c 10240 20480");
        vm.toggleSequentialSelected().join();
        assertThat(service.calls).contains("sequential c true");
        vm.recheckSelected().join();
        assertThat(service.calls).contains("recheck c");
        vm.moveSelected(Path.of("/elsewhere")).join();
        assertThat(service.calls).contains("move c /elsewhere");
        vm.copyMagnets().join();
        assertThat(desktop.clipboard).containsExactly("magnet:?xt=urn:btih:c");
        vm.focusedProperty().set(vm.row("c"));
        vm.openFolder();
        assertThat(desktop.opened).containsExactly(Path.of("/downloads"));
    }

    @Test
    void dropsAreSortedIntoAddsAndCreates() throws Exception {
        Path torrent = Files.writeString(dir.resolve("x.torrent"), "d4:infod");
        Path folder = Files.createDirectories(dir.resolve("My Album"));
        Path file = Files.writeString(dir.resolve("notes.txt"), "hi");
        DropPlan plan = MainViewModel.planDrop(List.of(torrent, folder, file, dir.resolve("gone.torrent")), null);
        assertThat(plan.adds()).containsExactly(new AddSource.TorrentFile(torrent));
        assertThat(plan.creates()).containsExactly(folder, file);

        DropPlan links = MainViewModel.planDrop(List.of(),
                "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567\nhttps://example.org/a.torrent\nhello");
        assertThat(links.adds()).containsExactly(
                new AddSource.Magnet("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"),
                new AddSource.Url(URI.create("https://example.org/a.torrent")));
        assertThat(links.creates()).isEmpty();
        assertThat(MainViewModel.planDrop(List.of(), "just words").isEmpty()).isTrue();
    }

    @Test
    void columnLayoutIsRemembered() {
        assertThat(vm.columnOrder()).containsExactly(TorrentColumn.values());
        assertThat(vm.isColumnVisible(TorrentColumn.RATIO)).as("hidden until shown").isFalse();
        assertThat(vm.isColumnVisible(TorrentColumn.ADDED)).isFalse();
        assertThat(vm.isColumnVisible(TorrentColumn.ETA)).isTrue();
        List<TorrentColumn> order = new ArrayList<>(List.of(TorrentColumn.values()));
        order.remove(TorrentColumn.ADDED);
        order.add(1, TorrentColumn.ADDED);
        vm.saveLayout(order, EnumSet.of(TorrentColumn.RATIO, TorrentColumn.NAME), Map.of(TorrentColumn.NAME, 420.0));

        AppSettings reread = store.load(new AppSettings(dir.resolve("dl")));
        MainViewModel again = new MainViewModel(service, reread, store, desktop, Runnable::run);
        assertThat(again.columnOrder()).containsExactlyElementsOf(order);
        assertThat(again.isColumnVisible(TorrentColumn.RATIO)).isFalse();
        assertThat(again.isColumnVisible(TorrentColumn.NAME)).as("the name column cannot be hidden").isTrue();
        assertThat(again.isColumnVisible(TorrentColumn.ETA)).isTrue();
        assertThat(again.isColumnVisible(TorrentColumn.ADDED)).as("shown once the user's layout says so").isTrue();
        assertThat(again.columnWidth(TorrentColumn.NAME)).isEqualTo(420.0);
        assertThat(again.columnWidth(TorrentColumn.SIZE)).isEqualTo(TorrentColumn.SIZE.defaultWidth());
    }

    @Test
    void rowFiguresEtaAndRatio() {
        TorrentRow r = TorrentRow.of(new TorrentSnapshot("r", "r", TorrentStatus.DOWNLOADING, "", 1000, 400, 200, 0,
                -1, 1, 300, 600, java.time.Instant.EPOCH, Path.of("/d"), false));
        assertThat(r.etaProperty().get()).isEqualTo(3); // 600 bytes left at 200 B/s
        assertThat(r.ratioProperty().get()).isEqualTo(0.5);
        r.update(new TorrentSnapshot("r", "r", TorrentStatus.DOWNLOADING, "", 1000, 400, 0, 0, -1, 1, 300, 600,
                java.time.Instant.EPOCH, Path.of("/d"), false));
        assertThat(r.etaProperty().get()).isEqualTo(TorrentRow.NO_ETA);
        assertThat(MainViewModel.freeSpaceText(-1)).isEqualTo("Free space unknown");
        assertThat(MainViewModel.dhtText(-1)).isEqualTo("DHT off");
        assertThat(MainViewModel.dhtText(1)).isEqualTo("DHT: 1 node");
        assertThat(MainViewModel.freeSpaceText(1024)).isEqualTo("1 KiB free");
    }
}
