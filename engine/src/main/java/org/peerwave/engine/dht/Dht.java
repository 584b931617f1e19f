package org.peerwave.engine.dht;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHT of an engine: an IPv4 node and, when the machine has a global IPv6 address (BEP 32), an
 * IPv6 node with its own routing table. Peers found by either go to the same sinks. Thread-safe.
 */
public final class Dht implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dht.class);

    private final List<DhtNode> nodes;

    private Dht(List<DhtNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts the nodes. A specific {@code bindAddress} gives one node of its family; the wildcard gives
     * an IPv4 node and, if {@code ipv6} and the machine has a global IPv6 address, an IPv6 node (on the
     * same port when free, else any). {@code port} 0 picks a free port.
     */
    public static Dht start(EventLoopGroup group, Class<? extends DatagramChannel> channelClass,
                            InetAddress bindAddress, int port, DhtSettings settings, boolean ipv6) {
        List<DhtNode> nodes = new ArrayList<>();
        if (!bindAddress.isAnyLocalAddress()) {
            nodes.add(DhtNode.start(group, channelClass, new InetSocketAddress(bindAddress, port), settings));
            return new Dht(nodes);
        }
        DhtNode v4 = DhtNode.start(group, channelClass, new InetSocketAddress(bindAddress, port), settings);
        nodes.add(v4);
        if (ipv6 && hasGlobalIpv6()) {
            DhtSettings s6 = settings.stateFile() == null ? settings : settings.toBuilder()
                    .stateFile(v6File(settings.stateFile())).build();
            try {
                InetAddress any6 = InetAddress.getByName("::");
                DhtNode v6;
                try {
                    v6 = DhtNode.start(group, channelClass, new InetSocketAddress(any6, v4.localAddress().getPort()), s6);
                } catch (RuntimeException sameInUse) {
                    v6 = DhtNode.start(group, channelClass, new InetSocketAddress(any6, 0), s6);
                }
                nodes.add(v6);
            } catch (Exception e) {
                LOG.info("no IPv6 DHT node: {}", e.toString());
            }
        }
        return new Dht(nodes);
    }

    static Path v6File(Path file) {
        return file.resolveSibling(file.getFileName() + ".v6");
    }

    /** True when some interface has a global (not loopback, link-local or unique-local) IPv6 address. */
    public static boolean hasGlobalIpv6() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet6Address && !NodeId.isExempt(a) && !a.isMulticastAddress()) {
                        return true;
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list interfaces: {}", e.toString());
        }
        return false;
    }

    public List<DhtNode> nodes() {
        return nodes;
    }

    /** The UDP port of the first node (the one peers are told about in PORT messages). */
    public int port() {
        return nodes.getFirst().localAddress().getPort();
    }

    /** See {@link DhtNode#track}; on every node. */
    public AutoCloseable track(byte[] infoHash, int port, Consumer<List<InetSocketAddress>> sink) {
        List<DhtNode.Tracking> ts = new ArrayList<>();
        for (DhtNode n : nodes) {
            ts.add(n.track(infoHash, port, sink));
        }
        return () -> ts.forEach(DhtNode.Tracking::close);
    }

    /** One get_peers lookup on every node; the peers found by all. */
    public CompletableFuture<List<InetSocketAddress>> getPeers(byte[] infoHash) {
        List<CompletableFuture<List<InetSocketAddress>>> all = new ArrayList<>();
        for (DhtNode n : nodes) {
            all.add(n.getPeers(infoHash, p -> { }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<InetSocketAddress> out = new ArrayList<>();
            for (CompletableFuture<List<InetSocketAddress>> f : all) {
                f.join().stream().filter(a -> !out.contains(a)).forEach(out::add);
            }
            return out;
        });
    }

    /** A node learnt of outside the DHT (a peer's PORT message): pinged by the node of its family. */
    public void addNode(InetSocketAddress address) {
        if (address.isUnresolved() || address.getPort() == 0) {
            return;
        }
        boolean v6 = CompactNodes.isV6(address.getAddress());
        for (DhtNode n : nodes) {
            if (n.isV6() == v6) {
                n.ping(address);
                return;
            }
        }
    }

    public DhtStats stats() {
        DhtStats s = null;
        for (DhtNode n : nodes) {
            s = s == null ? n.stats() : s.plus(n.stats());
        }
        return s == null ? DhtStats.OFF : s;
    }

    @Override
    public void close() {
        for (DhtNode n : nodes) {
            n.close();
        }
    }
}
