package org.peerwave.app.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.session.TorrentState;
import org.peerwave.engine.session.TorrentStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peerwave seed SOURCE --data DIR}: verifies local data and seeds it until interrupted. */
@Command(
        name = "seed",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
            "Verify local data and seed it until interrupted (Ctrl+C).",
            "",
            "SOURCE is a .torrent file (its data is looked for in --data, the folder that holds the"
                    + " torrent's top-level file or folder), or a file or folder to seed, for which a hybrid"
                    + " (v1+v2) torrent is created in memory (--data then defaults to its parent folder).",
            "",
            "Announces to the torrent's trackers (unless --no-trackers) and says 'stopped' to them on exit;"
                    + " --peer peers are dialled too.",
            "",
            "Prints the magnet link on the first line and the listening TCP port on the second, then"
                    + " 'seeding NAME' once every piece verified. Fails when the data is incomplete.",
            "",
        })
final class SeedCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A .torrent file, or a file or folder to seed.")
    Path source;

    @Option(names = "--data", paramLabel = "DIR", description = "The folder that holds the torrent's data.")
    Path data;

    @Mixin
    PeerOptions peerOptions;

    /** Counted down when the command stops seeding (tests). */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(source)) {
            throw new CliException("no such file: " + source);
        }
        TorrentMetainfo meta;
        Path dataDir = data;
        if (Files.isRegularFile(source) && source.getFileName().toString().endsWith(".torrent")) {
            meta = TorrentFiles.read(source);
            if (dataDir == null) {
                throw new CliException("--data DIR is required with a .torrent file");
            }
        } else {
            meta = TorrentCreator.builder(source).mode(TorrentCreator.Mode.HYBRID).create().metainfo();
            if (dataDir == null) {
                dataDir = source.toAbsolutePath().getParent();
            }
        }
        if (!Files.isDirectory(dataDir)) {
            throw new CliException("no such folder: " + dataDir);
        }
        PrintWriter out = spec.commandLine().getOut();
        Engine engine = Engine.create(peerOptions.settings().build());
        Thread hook = new Thread(engine::close, "peerwave-seed-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TorrentHandle h = engine.add(meta, dataDir, AddOptions.DEFAULT);
            out.println(MagnetLink.forTorrent(meta).toUri());
            out.println(engine.listenPort());
            out.flush();
            TorrentStats s = h.stats().get(10, TimeUnit.SECONDS);
            while (s.state() instanceof TorrentState.Checking) {
                Thread.sleep(100);
                s = h.stats().get(10, TimeUnit.SECONDS);
            }
            if (s.state() instanceof TorrentState.Errored e) {
                throw new CliException(meta.name() + ": " + e.reason());
            }
            if (!(s.state() instanceof TorrentState.Seeding)) {
                throw new CliException("the data in " + dataDir + " is incomplete: " + s.piecesDone() + " of "
                        + s.pieceCount() + " pieces verified");
            }
            for (InetSocketAddress a : peerOptions.peerAddresses()) {
                h.connectPeer(a);
            }
            out.println("seeding " + meta.name());
            out.flush();
            stop.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            engine.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs (close is idempotent)
            }
        }
    }
}
