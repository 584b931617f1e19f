package org.peerwave.app.ui.add;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.service.AddSource;
import org.peerwave.app.service.FileInfo;
import org.peerwave.app.service.TorrentPreview;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.settings.SettingsStore;
import org.peerwave.app.ui.FakeTorrentService;
import org.peerwave.app.ui.files.FileNode;
import org.peerwave.engine.session.FilePriority;

/** The add dialog's model: priorities from check boxes and choices, remembered folder and options. */
class AddTorrentViewModelTest {

    @TempDir
    Path dir;

    static final AddSource SOURCE = new AddSource.TorrentBytes(new byte[0], "test");

    /** Files 0, 1 in "Album/CD1", 3 in "Album" (2 is a pad file, left out of the preview). */
    static TorrentPreview album() {
        return new TorrentPreview(SOURCE, "abc", "Album", 600, List.of(
                new FileInfo(0, "CD1/01.flac", 100, 0, FilePriority.NORMAL),
                new FileInfo(1, "CD1/02.flac", 200, 0, FilePriority.NORMAL),
                new FileInfo(3, "cover.jpg", 300, 0, FilePriority.NORMAL)));
    }

    @Test
    void prioritiesFollowTheCheckBoxes() {
        FakeTorrentService service = new FakeTorrentService();
        service.nextPreview = album();
        SettingsStore store = new SettingsStore(dir.resolve("settings.properties"));
        AddTorrentViewModel vm = new AddTorrentViewModel(service, new AppSettings(dir.resolve("dl")), store,
                Runnable::run);
        vm.load(SOURCE).join();
        assertThat(vm.readyProperty().get()).isTrue();
        assertThat(vm.nameProperty().get()).isEqualTo("Album");
        assertThat(vm.infoProperty().get()).isEqualTo("600 B in 3 files");
        FileNode root = vm.filesProperty().get();
        assertThat(root.children()).extracting(FileNode::name).containsExactly("CD1", "cover.jpg");
        assertThat(vm.priorities()).containsExactly(FilePriority.NORMAL, FilePriority.NORMAL, FilePriority.SKIP,
                FilePriority.NORMAL);

        FileNode cd1 = root.children().get(0);
        cd1.checkedProperty().set(false);
        assertThat(vm.priorities()).containsExactly(FilePriority.SKIP, FilePriority.SKIP, FilePriority.SKIP,
                FilePriority.NORMAL);
        assertThat(root.checkedProperty().get()).isTrue();

        cd1.children().get(1).checkedProperty().set(true);
        assertThat(cd1.checkedProperty().get()).as("a folder is checked while any file is").isTrue();
        root.children().get(1).priorityProperty().set(FilePriority.HIGH);
        assertThat(vm.priorities()).containsExactly(FilePriority.SKIP, FilePriority.NORMAL, FilePriority.SKIP,
                FilePriority.HIGH);

        root.children().get(1).priorityProperty().set(FilePriority.SKIP);
        assertThat(root.children().get(1).checkedProperty().get()).as("skip unchecks").isFalse();
        cd1.children().get(1).checkedProperty().set(false);
        assertThat(root.checkedProperty().get()).isFalse();
        assertThat(vm.anythingSelected()).isFalse();
    }

    @Test
    void addSendsTheChoicesAndRemembersTheFolder() {
        FakeTorrentService service = new FakeTorrentService();
        service.nextPreview = album();
        SettingsStore store = new SettingsStore(dir.resolve("settings.properties"));
        AddTorrentViewModel vm = new AddTorrentViewModel(service, new AppSettings(dir.resolve("dl")), store,
                Runnable::run);
        assertThat(vm.saveDirProperty().get()).isEqualTo(dir.resolve("dl").toString());
        vm.load(SOURCE).join();
        vm.filesProperty().get().children().get(1).checkedProperty().set(false);
        vm.saveDirProperty().set(dir.resolve("music").toString());
        vm.startPausedProperty().set(true);
        vm.sequentialProperty().set(true);
        assertThat(vm.add().join()).isEqualTo("abc");

        assertThat(service.added).hasSize(1);
        var request = service.added.get(0);
        assertThat(request.saveDir()).isEqualTo(dir.resolve("music"));
        assertThat(request.startPaused()).isTrue();
        assertThat(request.sequential()).isTrue();
        assertThat(request.priorities()).containsExactly(FilePriority.NORMAL, FilePriority.NORMAL, FilePriority.SKIP,
                FilePriority.SKIP);

        // a later dialog starts with the same folder and options, also after a restart
        AppSettings reread = store.load(new AppSettings(dir.resolve("dl")));
        AddTorrentViewModel next = new AddTorrentViewModel(service, reread, store, Runnable::run);
        assertThat(next.saveDirProperty().get()).isEqualTo(dir.resolve("music").toString());
        assertThat(next.startPausedProperty().get()).isTrue();
        assertThat(next.sequentialProperty().get()).isTrue();
    }

    @Test
    void aMagnetHasNoFilesYetAndABadSourceSaysWhy() {
        FakeTorrentService service = new FakeTorrentService();
        service.nextPreview = new TorrentPreview(new AddSource.Magnet("magnet:?xt=urn:btih:ab"), "ab", "Some name", 0,
                List.of());
        SettingsStore store = new SettingsStore(dir.resolve("settings.properties"));
        AddTorrentViewModel vm = new AddTorrentViewModel(service, new AppSettings(dir), store, Runnable::run);
        vm.load(service.nextPreview.source()).join();
        assertThat(vm.filesProperty().get()).isNull();
        assertThat(vm.priorities()).isEmpty();
        assertThat(vm.anythingSelected()).isTrue();
        assertThat(vm.infoProperty().get()).contains("metadata");

        service.nextPreview = null;
        AddTorrentViewModel bad = new AddTorrentViewModel(service, new AppSettings(dir), store, Runnable::run);
        bad.load(new AddSource.Magnet("x")).join();
        assertThat(bad.readyProperty().get()).isFalse();
        assertThat(bad.errorProperty().get()).isEqualTo("Cannot read it: not a torrent");
        assertThat(bad.add()).isCompletedExceptionally();
    }

    /** Plays .mkv and .mp4, records what it was asked to play. */
    static final class RecordingPlayer implements org.peerwave.app.service.PlayerLauncher {
        final List<String> played = new java.util.ArrayList<>();

        @Override
        public boolean canPlay(String fileName) {
            return fileName.endsWith(".mkv") || fileName.endsWith(".mp4");
        }

        @Override
        public void play(String torrentId, int fileIndex) {
            played.add(torrentId + "#" + fileIndex);
        }
    }

    static TorrentPreview show() {
        return new TorrentPreview(SOURCE, "f00d", "Show", 0, List.of(
                new FileInfo(0, "s01e01.mkv", 700, 0, FilePriority.NORMAL),
                new FileInfo(1, "s01e02.mkv", 900, 0, FilePriority.NORMAL),
                new FileInfo(2, "extras/making-of.mp4", 800, 0, FilePriority.NORMAL),
                new FileInfo(3, "huge-sample.iso", 5000, 0, FilePriority.NORMAL)));
    }

    @Test
    void playWhenReadyOpensTheLargestWantedMediaFileOnceAdded() {
        FakeTorrentService service = new FakeTorrentService();
        service.nextPreview = show();
        RecordingPlayer player = new RecordingPlayer();
        AddTorrentViewModel vm = new AddTorrentViewModel(service, new AppSettings(dir.resolve("dl")),
                new SettingsStore(dir.resolve("settings.properties")), player, Runnable::run);
        vm.load(SOURCE).join();
        assertThat(vm.playableProperty().get()).isTrue();
        vm.playWhenReadyProperty().set(true);
        // the largest one is unchecked: the next largest media file plays
        vm.filesProperty().get().files().stream().filter(f -> f.name().equals("s01e02.mkv")).findFirst()
                .orElseThrow().checkedProperty().set(false);
        assertThat(vm.add().join()).isEqualTo("f00d");
        assertThat(service.calls).containsExactly("preview", "add f00d");
        assertThat(player.played).containsExactly("f00d#2");
    }

    @Test
    void withoutPlayWhenReadyNothingPlays() {
        FakeTorrentService service = new FakeTorrentService();
        service.nextPreview = show();
        RecordingPlayer player = new RecordingPlayer();
        AddTorrentViewModel vm = new AddTorrentViewModel(service, new AppSettings(dir.resolve("dl")),
                new SettingsStore(dir.resolve("settings.properties")), player, Runnable::run);
        vm.load(SOURCE).join();
        vm.add().join();
        assertThat(player.played).isEmpty();
    }

    @Test
    void playWhenReadyIsNotOfferedWithoutMediaOrForAMagnet() {
        FakeTorrentService service = new FakeTorrentService();
        service.nextPreview = album(); // flac and jpg: this player plays neither
        RecordingPlayer player = new RecordingPlayer();
        AddTorrentViewModel vm = new AddTorrentViewModel(service, new AppSettings(dir.resolve("dl")),
                new SettingsStore(dir.resolve("settings.properties")), player, Runnable::run);
        vm.playWhenReadyProperty().set(true);
        vm.load(SOURCE).join();
        assertThat(vm.playableProperty().get()).isFalse();
        assertThat(vm.playWhenReadyProperty().get()).isFalse();
        vm.add().join();
        assertThat(player.played).isEmpty();

        service.nextPreview = new TorrentPreview(new AddSource.Magnet("magnet:?xt=urn:btih:" + "ab".repeat(20)),
                "ab".repeat(20), "x.mkv", 0, List.of());
        vm.load(SOURCE).join();
        assertThat(vm.playableProperty().get()).isFalse();
        assertThat(AddTorrentViewModel.mediaFileToPlay(show().files(), List.of(), player)).isEqualTo(1);
    }
}
