package org.peerwave.app.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.peerwave.engine.session.FilePriority;

/**
 * What the add dialog decided.
 *
 * @param preview     the torrent (from {@link TorrentService#preview})
 * @param saveDir     the folder that will hold its top-level name
 * @param priorities  one per file of the torrent (pad files included), or empty for "all normal"
 * @param startPaused add it paused
 * @param sequential  download in order
 */
public record AddRequest(TorrentPreview preview, Path saveDir, List<FilePriority> priorities, boolean startPaused,
                         boolean sequential) {

    public AddRequest {
        Objects.requireNonNull(preview, "preview");
        Objects.requireNonNull(saveDir, "saveDir");
        priorities = List.copyOf(priorities);
    }
}
