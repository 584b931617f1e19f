package org.peerwave.engine.wire;

/** What an extension instance may do with its connection. */
public interface ExtensionContext {

    /**
     * Sends a message of {@code extension} with this payload, under the id the peer assigned.
     *
     * @return false (nothing sent) when the peer's handshake has not arrived or lacks the extension
     */
    boolean send(String extension, byte[] payload);

    /** The peer's extended handshake, or null before it arrives. */
    ExtendedHandshake remoteHandshake();

    /** Closes the connection, logging the reason. */
    void close(String reason);
}
