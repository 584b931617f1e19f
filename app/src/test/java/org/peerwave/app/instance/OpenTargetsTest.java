package org.peerwave.app.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which command lines are "open this" (the desktop's handlers) and how they are made absolute. */
class OpenTargetsTest {

    @TempDir
    Path dir;

    @Test
    void magnetsTorrentFilesAndTorrentLinksAreTargets() {
        assertThat(OpenTargets.all(new String[] {"magnet:?xt=urn:btih:abc"})).isTrue();
        assertThat(OpenTargets.all(new String[] {"MAGNET:?xt=urn:btih:abc", "a.torrent"})).isTrue();
        assertThat(OpenTargets.all(new String[] {"file:///tmp/a.torrent"})).isTrue();
        assertThat(OpenTargets.all(new String[] {"https://example.org/x/ubuntu.torrent?dl=1"})).isTrue();
        assertThat(OpenTargets.all(new String[] {})).isFalse();
        assertThat(OpenTargets.all(new String[] {"info", "a.torrent"})).isFalse();
        assertThat(OpenTargets.all(new String[] {"--help"})).isFalse();
        assertThat(OpenTargets.all(new String[] {"https://example.org/page.html"})).isFalse();
        assertThat(OpenTargets.all(new String[] {"magnet:"})).isFalse();
    }

    @Test
    void filesBecomeAbsoluteAndLinksStayAsTheyAre() throws Exception {
        Path t = Files.writeString(dir.resolve("my show.torrent"), "d4:infod4:name1:xee");
        assertThat(OpenTargets.normalize(new String[] {"my show.torrent", t.toUri().toString(),
                "magnet:?xt=urn:btih:abc", "https://example.org/a.torrent"}, dir))
                .containsExactly(t.toString(), t.toString(), "magnet:?xt=urn:btih:abc", "https://example.org/a.torrent");
        assertThatThrownBy(() -> OpenTargets.normalize(new String[] {"missing.torrent"}, dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no such file: missing.torrent");
    }
}
