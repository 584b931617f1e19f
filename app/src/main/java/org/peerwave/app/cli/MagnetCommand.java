package org.peerwave.app.cli;

import java.nio.file.Path;
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
        spec.commandLine().getOut().println(MagnetLink.forTorrent(meta).toUri());
        return 0;
    }
}
