package org.peerwave.engine.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The extensions this client offers (BEP 10). Assigns each registered factory a local id (1, 2, ...
 * in registration order), which is what we announce in our {@code m} and what peers send to us.
 * Immutable and thread-safe.
 * {@link #open} makes the per-connection {@link Connection}.
 */
public final class ExtensionRegistry {

    private final Map<String, Integer> localIds;
    private final List<PeerExtensionFactory> factories;

    private ExtensionRegistry(List<PeerExtensionFactory> factories) {
        this.factories = List.copyOf(factories);
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (PeerExtensionFactory f : factories) {
            if (ids.containsKey(f.name())) {
                throw new IllegalArgumentException("extension registered twice: " + f.name());
            }
            if (ids.size() >= 255) {
                throw new IllegalArgumentException("at most 255 extensions");
            }
            ids.put(f.name(), ids.size() + 1);
        }
        this.localIds = Collections.unmodifiableMap(ids);
    }

    public static ExtensionRegistry of(PeerExtensionFactory... factories) {
        return new ExtensionRegistry(List.of(factories));
    }

    public static ExtensionRegistry of(List<PeerExtensionFactory> factories) {
        return new ExtensionRegistry(factories);
    }

    /** Name → the id peers must send that extension's messages to us under; this is our {@code m}. */
    public Map<String, Integer> localIds() {
        return localIds;
    }

    /**
     * Starts the extension state of one connection.
     *
     * @param limits  the wire limits (for decoding the peer's handshake)
     * @param sender  writes an extended message to the peer (called on the event loop)
     * @param closer  closes the connection with a reason
     */
    public Connection open(WireLimits limits, Consumer<PeerMessage.Extended> sender, Consumer<String> closer) {
        return new Connection(limits, sender, closer);
    }

    /** Extension state of one connection: instances, the peer's ids, dispatch. Not thread-safe. */
    public final class Connection implements ExtensionContext {
        private final WireLimits limits;
        private final Consumer<PeerMessage.Extended> sender;
        private final Consumer<String> closer;
        private final Map<Integer, PeerExtension> byLocalId = new LinkedHashMap<>();
        private ExtendedHandshake remote;

        private Connection(WireLimits limits, Consumer<PeerMessage.Extended> sender, Consumer<String> closer) {
            this.limits = limits;
            this.sender = sender;
            this.closer = closer;
            for (PeerExtensionFactory f : factories) {
                PeerExtension e = f.create(this);
                if (!e.name().equals(f.name())) {
                    throw new IllegalStateException("factory " + f.name() + " made extension " + e.name());
                }
                byLocalId.put(localIds.get(f.name()), e);
            }
        }

        /** Our extended handshake: {@code m} from the registry, other keys from {@code base} and the extensions. */
        public ExtendedHandshake localHandshake(ExtendedHandshake base) {
            ExtendedHandshake h = new ExtendedHandshake(localIds, base.client(), base.port(), base.requestQueue(),
                    base.yourIp(), base.metadataSize(), base.extra());
            for (PeerExtension e : byLocalId.values()) {
                h = e.contribute(h);
            }
            return new ExtendedHandshake(localIds, h.client(), h.port(), h.requestQueue(), h.yourIp(),
                    h.metadataSize(), h.extra());
        }

        /** Sends our extended handshake built by {@link #localHandshake}. */
        public ExtendedHandshake sendHandshake(ExtendedHandshake base) {
            ExtendedHandshake h = localHandshake(base);
            sender.accept(new PeerMessage.Extended(0, h.encode()));
            return h;
        }

        /**
         * Dispatches an extended message from the peer: id 0 is its handshake (it may come again and
         * replace the earlier one), otherwise one of our local ids. Unknown ids are ignored.
         *
         * @throws PeerWireException for an invalid handshake or an extension's invalid payload
         */
        public void onMessage(PeerMessage.Extended msg) {
            if (msg.extendedId() == 0) {
                remote = ExtendedHandshake.decode(msg.payload(), limits);
                for (PeerExtension e : byLocalId.values()) {
                    e.onHandshake(remote, remote.idOf(e.name()) != 0);
                }
                return;
            }
            PeerExtension e = byLocalId.get(msg.extendedId());
            if (e != null) {
                e.onMessage(msg.payload());
            }
        }

        /** The instance for {@code name}, or null. */
        public PeerExtension extension(String name) {
            Integer id = localIds.get(name);
            return id == null ? null : byLocalId.get(id);
        }

        public List<PeerExtension> extensions() {
            return new ArrayList<>(byLocalId.values());
        }

        /** Tells every extension the connection closed. */
        public void close() {
            byLocalId.values().forEach(PeerExtension::onClose);
        }

        @Override
        public boolean send(String extension, byte[] payload) {
            int id = remote == null ? 0 : remote.idOf(extension);
            if (id == 0) {
                return false;
            }
            sender.accept(new PeerMessage.Extended(id, payload));
            return true;
        }

        @Override
        public ExtendedHandshake remoteHandshake() {
            return remote;
        }

        @Override
        public void close(String reason) {
            closer.accept(reason);
        }
    }
}
