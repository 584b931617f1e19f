package org.peerwave.engine.wire;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BEP 11 peer exchange over the extension API, one instance per connection. Sending: the session
 * calls {@link #update} (e.g. every second) with the peers it is connected to now; at most once per
 * {@code interval} this sends the difference to what this peer was told before (at most
 * {@code maxPeers} added and {@code maxPeers} dropped; the rest follow in later messages).
 * Receiving: the added contacts of a message go to the listener; messages that come sooner than
 * half the interval after the previous one are ignored (and counted), as are contacts beyond
 * {@code maxPeers}. Calls come on the connection's event loop, one at a time.
 */
public final class UtPexExtension implements PeerExtension {

    private static final Logger LOG = LoggerFactory.getLogger(UtPexExtension.class);

    private final ExtensionContext context;
    private final long intervalNanos;
    private final int maxPeers;
    private final Consumer<PexMessage> listener;
    /** Contacts this peer was told about (added and not dropped since). */
    private final Set<InetSocketAddress> told = new HashSet<>();
    private boolean supported;
    private boolean sentOnce;
    private long lastSent;
    private boolean receivedOnce;
    private long lastReceived;
    private int ignoredMessages;
    private int messagesSent;

    private UtPexExtension(ExtensionContext context, Duration interval, int maxPeers, Consumer<PexMessage> listener) {
        this.context = context;
        this.intervalNanos = interval.toNanos();
        this.maxPeers = maxPeers;
        this.listener = listener;
    }

    /**
     * @param interval least time between two messages we send (BEP 11: a minute)
     * @param maxPeers most added (and most dropped) contacts in one message, both ways
     * @param listener receives each accepted message of the peer (on the connection's loop)
     */
    public static PeerExtensionFactory factory(Duration interval, int maxPeers, Consumer<PexMessage> listener) {
        Objects.requireNonNull(interval);
        Objects.requireNonNull(listener);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (maxPeers < 1) {
            throw new IllegalArgumentException("maxPeers must be positive");
        }
        return new PeerExtensionFactory() {
            @Override
            public String name() {
                return PexMessage.EXTENSION;
            }

            @Override
            public PeerExtension create(ExtensionContext context) {
                return new UtPexExtension(context, interval, maxPeers, listener);
            }
        };
    }

    @Override
    public String name() {
        return PexMessage.EXTENSION;
    }

    @Override
    public void onHandshake(ExtendedHandshake theirs, boolean supported) {
        this.supported = supported;
    }

    /** True once the peer's extended handshake listed {@code ut_pex}. */
    public boolean supported() {
        return supported;
    }

    @Override
    public void onMessage(byte[] payload) {
        long now = System.nanoTime();
        if (receivedOnce && now - lastReceived < intervalNanos / 2) {
            ignoredMessages++;
            LOG.debug("ignoring a ut_pex message {} ms after the previous one", (now - lastReceived) / 1_000_000);
            return;
        }
        receivedOnce = true;
        lastReceived = now;
        PexMessage msg = PexMessage.decode(payload, maxPeers);
        if (!msg.isEmpty()) {
            listener.accept(msg);
        }
    }

    /**
     * Sends what changed since the last message when the interval has passed: {@code connected} maps
     * each contact we are connected to now to its flags; {@code self} (this peer's own contact, may be
     * null) is never sent to it.
     *
     * @return the message sent, or null
     */
    public PexMessage update(Map<InetSocketAddress, Integer> connected, InetSocketAddress self, long now) {
        if (!supported || (sentOnce && now - lastSent < intervalNanos)) {
            return null;
        }
        List<PexMessage.Peer> added = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, Integer> e : connected.entrySet()) {
            if (added.size() >= maxPeers) {
                break;
            }
            if (!e.getKey().equals(self) && !told.contains(e.getKey())) {
                added.add(new PexMessage.Peer(e.getKey(), e.getValue()));
            }
        }
        List<InetSocketAddress> dropped = new ArrayList<>();
        for (InetSocketAddress a : told) {
            if (dropped.size() >= maxPeers) {
                break;
            }
            if (!connected.containsKey(a)) {
                dropped.add(a);
            }
        }
        if (added.isEmpty() && dropped.isEmpty()) {
            return null;
        }
        PexMessage msg = new PexMessage(added, dropped);
        if (!context.send(PexMessage.EXTENSION, msg.encode())) {
            return null;
        }
        sentOnce = true;
        lastSent = now;
        messagesSent++;
        added.forEach(p -> told.add(p.address()));
        dropped.forEach(told::remove);
        return msg;
    }

    /** Messages of the peer ignored because they came too soon after the previous one. */
    public int ignoredMessages() {
        return ignoredMessages;
    }

    /** Messages we sent to this peer. */
    public int messagesSent() {
        return messagesSent;
    }
}
