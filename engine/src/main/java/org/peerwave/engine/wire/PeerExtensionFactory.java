package org.peerwave.engine.wire;

/** Makes one {@link PeerExtension} per connection. Registered with an {@link ExtensionRegistry}. */
public interface PeerExtensionFactory {

    /** The extension's name in the {@code m} dictionary; must equal {@code create(..).name()}. */
    String name();

    /** A new instance for one connection; {@code context} sends its messages to that peer. */
    PeerExtension create(ExtensionContext context);
}
