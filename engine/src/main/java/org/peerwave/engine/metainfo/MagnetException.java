package org.peerwave.engine.metainfo;

import java.io.Serial;

/**
 * A magnet link could not be parsed. The message is one line and says what is wrong, quoting the
 * offending part of the link (shortened, with control characters escaped).
 *
 * <p>It extends {@link IllegalArgumentException} because a malformed link is a bad argument; callers
 * that want to tell a malformed magnet link apart from other bad arguments catch this type.
 */
public final class MagnetException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    public MagnetException(String message) {
        super(message);
    }
}
