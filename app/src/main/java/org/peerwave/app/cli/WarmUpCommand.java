package org.peerwave.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.TorrentHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerwave warm-up}: a hidden command that the launcher runs once after a build to record
 * an AOT cache (JEP 483/515) for the transfer commands. It does, on loopback and in a temporary
 * folder, what they do: creates a v1 and a hybrid torrent from random files, then one engine seeds
 * each to a second engine in the same process, so the classes and method profiles of creating,
 * downloading, verifying and uploading are all recorded. Prints nothing; exits 0 when both
 * transfers completed.
 */
@Command(name = "warm-up", hidden = true, mixinStandardHelpOptions = true,
        description = "Run a loopback transfer to record the JIT's profiles (used by the launcher).")
final class WarmUpCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUpCommand.class);

    @Option(names = "--size-mb", defaultValue = "192", description = "Data per torrent in MiB (default: ${DEFAULT-VALUE}).")
    int sizeMb;

    @Override
    public Integer call() throws Exception {
        if (sizeMb < 1 || sizeMb > 4096) {
            throw new CliException("--size-mb must be between 1 and 4096");
        }
        Path dir = Files.createTempDirectory("peerwave-warm-up");
        try {
            Path data = Files.createDirectories(dir.resolve("data/warm-up"));
            randomFile(data.resolve("a.bin"), sizeMb * 1024L * 1024 * 3 / 4 + 12_345, 1);
            randomFile(data.resolve("b/c.bin"), sizeMb * 1024L * 1024 / 4 + 777, 2);
            for (TorrentCreator.Mode mode : new TorrentCreator.Mode[] {TorrentCreator.Mode.V1, TorrentCreator.Mode.HYBRID}) {
                TorrentMetainfo meta = TorrentCreator.builder(data).mode(mode).create().metainfo();
                transfer(meta, data.getParent(), Files.createDirectories(dir.resolve("out-" + mode)));
            }
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    private static void transfer(TorrentMetainfo meta, Path seedDir, Path outDir) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        EngineSettings settings = EngineSettings.builder().listenAddress(loopback).listenPort(0)
                .trackersEnabled(false).build();
        try (Engine seeder = Engine.create(settings); Engine leecher = Engine.create(settings)) {
            TorrentHandle seed = seeder.add(meta, seedDir, AddOptions.DEFAULT);
            seed.completion().get(5, TimeUnit.MINUTES);
            TorrentHandle leech = leecher.add(meta, outDir, AddOptions.DEFAULT);
            leech.connectPeer(new InetSocketAddress(loopback, seeder.listenPort())).get(30, TimeUnit.SECONDS);
            leech.completion().get(5, TimeUnit.MINUTES);
            LOG.debug("warm-up: {} transferred", meta.name());
        }
    }

    private static void randomFile(Path path, long size, long seed) throws IOException {
        Files.createDirectories(path.getParent());
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (long left = size; left > 0; ) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        chunk[i + k] = (byte) (v >>> (k * 8));
                    }
                }
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
