package org.peerwave.engine.wire;

/**
 * A BEP 10 extension, one instance per connection (made by a {@link PeerExtensionFactory}). All calls
 * come from the connection's event loop, one at a time; implementations must not block.
 */
public interface PeerExtension {

    /** The name in the {@code m} dictionary, e.g. {@code ut_metadata}. */
    String name();

    /**
     * Lets the extension add keys to our extended handshake (e.g. {@code metadata_size}). The
     * registry sets {@code m} itself. Default: unchanged.
     */
    default ExtendedHandshake contribute(ExtendedHandshake ours) {
        return ours;
    }

    /**
     * The peer's extended handshake arrived. {@code supported} says whether the peer listed this
     * extension in its {@code m} (if not, {@link ExtensionContext#send} will refuse).
     */
    void onHandshake(ExtendedHandshake theirs, boolean supported);

    /**
     * A message for this extension (sent to the id we assigned). The array belongs to the callee.
     *
     * @throws PeerWireException when the payload is invalid; the connection is then closed
     */
    void onMessage(byte[] payload);

    /** The connection closed. Default: nothing. */
    default void onClose() {
    }
}
