package org.peerwave.app.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The view model works without a UI toolkit. */
class MainViewModelTest {

    @Test
    void startsEmpty() {
        MainViewModel vm = new MainViewModel();
        assertThat(vm.titleProperty().get()).isEqualTo("Peerwave");
        assertThat(vm.torrents()).isEmpty();
        assertThat(vm.emptyListText()).startsWith("No torrents yet");
        assertThat(vm.torrentCountProperty().get()).isEqualTo("No torrents");
        assertThat(vm.transferRatesProperty().get()).isEqualTo("\u2193 0 B/s   \u2191 0 B/s");
    }

    @Test
    void summaryFollowsTheRows() {
        MainViewModel vm = new MainViewModel();
        TorrentRow a = new TorrentRow("a", 100);
        vm.torrents().add(a);
        assertThat(vm.torrentCountProperty().get()).isEqualTo("1 torrent");
        vm.torrents().add(new TorrentRow("b", 200));
        assertThat(vm.torrentCountProperty().get()).isEqualTo("2 torrents");

        a.downloadRateProperty().set(2048);
        a.uploadRateProperty().set(1024);
        assertThat(vm.transferRatesProperty().get()).isEqualTo("\u2193 2 KiB/s   \u2191 1 KiB/s");
    }
}
