package org.peerwave.app.ui.tray;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.settings.SettingsStore;
import org.peerwave.app.ui.FakeTorrentService;
import org.peerwave.app.ui.RecordingDesktop;
import org.peerwave.app.ui.main.MainViewModel;

/** The tray menu and the "download complete" notification, on the fake service. */
class TrayViewModelTest {

    @TempDir
    Path dir;

    final FakeTorrentService service = new FakeTorrentService();
    final List<String> window = new ArrayList<>();
    final List<String> notified = new ArrayList<>();
    boolean showing = true;

    final WindowControl control = new WindowControl() {
        @Override
        public boolean isShowing() {
            return showing;
        }

        @Override
        public void show() {
            window.add("show");
            showing = true;
        }

        @Override
        public void hide() {
            window.add("hide");
            showing = false;
        }

        @Override
        public void quit() {
            window.add("quit");
        }
    };

    AppSettings settings;
    MainViewModel main;

    TrayViewModel vm() {
        settings = new AppSettings(dir.resolve("dl"));
        main = new MainViewModel(service, settings, new SettingsStore(dir.resolve("settings.properties")),
                new RecordingDesktop(), Runnable::run);
        return new TrayViewModel(main, service, settings, control, (title, message) -> notified.add(title + ": " + message));
    }

    @Test
    void menuShowsOrHidesTheWindow() {
        TrayViewModel vm = vm();
        assertThat(vm.menu()).extracting(TrayViewModel.MenuEntry::label)
                .containsExactly("Hide Peerwave", "Pause all", "Resume all", "Quit");
        vm.run(TrayViewModel.Command.SHOW_HIDE).join();
        assertThat(vm.menu().getFirst().label()).isEqualTo("Show Peerwave");
        vm.run(TrayViewModel.Command.SHOW_HIDE).join();
        vm.run(TrayViewModel.Command.QUIT).join();
        assertThat(window).containsExactly("hide", "show", "quit");
    }

    @Test
    void pauseAllAndResumeAll() {
        TrayViewModel vm = vm();
        service.put(FakeTorrentService.snapshot("a", "A", TorrentStatus.DOWNLOADING, 100, 10, 5, 0));
        service.put(FakeTorrentService.snapshot("b", "B", TorrentStatus.PAUSED, 100, 10, 0, 0));
        service.put(FakeTorrentService.snapshot("c", "C", TorrentStatus.SEEDING, 100, 100, 0, 5));
        main.refresh().join();
        vm.run(TrayViewModel.Command.PAUSE_ALL).join();
        assertThat(service.calls).containsExactly("pause a", "pause c");
        service.calls.clear();
        vm.run(TrayViewModel.Command.RESUME_ALL).join();
        assertThat(service.calls).containsExactly("resume b");
    }

    @Test
    void aCompletedDownloadIsNotifiedOnce() {
        TrayViewModel vm = vm();
        service.put(FakeTorrentService.snapshot("a", "Ubuntu ISO", TorrentStatus.DOWNLOADING, 100, 40, 5, 0));
        service.put(FakeTorrentService.snapshot("s", "Already seeding", TorrentStatus.SEEDING, 100, 100, 0, 0));
        main.refresh().join();
        assertThat(notified).as("complete when first seen: no notification").isEmpty();

        service.put(FakeTorrentService.snapshot("a", "Ubuntu ISO", TorrentStatus.SEEDING, 100, 100, 0, 0));
        main.refresh().join();
        assertThat(notified).containsExactly("Download complete: Ubuntu ISO");
        main.refresh().join();
        assertThat(notified).hasSize(1);
        assertThat(vm.tooltip()).startsWith("Peerwave \u2014 ");
    }

    @Test
    void aRecheckThatFindsEverythingIsNoDownload() {
        vm();
        service.put(FakeTorrentService.snapshot("a", "A", TorrentStatus.CHECKING, 100, 40, 0, 0));
        main.refresh().join();
        service.put(FakeTorrentService.snapshot("a", "A", TorrentStatus.SEEDING, 100, 100, 0, 0));
        main.refresh().join();
        assertThat(notified).isEmpty();
    }

    @Test
    void noNotificationWhenTurnedOff() {
        vm();
        settings.notifications(false);
        service.put(FakeTorrentService.snapshot("a", "A", TorrentStatus.DOWNLOADING, 100, 40, 5, 0));
        main.refresh().join();
        service.put(FakeTorrentService.snapshot("a", "A", TorrentStatus.SEEDING, 100, 100, 0, 0));
        main.refresh().join();
        assertThat(notified).isEmpty();
    }
}
