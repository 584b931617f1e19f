package org.peerwave.app.ui.main;

import java.util.List;

/**
 * A removal waiting for the user's confirmation: the torrents, and the question to ask
 * ("Remove “x”?" or "Remove 3 torrents?"). {@link MainViewModel#confirmRemove} carries it out.
 */
public record RemoveRequest(List<String> ids, String title, String message) {

    public RemoveRequest {
        ids = List.copyOf(ids);
    }
}
