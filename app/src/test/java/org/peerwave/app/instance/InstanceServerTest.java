package org.peerwave.app.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.app.AppDirs;

/** The single-instance socket with real Unix domain sockets: round trips, limits, stale sockets. */
class InstanceServerTest {

    @TempDir
    Path dir;

    /** Records what it is asked to open; lists two torrents, one with a hostile name. */
    static final class Recorder implements InstanceHandler {
        final List<List<String>> opened = new CopyOnWriteArrayList<>();

        @Override
        public void open(List<String> targets) {
            opened.add(targets);
        }

        @Override
        public List<TorrentSummary> list() {
            return List.of(new TorrentSummary("aa".repeat(20), "Downloading", 0.5, "Big Buck Bunny"),
                    new TorrentSummary("bb".repeat(20), "Seeding", 1.0, "tab\there\nnew line \\ back"));
        }
    }

    private Path socket() {
        return dir.resolve("run").resolve("instance.sock");
    }

    @Test
    void openAndListRoundTrip() throws Exception {
        Recorder r = new Recorder();
        try (InstanceServer s = InstanceServer.start(socket(), r, InstanceSettings.DEFAULT)) {
            assertThat(InstanceClient.open(s.socket(), List.of("magnet:?xt=urn:btih:" + "ab".repeat(20),
                    "/tmp/a file.torrent"))).isTrue();
            assertThat(InstanceClient.open(s.socket(), List.of())).isTrue();
            assertThat(r.opened).containsExactly(
                    List.of("magnet:?xt=urn:btih:" + "ab".repeat(20), "/tmp/a file.torrent"), List.of());
            var listed = InstanceClient.list(s.socket()).orElseThrow();
            assertThat(listed).containsExactlyElementsOf(r.list());
        }
        assertThat(socket()).doesNotExist();
    }

    @Test
    void theSocketAndItsFolderAreTheOwnersOnly() throws Exception {
        try (InstanceServer s = InstanceServer.start(socket(), new Recorder(), InstanceSettings.DEFAULT)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.socket()))).isEqualTo("rw-------");
        }
    }

    @Test
    void aSecondServerFindsTheFirstRunning() throws Exception {
        try (InstanceServer s = InstanceServer.start(socket(), new Recorder(), InstanceSettings.DEFAULT)) {
            assertThatThrownBy(() -> InstanceServer.start(socket(), new Recorder(), InstanceSettings.DEFAULT))
                    .isInstanceOf(InstanceServer.AlreadyRunningException.class)
                    .hasMessageContaining("already running");
            assertThat(InstanceClient.open(s.socket(), List.of())).isTrue();
        }
    }

    @Test
    void aSocketLeftByACrashedInstanceIsReplaced() throws Exception {
        InstanceSocket.prepareFolder(socket());
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket()));
        dead.close(); // the file stays, nobody listens: what a killed instance leaves
        assertThat(socket()).exists();
        assertThat(InstanceClient.open(socket(), List.of("magnet:?x"))).isFalse();
        assertThat(InstanceClient.list(socket())).isEmpty();
        Recorder r = new Recorder();
        try (InstanceServer s = InstanceServer.start(socket(), r, InstanceSettings.DEFAULT)) {
            assertThat(InstanceClient.open(s.socket(), List.of("x.torrent"))).isTrue();
            assertThat(r.opened).containsExactly(List.of("x.torrent"));
        }
    }

    @Test
    void nobodyRunningMeansFalseAndEmpty() throws Exception {
        assertThat(InstanceClient.open(socket(), List.of("magnet:?x"))).isFalse();
        assertThat(InstanceClient.list(socket())).isEmpty();
    }

    private static String raw(Path socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            ch.shutdownOutput();
            InputStream in = Channels.newInputStream(ch);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void badRequestsGetAnErrorAndTheServerKeepsServing() throws Exception {
        Recorder r = new Recorder();
        InstanceSettings small = new InstanceSettings(1024, 3, Duration.ofSeconds(5));
        try (InstanceServer s = InstanceServer.start(socket(), r, small)) {
            assertThat(raw(s.socket(), "GET / HTTP/1.1\r\n\r\n")).startsWith("ERROR\tnot a Peerwave launch");
            assertThat(raw(s.socket(), "PEERWAVE 1\nOPEN\t" + "x".repeat(5000) + "\nEND\n"))
                    .startsWith("ERROR\tline longer than 1024 characters");
            assertThat(raw(s.socket(), "PEERWAVE 1\nOPEN\ta\nOPEN\tb\nOPEN\tc\nOPEN\td\nEND\n"))
                    .startsWith("ERROR\tmore than 3 links or files");
            assertThat(raw(s.socket(), "PEERWAVE 1\nDELETE\tall\nEND\n")).startsWith("ERROR\tunknown request");
            assertThat(raw(s.socket(), "PEERWAVE 1\nOPEN\ta\n")).startsWith("ERROR\trequest ended without END");
            assertThat(r.opened).isEmpty();
            assertThat(InstanceClient.open(s.socket(), List.of("ok.torrent"))).isTrue();
            assertThat(r.opened).containsExactly(List.of("ok.torrent"));
        }
    }

    @Test
    void aSilentClientIsDroppedAfterTheReadTimeOut() throws Exception {
        Recorder r = new Recorder();
        try (InstanceServer s = InstanceServer.start(socket(), r, new InstanceSettings(1024, 3, Duration.ofMillis(300)));
             SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(s.socket()))) {
            silent.write(java.nio.ByteBuffer.wrap("PEERWAVE 1\n".getBytes(StandardCharsets.UTF_8)));
            // the server closes it: the read ends (with end of stream or an error answer)
            byte[] answer = Channels.newInputStream(silent).readAllBytes();
            assertThat(new String(answer, StandardCharsets.UTF_8)).doesNotStartWith("OK");
            assertThat(InstanceClient.open(s.socket(), List.of("after.torrent"))).isTrue();
        }
    }

    @Test
    void settingsRefuseNonsense() {
        assertThatThrownBy(() -> new InstanceSettings(10, 3, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceSettings(1024, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceSettings(1024, 3, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void socketPathFollowsTheRuntimeFolderUnlessTheDataFolderIsOverridden() {
        AppDirs dirs = new AppDirs(Path.of("/home/u/.local/share/peerwave"));
        assertThat(InstanceSocket.of("Linux", Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), dirs))
                .isEqualTo(Path.of("/run/user/1000/peerwave/instance.sock"));
        assertThat(InstanceSocket.of("Linux", Map.of(), dirs))
                .isEqualTo(Path.of("/home/u/.local/share/peerwave/run/instance.sock"));
        assertThat(InstanceSocket.of("Linux", Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "PEERWAVE_DATA_DIR", "/d"),
                dirs)).isEqualTo(Path.of("/home/u/.local/share/peerwave/run/instance.sock"));
        assertThat(InstanceSocket.of("Linux", Map.of("XDG_RUNTIME_DIR", "relative"), dirs))
                .isEqualTo(Path.of("/home/u/.local/share/peerwave/run/instance.sock"));
        assertThat(InstanceSocket.of("Windows 11", Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), dirs))
                .isEqualTo(Path.of("/home/u/.local/share/peerwave/run/instance.sock"));
    }

    @Test
    void tooLongASocketPathIsAClearError() {
        Path deep = dir.resolve("x".repeat(120)).resolve("instance.sock");
        assertThatThrownBy(() -> InstanceServer.start(deep, new Recorder(), InstanceSettings.DEFAULT))
                .isInstanceOf(IOException.class).hasMessageContaining("too long");
    }
}
