package org.peerwave.app.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the create-torrent dialog decided.
 *
 * @param source      the file or folder to share (it is seeded from where it is)
 * @param mode        "V1", "V2" or "HYBRID"
 * @param trackers    announce URLs, one tier each
 * @param webSeeds    BEP 19 web seed URLs
 * @param privateFlag the private flag (BEP 27)
 * @param pieceSize   bytes per piece, or 0 for automatic
 * @param comment     a comment, or empty
 */
public record CreateRequest(Path source, String mode, List<String> trackers, List<String> webSeeds,
                            boolean privateFlag, int pieceSize, String comment) {

    public CreateRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mode, "mode");
        trackers = List.copyOf(trackers);
        webSeeds = List.copyOf(webSeeds);
        Objects.requireNonNull(comment, "comment");
    }
}
