package org.peerwave.app.cli;

import java.io.Serial;

/**
 * A failure the user can act on (a missing file, a torrent that cannot be read, an output that
 * already exists). The CLI prints its message as the one error line; no stack trace unless
 * {@code --verbose}.
 */
public final class CliException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
