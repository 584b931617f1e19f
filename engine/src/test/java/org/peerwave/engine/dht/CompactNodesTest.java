package org.peerwave.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CompactNodesTest {

    @Test
    void roundTripsV4AndV6NodesAndSkipsTheOtherFamily() {
        Random r = new Random(1);
        NodeInfo v4 = new NodeInfo(NodeId.random(r), new InetSocketAddress("127.0.0.7", 6881));
        NodeInfo v6 = new NodeInfo(NodeId.random(r), new InetSocketAddress("2001:db8::1", 51413));
        byte[] four = CompactNodes.encodeNodes(List.of(v4, v6), false);
        byte[] six = CompactNodes.encodeNodes(List.of(v4, v6), true);
        assertThat(four).hasSize(26);
        assertThat(six).hasSize(38);
        assertThat(CompactNodes.decodeNodes(four, false)).containsExactly(v4);
        assertThat(CompactNodes.decodeNodes(six, true)).containsExactly(v6);
    }

    @Test
    void peersAreSixOrEighteenBytes() {
        InetSocketAddress a = new InetSocketAddress("10.1.2.3", 0x1234);
        byte[] c = CompactNodes.encodePeer(a);
        assertThat(c).containsExactly(10, 1, 2, 3, 0x12, 0x34);
        assertThat(CompactNodes.decodePeer(c)).isEqualTo(a);
        assertThat(CompactNodes.encodePeer(new InetSocketAddress("::1", 1))).hasSize(18);
        assertThatThrownBy(() -> CompactNodes.decodePeer(new byte[7])).isInstanceOf(KrpcException.class);
    }

    @Test
    void rejectsPartialEntriesAndSkipsPortZero() {
        assertThatThrownBy(() -> CompactNodes.decodeNodes(new byte[27], false)).isInstanceOf(KrpcException.class);
        assertThatThrownBy(() -> CompactNodes.decodeNodes(new byte[26], true)).isInstanceOf(KrpcException.class);
        assertThat(CompactNodes.decodeNodes(new byte[26], false)).isEmpty();
    }
}
