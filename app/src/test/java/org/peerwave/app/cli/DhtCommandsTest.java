package org.peerwave.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;

/** {@code --dht-bootstrap}, {@code --dht-port}, {@code --no-dht}: a tracker-less magnet through a loopback DHT. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DhtCommandsTest {

    @TempDir
    Path dir;

    @Test
    void downloadResolvesATrackerlessMagnetThroughTheDhtNodeGiven() throws Exception {
        Path content = Files.createDirectories(dir.resolve("seed").resolve("Notes"));
        byte[] b = new byte[700_000];
        new Random(3).nextBytes(b);
        Files.write(content.resolve("notes.bin"), b);
        TorrentMetainfo meta = TorrentCreator.builder(content).mode(TorrentCreator.Mode.V1).pieceLength(64 * 1024)
                .create().metainfo();
        String magnet = MagnetLink.of(meta.infoHashes(), meta.name(), List.of(), List.of()).toUri();
        EngineSettings seederSettings = EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.231"))
                .ioThreads(1).dhtEnabled(true).dhtBootstrap(List.of()).build();
        Path out = dir.resolve("out");
        try (Engine seeder = Engine.create(seederSettings)) {
            seeder.add(meta, content.getParent(), AddOptions.DEFAULT).completion().get(30, TimeUnit.SECONDS);
            CliTest.Result r = CliTest.run("download", magnet, "-o", out.toString(), "--listen", "127.0.0.232",
                    "--dht-port", "0", "--dht-bootstrap", "127.0.0.231:" + seeder.dhtPort());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(seeder.stats().dht().nodes()).isPositive(); // the CLI's node joined its table
        }
        assertThat(Files.mismatch(content.resolve("notes.bin"), out.resolve("Notes").resolve("notes.bin")))
                .isEqualTo(-1L);
    }

    @Test
    void badDhtOptionsAreOneLineErrors() {
        CliTest.Result port = CliTest.run("download", "magnet:?xt=urn:btih:" + "a".repeat(40), "-o",
                dir.resolve("m").toString(), "--dht-port", "70000", "--dht-bootstrap", "127.0.0.1:1");
        assertThat(port.status()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(port.errLines()).containsExactly("peerwave: error: --dht-port must be 0..65535, not 70000");
        CliTest.Result node = CliTest.run("download", "magnet:?xt=urn:btih:" + "a".repeat(40), "-o",
                dir.resolve("m").toString(), "--dht-bootstrap", "nowhere");
        assertThat(node.status()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(node.errLines()).containsExactly("peerwave: error: --dht-bootstrap must be HOST:PORT, not 'nowhere'");
    }
}
