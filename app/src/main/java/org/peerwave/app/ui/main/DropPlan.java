package org.peerwave.app.ui.main;

import java.nio.file.Path;
import java.util.List;
import org.peerwave.app.service.AddSource;

/**
 * What a drop onto the window asks for: sources for the add dialog (.torrent files, magnet links,
 * http(s) links) and local files or folders for the create-torrent dialog.
 */
public record DropPlan(List<AddSource> adds, List<Path> creates) {

    public DropPlan {
        adds = List.copyOf(adds);
        creates = List.copyOf(creates);
    }

    public boolean isEmpty() {
        return adds.isEmpty() && creates.isEmpty();
    }
}
