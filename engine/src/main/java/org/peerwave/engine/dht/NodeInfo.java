package org.peerwave.engine.dht;

import java.net.InetSocketAddress;
import java.util.Objects;

/** A DHT node: its id and its UDP address (resolved). */
public record NodeInfo(NodeId id, InetSocketAddress address) {

    public NodeInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved node address " + address);
        }
    }

    /** True for an IPv6 address. */
    public boolean isV6() {
        return address.getAddress().getAddress().length == 16;
    }
}
