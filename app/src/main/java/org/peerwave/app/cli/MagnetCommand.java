package org.peerwave.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peerwave magnet FILE.torrent}: prints the torrent's magnet link. */
@Command(
        name = "magnet",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Print the magnet link of a torrent file.",
            "",
            "The link has the v1 (btih) and/or v2 (btmh) info hash, the name (dn), every tracker (tr)"
                    + " and the web seeds (ws).",
            "",
        })
final class MagnetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.torrent", description = "The torrent file.")
    Path torrent;

    @Override
    public Integer call() {
        TorrentMetainfo meta = TorrentFiles.read(torrent);
        spec.commandLine().getOut().println(magnetOf(meta).toUri());
        return 0;
    }

    /** The magnet link of a torrent: its hashes, name, every tracker (tier order) and web seeds. */
    static MagnetLink magnetOf(TorrentMetainfo meta) {
        List<String> trackers = meta.trackers().stream().flatMap(List::stream).toList();
        return MagnetLink.of(meta.infoHashes(), meta.name(), trackers, meta.webSeeds());
    }
}
