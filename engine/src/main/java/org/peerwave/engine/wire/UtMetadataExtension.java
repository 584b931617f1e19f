package org.peerwave.engine.wire;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.peerwave.engine.metainfo.InfoHashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BEP 9 over the extension API: serves our metadata through a {@link MetadataServer} and, when
 * asked to, fetches the peer's with a {@link MetadataAssembler} of its own (one per connection:
 * the session may later share one among peers). Events come on the connection's event loop.
 */
public final class UtMetadataExtension implements PeerExtension {

    private static final Logger LOG = LoggerFactory.getLogger(UtMetadataExtension.class);

    /** How many metadata requests to keep outstanding. */
    private static final int PIPELINE = 4;

    private final ExtensionContext context;
    private final Supplier<MetadataServer> server;
    private final InfoHashes wanted;
    private final WireLimits limits;
    private final Consumer<byte[]> onMetadata;
    private MetadataAssembler assembler;
    private boolean done;

    private UtMetadataExtension(ExtensionContext context, Supplier<MetadataServer> server, InfoHashes wanted,
                                WireLimits limits, Consumer<byte[]> onMetadata) {
        this.context = context;
        this.server = server;
        this.wanted = wanted;
        this.limits = limits;
        this.onMetadata = onMetadata;
    }

    /**
     * @param server     what we serve (asked at each handshake and request, so it may change once the
     *                   metadata arrives)
     * @param wanted     the info hashes whose metadata to fetch, or null to only serve
     * @param limits     the metadata size cap
     * @param onMetadata receives the verified info dictionary (at most once per connection)
     */
    public static PeerExtensionFactory factory(Supplier<MetadataServer> server, InfoHashes wanted, WireLimits limits,
                                               Consumer<byte[]> onMetadata) {
        Objects.requireNonNull(server);
        Objects.requireNonNull(limits);
        return new PeerExtensionFactory() {
            @Override
            public String name() {
                return UtMetadataMessage.EXTENSION;
            }

            @Override
            public PeerExtension create(ExtensionContext context) {
                return new UtMetadataExtension(context, server, wanted, limits, onMetadata);
            }
        };
    }

    @Override
    public String name() {
        return UtMetadataMessage.EXTENSION;
    }

    @Override
    public ExtendedHandshake contribute(ExtendedHandshake ours) {
        return ours.withMetadataSize(server.get().metadataSize());
    }

    @Override
    public void onHandshake(ExtendedHandshake theirs, boolean supported) {
        if (!supported || wanted == null || done || assembler != null || theirs.metadataSize() == null
                || theirs.metadataSize() == 0) {
            return;
        }
        assembler = new MetadataAssembler(wanted, theirs.metadataSize(), limits);
        requestMore(PIPELINE);
    }

    @Override
    public void onMessage(byte[] payload) {
        UtMetadataMessage msg = UtMetadataMessage.decode(payload, limits.maxMetadataSize()).orElse(null);
        switch (msg) {
            case null -> LOG.debug("ignoring a ut_metadata message of unknown type");
            case UtMetadataMessage.Request r ->
                    context.send(UtMetadataMessage.EXTENSION, UtMetadataMessage.encode(server.get().respond(r)));
            case UtMetadataMessage.Reject r -> {
                if (assembler != null) {
                    assembler.requestFailed(r.piece());
                    LOG.debug("peer rejected metadata piece {}", r.piece());
                }
            }
            case UtMetadataMessage.Data d -> {
                if (assembler == null || done) {
                    return;
                }
                switch (assembler.accept(d)) {
                    case MetadataAssembler.Result.Incomplete i -> requestMore(1);
                    case MetadataAssembler.Result.Complete c -> {
                        done = true;
                        onMetadata.accept(c.infoBytes());
                    }
                    case MetadataAssembler.Result.HashMismatch m ->
                            context.close("metadata from this peer does not match the info hash");
                }
            }
        }
    }

    private void requestMore(int count) {
        for (int i = 0; i < count; i++) {
            OptionalInt next = assembler.nextRequest();
            if (next.isEmpty()) {
                return;
            }
            context.send(UtMetadataMessage.EXTENSION,
                    UtMetadataMessage.encode(new UtMetadataMessage.Request(next.getAsInt())));
        }
    }
}
