package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.peerwave.engine.session.TorrentLifecycle.Input;
import org.peerwave.engine.session.TorrentState.Checking;
import org.peerwave.engine.session.TorrentState.Downloading;
import org.peerwave.engine.session.TorrentState.DownloadingMetadata;
import org.peerwave.engine.session.TorrentState.Errored;
import org.peerwave.engine.session.TorrentState.Paused;
import org.peerwave.engine.session.TorrentState.Removed;
import org.peerwave.engine.session.TorrentState.Seeding;

/** One test per transition of STATE.md. */
class TorrentLifecycleTest {

    private static TorrentState next(TorrentState s, Input in) {
        return TorrentLifecycle.next(s, in);
    }

    @Test
    void newTorrentFromAFileStartsChecking() {
        assertThat(TorrentLifecycle.forNewTorrent(true, false).state()).isEqualTo(new Checking());
    }

    @Test
    void newTorrentFromAMagnetStartsFetchingMetadata() {
        assertThat(TorrentLifecycle.forNewTorrent(false, false).state()).isEqualTo(new DownloadingMetadata());
    }

    @Test
    void newTorrentAddedPausedWaitsToCheck() {
        assertThat(TorrentLifecycle.forNewTorrent(true, true).state()).isEqualTo(new Paused(new Checking()));
    }

    @Test
    void metadataReceivedStartsTheCheck() {
        assertThat(next(new DownloadingMetadata(), new Input.MetadataReceived())).isEqualTo(new Checking());
    }

    @Test
    void metadataReceivedWhilePausedIsRemembered() {
        assertThat(next(new Paused(new DownloadingMetadata()), new Input.MetadataReceived()))
                .isEqualTo(new Paused(new Checking()));
    }

    @Test
    void metadataReceivedTwiceIsIgnored() {
        assertThat(next(new Downloading(), new Input.MetadataReceived())).isEqualTo(new Downloading());
    }

    @Test
    void checkFindingMissingPiecesDownloads() {
        assertThat(next(new Checking(), new Input.CheckFinished(false))).isEqualTo(new Downloading());
    }

    @Test
    void checkFindingEverythingSeeds() {
        assertThat(next(new Checking(), new Input.CheckFinished(true))).isEqualTo(new Seeding());
    }

    @Test
    void checkFinishingAfterAPauseIsIgnored() {
        assertThat(next(new Paused(new Checking()), new Input.CheckFinished(true))).isEqualTo(new Paused(new Checking()));
    }

    @Test
    void lastWantedPieceStartsSeeding() {
        assertThat(next(new Downloading(), new Input.WantedComplete())).isEqualTo(new Seeding());
    }

    @Test
    void completionWhilePausedIsRemembered() {
        assertThat(next(new Paused(new Downloading()), new Input.WantedComplete())).isEqualTo(new Paused(new Seeding()));
    }

    @Test
    void selectingMoreFilesWhileSeedingDownloadsAgain() {
        assertThat(next(new Seeding(), new Input.WantedIncomplete())).isEqualTo(new Downloading());
    }

    @Test
    void selectingMoreFilesWhilePausedIsRemembered() {
        assertThat(next(new Paused(new Seeding()), new Input.WantedIncomplete())).isEqualTo(new Paused(new Downloading()));
    }

    @Test
    void pauseRemembersWhereToResume() {
        for (TorrentState s : new TorrentState[] {new DownloadingMetadata(), new Checking(), new Downloading(), new Seeding()}) {
            assertThat(next(s, new Input.PauseRequested())).isEqualTo(new Paused(s));
        }
    }

    @Test
    void pausingTwiceOrPausingAnErrorChangesNothing() {
        assertThat(next(new Paused(new Seeding()), new Input.PauseRequested())).isEqualTo(new Paused(new Seeding()));
        assertThat(next(new Errored("x"), new Input.PauseRequested())).isEqualTo(new Errored("x"));
    }

    @Test
    void resumeGoesBackWherePaused() {
        assertThat(next(new Paused(new Seeding()), new Input.ResumeRequested())).isEqualTo(new Seeding());
        assertThat(next(new Paused(new DownloadingMetadata()), new Input.ResumeRequested()))
                .isEqualTo(new DownloadingMetadata());
    }

    @Test
    void resumeAfterAnErrorRechecks() {
        assertThat(next(new Errored("disk full"), new Input.ResumeRequested())).isEqualTo(new Checking());
    }

    @Test
    void resumeWhenRunningChangesNothing() {
        assertThat(next(new Downloading(), new Input.ResumeRequested())).isEqualTo(new Downloading());
    }

    @Test
    void recheckChecks() {
        assertThat(next(new Seeding(), new Input.RecheckRequested())).isEqualTo(new Checking());
        assertThat(next(new Errored("x"), new Input.RecheckRequested())).isEqualTo(new Checking());
    }

    @Test
    void recheckWhilePausedStaysPaused() {
        assertThat(next(new Paused(new Seeding()), new Input.RecheckRequested())).isEqualTo(new Paused(new Checking()));
    }

    @Test
    void recheckWithoutMetadataChangesNothing() {
        assertThat(next(new DownloadingMetadata(), new Input.RecheckRequested())).isEqualTo(new DownloadingMetadata());
        assertThat(next(new Paused(new DownloadingMetadata()), new Input.RecheckRequested()))
                .isEqualTo(new Paused(new DownloadingMetadata()));
    }

    @Test
    void failureFromAnyStateErrs() {
        for (TorrentState s : new TorrentState[] {new DownloadingMetadata(), new Checking(), new Downloading(),
            new Seeding(), new Paused(new Seeding()), new Errored("old")}) {
            assertThat(next(s, new Input.Failed("disk full"))).isEqualTo(new Errored("disk full"));
        }
    }

    @Test
    void removeFromAnyStateIsTerminal() {
        TorrentLifecycle t = new TorrentLifecycle(new Downloading());
        assertThat(t.apply(new Input.RemoveRequested())).isTrue();
        assertThat(t.state()).isEqualTo(new Removed());
        assertThatThrownBy(() -> t.apply(new Input.ResumeRequested())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pausedNeverResumesToAPauseAnErrorOrRemoval() {
        assertThatThrownBy(() -> new Paused(new Paused(new Seeding()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Paused(new Errored("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Paused(new Removed())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void applyReportsWhetherTheStateChanged() {
        TorrentLifecycle t = new TorrentLifecycle(new Downloading());
        assertThat(t.apply(new Input.ResumeRequested())).isFalse();
        assertThat(t.apply(new Input.WantedComplete())).isTrue();
        assertThat(t.state().displayName()).isEqualTo("seeding");
        assertThat(t.state().isActive()).isTrue();
        assertThat(new Paused(new Seeding()).isActive()).isFalse();
    }
}
