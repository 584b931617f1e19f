package org.peerwave.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerIdTest {

    @Test
    void oursIsAzureusStyleWithTwelveRandomAlphanumerics() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String id = new String(PeerId.generate(), StandardCharsets.US_ASCII);
            assertThat(id).hasSize(20).startsWith("-PW0100-").matches("-PW0100-[0-9A-Za-z]{12}");
            seen.add(id);
        }
        assertThat(seen).hasSize(100);
        assertThat(PeerId.clientName(PeerId.generate())).contains("Peerwave 0.1.0.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-qB4520-abcdefghijkl|qBittorrent 4.5.2.0",
        "-lt20F0-abcdefghijkl|libtorrent (Rasterbar) 2.0.15.0",
        "-LT2080-abcdefghijkl|libtorrent (Rasterbar) 2.0.8.0",
        "-TR3000-abcdefghijkl|Transmission 3.0.0.0",
        "-UT355W-abcdefghijkl|\u00b5Torrent 3.5.5.32",
        "-WW0105-abcdefghijkl|WebTorrent 0.1.0.5",
        "-DE13F0-abcdefghijkl|Deluge 1.3.15.0",
        "A2-1-36-0-abcdefghij|aria2 1.36.0",
        "M7-10-5--abcdefghijk|Mainline 7.10.5",
        "M4-4-0--abcdefghijkl|Mainline 4.4.0"})
    void namesKnownClients(String id, String name) {
        assertThat(PeerId.clientName(id.getBytes(StandardCharsets.ISO_8859_1))).contains(name);
    }

    @Test
    void unknownOrMalformedIdsHaveNoName() {
        assertThat(PeerId.clientName("-ZZ1000-abcdefghijkl".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(PeerId.clientName(new byte[20])).isEmpty();
        assertThat(PeerId.clientName(new byte[19])).isEmpty();
        assertThat(PeerId.clientName(null)).isEmpty();
        assertThat(PeerId.printable(new byte[] {'a', 0, (byte) 0xFF})).isEqualTo("a%00%FF");
    }
}
