package org.peerwave.engine.dht;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BEP 5 / BEP 32 compact forms: node info (id, address, port: 26 bytes for IPv4, 38 for IPv6) and
 * peer info (address, port: 6 or 18 bytes). Decoding throws {@link KrpcException} on a length that is
 * not a whole number of entries and skips entries with port 0.
 */
public final class CompactNodes {

    public static final int NODE_V4 = 26;
    public static final int NODE_V6 = 38;
    public static final int PEER_V4 = 6;
    public static final int PEER_V6 = 18;

    private CompactNodes() {
    }

    /** Decodes {@code nodes} ({@code v6} false) or {@code nodes6} ({@code v6} true). */
    public static List<NodeInfo> decodeNodes(byte[] data, boolean v6) {
        int entry = v6 ? NODE_V6 : NODE_V4;
        if (data.length % entry != 0) {
            throw new KrpcException(KrpcException.PROTOCOL, "compact node info of " + data.length
                    + " bytes is not a multiple of " + entry);
        }
        List<NodeInfo> out = new ArrayList<>(data.length / entry);
        for (int off = 0; off < data.length; off += entry) {
            NodeId id = NodeId.of(Arrays.copyOfRange(data, off, off + NodeId.LENGTH));
            InetSocketAddress a = address(data, off + NodeId.LENGTH, entry - NodeId.LENGTH);
            if (a.getPort() != 0) {
                out.add(new NodeInfo(id, a));
            }
        }
        return out;
    }

    /** Encodes the nodes of one family ({@code v6}); nodes of the other family are skipped. */
    public static byte[] encodeNodes(List<NodeInfo> nodes, boolean v6) {
        int entry = v6 ? NODE_V6 : NODE_V4;
        List<NodeInfo> same = nodes.stream().filter(n -> n.isV6() == v6).toList();
        byte[] out = new byte[same.size() * entry];
        int off = 0;
        for (NodeInfo n : same) {
            System.arraycopy(n.id().bytes(), 0, out, off, NodeId.LENGTH);
            putAddress(out, off + NodeId.LENGTH, n.address());
            off += entry;
        }
        return out;
    }

    /** One compact peer (6 or 18 bytes). */
    public static InetSocketAddress decodePeer(byte[] data) {
        if (data.length != PEER_V4 && data.length != PEER_V6) {
            throw new KrpcException(KrpcException.PROTOCOL, "compact peer info of " + data.length
                    + " bytes (expected 6 or 18)");
        }
        return address(data, 0, data.length);
    }

    public static byte[] encodePeer(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        byte[] out = new byte[ip.length + 2];
        putAddress(out, 0, a);
        return out;
    }

    private static InetSocketAddress address(byte[] data, int off, int len) {
        byte[] ip = Arrays.copyOfRange(data, off, off + len - 2);
        int port = ((data[off + len - 2] & 0xff) << 8) | (data[off + len - 1] & 0xff);
        try {
            InetAddress a = InetAddress.getByAddress(ip);
            return new InetSocketAddress(a, port);
        } catch (UnknownHostException e) {
            throw new KrpcException(KrpcException.PROTOCOL, "bad address of " + ip.length + " bytes");
        }
    }

    private static void putAddress(byte[] out, int off, InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        System.arraycopy(ip, 0, out, off, ip.length);
        out[off + ip.length] = (byte) (a.getPort() >>> 8);
        out[off + ip.length + 1] = (byte) a.getPort();
    }

    /** True for an IPv4 (or IPv4-mapped) address. */
    static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    static boolean isV6(InetAddress a) {
        return a instanceof Inet6Address;
    }
}
