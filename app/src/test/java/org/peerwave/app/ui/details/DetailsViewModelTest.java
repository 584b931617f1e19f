package org.peerwave.app.ui.details;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.app.ui.FakeTorrentService.snapshot;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerwave.app.service.FileInfo;
import org.peerwave.app.service.PlayerLauncher;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.ui.FakeTorrentService;
import org.peerwave.app.ui.files.FileNode;
import org.peerwave.app.ui.main.TorrentRow;
import org.peerwave.engine.session.FilePriority;

/** The details pane's model: tabs filled for the focused torrent, files in place, speed windows, Play. */
class DetailsViewModelTest {

    static final class RecordingPlayer implements PlayerLauncher {
        final List<String> played = new ArrayList<>();

        @Override
        public boolean canPlay(String fileName) {
            return fileName.endsWith(".mkv");
        }

        @Override
        public void play(String torrentId, int fileIndex) {
            played.add(torrentId + "#" + fileIndex);
        }
    }

    @Test
    void fillsTheTabsOfTheFocusedTorrent() {
        FakeTorrentService service = new FakeTorrentService();
        service.files.put("a", List.of(new FileInfo(0, "movie.mkv", 700, 0.5, FilePriority.NORMAL),
                new FileInfo(1, "extras/notes.txt", 300, 0, FilePriority.NORMAL)));
        RecordingPlayer player = new RecordingPlayer();
        DetailsViewModel vm = new DetailsViewModel(service, player, Runnable::run);
        TorrentRow row = TorrentRow.of(snapshot("a", "Film", TorrentStatus.DOWNLOADING, 1000, 350, 10, 0));
        vm.torrentProperty().set(row);

        assertThat(vm.v1HashProperty().get()).isEqualTo("ab".repeat(20));
        assertThat(vm.v2HashProperty().get()).isEqualTo("\u2014");
        assertThat(vm.piecesTextProperty().get()).isEqualTo("3 of 4 \u00d7 256 B");
        assertThat(vm.piecesProperty().get().cardinality()).isEqualTo(3);
        assertThat(vm.peers()).hasSize(1);
        FileNode root = vm.filesProperty().get();
        assertThat(root.files()).extracting(FileNode::name).containsExactly("movie.mkv", "notes.txt");
        assertThat(root.progressProperty().get()).isEqualTo(0.35);

        // a refresh updates the same tree in place
        service.files.put("a", List.of(new FileInfo(0, "movie.mkv", 700, 1.0, FilePriority.NORMAL),
                new FileInfo(1, "extras/notes.txt", 300, 0, FilePriority.SKIP)));
        vm.refresh().join();
        assertThat(vm.filesProperty().get()).isSameAs(root);
        assertThat(root.files().get(0).progressProperty().get()).isEqualTo(1.0);
        assertThat(root.files().get(1).checkedProperty().get()).isFalse();

        // priorities: a folder sets every file under it, and the whole list goes to the service
        vm.setPriority(root.children().get(1), FilePriority.HIGH).join();
        assertThat(service.priorities.get("a")).containsExactly(FilePriority.NORMAL, FilePriority.HIGH);
        root.files().get(0).checkedProperty().set(false);
        vm.applyPriorities().join();
        assertThat(service.priorities.get("a")).containsExactly(FilePriority.SKIP, FilePriority.HIGH);

        // Play only for what the player can play
        assertThat(vm.canPlay(root.files().get(0))).isTrue();
        assertThat(vm.canPlay(root.files().get(1))).isFalse();
        vm.play(root.files().get(0));
        vm.play(root.files().get(1));
        assertThat(player.played).containsExactly("a#0");

        vm.torrentProperty().set(null);
        assertThat(vm.filesProperty().get()).isNull();
        assertThat(vm.peers()).isEmpty();
    }

    @Test
    void speedWindowSelectsOneFiveOrTenMinutes() {
        FakeTorrentService service = new FakeTorrentService();
        DetailsViewModel vm = new DetailsViewModel(service, PlayerLauncher.NONE, Runnable::run);
        TorrentRow row = TorrentRow.of(snapshot("a", "A", TorrentStatus.DOWNLOADING, 1000, 0, 1, 0));
        for (int i = 2; i <= 700; i++) {
            row.update(snapshot("a", "A", TorrentStatus.DOWNLOADING, 1000, 0, i, i / 2));
        }
        vm.torrentProperty().set(row);
        assertThat(vm.speedWindowProperty().get()).isEqualTo(60);
        assertThat(vm.speedPointsProperty().get().size()).isEqualTo(60);
        assertThat(vm.speedPointsProperty().get().down()[59]).isEqualTo(700);
        vm.speedWindowProperty().set(300);
        assertThat(vm.speedPointsProperty().get().size()).isEqualTo(300);
        vm.speedWindowProperty().set(600);
        assertThat(vm.speedPointsProperty().get().size()).isEqualTo(600);
        assertThat(vm.speedPointsProperty().get().down()[0]).isEqualTo(101);

        row.update(snapshot("a", "A", TorrentStatus.DOWNLOADING, 1000, 0, 5000, 0));
        vm.refresh().join();
        assertThat(vm.speedPointsProperty().get().down()[599]).isEqualTo(5000);
        assertThat(DetailsViewModel.WINDOWS).containsExactly(60, 300, 600);
    }
}
