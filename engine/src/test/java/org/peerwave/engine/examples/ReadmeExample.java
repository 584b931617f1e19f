package org.peerwave.engine.examples;

// tag::readme[]
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineEvent;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.FilePriority;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.session.TorrentStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Downloads the files of a magnet link whose names end with a given suffix. */
final class ReadmeExample {

    private static final Logger LOG = LoggerFactory.getLogger(ReadmeExample.class);

    static TorrentStats download(EngineSettings settings, String magnetUri, Path saveDir, String suffix)
            throws Exception {
        try (Engine engine = Engine.create(settings)) {
            // 1. Add the magnet: the handle comes back at once, fetching the metadata from the
            //    magnet's x.pe peers (and any peer given to torrent.connectPeer).
            MagnetLink magnet = MagnetLink.parse(magnetUri);
            TorrentHandle torrent = engine.add(magnet, saveDir, AddOptions.DEFAULT.withPauseAfterMetadata(true));

            // 2. Wait for the metadata; the torrent pauses there, so nothing is downloaded yet.
            TorrentMetainfo meta = torrent.metadata().get(2, TimeUnit.MINUTES);

            // 3. Pick files (one priority per file); skipped files are not downloaded, nor created.
            List<FilePriority> picks = meta.files().stream()
                    .map(f -> f.pathString().endsWith(suffix) ? FilePriority.NORMAL : FilePriority.SKIP)
                    .toList();
            torrent.setFilePriorities(picks).get();
            torrent.resume().get();

            // 4. Wait until every picked file is verified, polling a stats snapshot once a second.
            CompletableFuture<Void> done = torrent.completion();
            while (!done.isDone()) {
                TorrentStats s = torrent.stats().get();
                LOG.info("{}: {} ({}%), {} B/s from {} peers", s.name(), s.state().displayName(),
                        (int) (s.wantedProgress() * 100), s.downloadRate(), s.peers());
                Thread.sleep(1000);
            }
            done.get(); // throws if the torrent failed
            for (EngineEvent e : engine.events().drain()) {
                LOG.info("event: {}", e);
            }
            return torrent.stats().get();
        } // 5. Closing the engine stops the torrent (saving resume data when a resume dir is set).
    }
}
// end::readme[]
