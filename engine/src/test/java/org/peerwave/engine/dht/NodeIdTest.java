package org.peerwave.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeIdTest {

    /** The BEP 42 examples: the first 21 bits and the last byte follow from the address and r. */
    @ParameterizedTest
    @CsvSource({
        "124.31.75.21, 1, 5fbfbff10c5d6a4ec8a88e4c6ab4c28b95eee401",
        "21.75.31.124, 86, 5a3ce9c14e7a08645677bbd1cfe7d8f956d53256",
        "65.23.51.170, 22, a5d43220bc8f112a3d426c84764f8c2a1150e616",
        "84.124.73.14, 65, 1b0321dd1bb1fe518101ceef99462b947a01ff41",
        "43.213.53.83, 90, e56f6cbf5b7c4be0237986d5243b87aa6d51305a",
    })
    void bep42VectorsAreSecureAndGeneratedAlike(String ip, int r, String hex) throws Exception {
        InetAddress a = InetAddress.getByName(ip);
        NodeId expected = NodeId.fromHex(hex);
        assertThat(expected.isSecureFor(a)).isTrue();
        NodeId made = NodeId.secure(a, r, new Random(7));
        assertThat(made.byteAt(0)).isEqualTo(expected.byteAt(0));
        assertThat(made.byteAt(1)).isEqualTo(expected.byteAt(1));
        assertThat(made.byteAt(2) & 0xf8).isEqualTo(expected.byteAt(2) & 0xf8);
        assertThat(made.byteAt(19)).isEqualTo(r);
        assertThat(made.isSecureFor(a)).isTrue();
        assertThat(expected.isSecureFor(InetAddress.getByName("8.8.8.8"))).isFalse();
    }

    @Test
    void loopbackAndPrivateAddressesAreExempt() throws Exception {
        NodeId any = NodeId.random(new Random(1));
        assertThat(any.isSecureFor(InetAddress.getByName("127.0.0.5"))).isTrue();
        assertThat(any.isSecureFor(InetAddress.getByName("192.168.1.2"))).isTrue();
        assertThat(any.isSecureFor(InetAddress.getByName("fd00::2"))).isTrue();
    }

    @Test
    void distanceAndPrefixes() {
        NodeId a = NodeId.fromHex("0000000000000000000000000000000000000000");
        NodeId b = NodeId.fromHex("0000000000000000000000000000000000000001");
        NodeId c = NodeId.fromHex("8000000000000000000000000000000000000000");
        assertThat(a.commonPrefixLength(b)).isEqualTo(159);
        assertThat(a.commonPrefixLength(c)).isZero();
        assertThat(a.commonPrefixLength(a)).isEqualTo(160);
        assertThat(a.compareDistance(b, c)).isNegative();
        assertThat(a.distance(c)).isEqualTo(c);
        Random r = new Random(3);
        for (int p = 0; p < 160; p++) {
            assertThat(c.commonPrefixLength(c.randomWithPrefix(p, r))).isEqualTo(p);
        }
    }
}
