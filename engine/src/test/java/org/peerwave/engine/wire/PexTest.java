package org.peerwave.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BEP 11: the ut_pex message codec and the per-connection send and receive rules. */
class PexTest {

    private static InetSocketAddress v4(int last, int port) {
        return new InetSocketAddress("10.0.0." + last, port);
    }

    @Test
    void roundTripsIpv4AndIpv6ContactsWithFlags() {
        InetSocketAddress six = new InetSocketAddress("2001:db8::7", 6881);
        PexMessage m = new PexMessage(List.of(new PexMessage.Peer(v4(1, 6881), PexMessage.SEED | PexMessage.REACHABLE),
                new PexMessage.Peer(six, PexMessage.PREFERS_ENCRYPTION)), List.of(v4(2, 51413),
                new InetSocketAddress("2001:db8::9", 1)));
        PexMessage back = PexMessage.decode(m.encode(), 50);
        assertThat(back).isEqualTo(m);
        assertThat(back.added().getFirst().isSeed()).isTrue();
    }

    @Test
    void encodesTheCompactFormatOfBep11() {
        byte[] bytes = new PexMessage(List.of(new PexMessage.Peer(new InetSocketAddress("1.2.3.4", 0x1AE1), 2)),
                List.of()).encode();
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(s).isEqualTo("d5:added6:\u0001\u0002\u0003\u0004\u001a\u00e17:added.f1:\u00027:dropped0:e");
    }

    @Test
    void decodingSkipsPortZeroDuplicatesAndTruncatedEntriesAndCapsTheCount() {
        byte[] list = new byte[6 * 60 + 3];
        for (int i = 0; i < 60; i++) {
            list[6 * i] = 10;
            list[6 * i + 3] = (byte) (i + 1);
            list[6 * i + 5] = (byte) (i == 0 ? 0 : 1); // the first has port 0
        }
        System.arraycopy(list, 6, list, 12, 6); // the third repeats the second
        String dict = "d5:added" + list.length + ":";
        byte[] head = dict.getBytes(StandardCharsets.ISO_8859_1);
        byte[] payload = new byte[head.length + list.length + 1];
        System.arraycopy(head, 0, payload, 0, head.length);
        System.arraycopy(list, 0, payload, head.length, list.length);
        payload[payload.length - 1] = 'e';
        PexMessage m = PexMessage.decode(payload, 50);
        assertThat(m.added()).hasSize(50).doesNotHaveDuplicates();
        assertThat(m.added()).allSatisfy(p -> assertThat(p.address().getPort()).isEqualTo(1));
        assertThat(m.added().getFirst().flags()).isZero(); // no added.f: flags 0
    }

    @Test
    void malformedMessagesAreRejected() {
        assertThatThrownBy(() -> PexMessage.decode("i3e".getBytes(StandardCharsets.US_ASCII), 50))
                .isInstanceOf(PeerWireException.class);
        assertThatThrownBy(() -> PexMessage.decode("d5:addedi1ee".getBytes(StandardCharsets.US_ASCII), 50))
                .isInstanceOf(PeerWireException.class);
        assertThatThrownBy(() -> PexMessage.decode("d5:added".getBytes(StandardCharsets.US_ASCII), 50))
                .isInstanceOf(PeerWireException.class);
        assertThat(PexMessage.decode("de".getBytes(StandardCharsets.US_ASCII), 50).isEmpty()).isTrue();
    }

    /** Records what the extension sends. */
    private static final class Context implements ExtensionContext {
        final List<byte[]> sent = new ArrayList<>();

        @Override
        public boolean send(String extension, byte[] payload) {
            sent.add(payload);
            return true;
        }

        @Override
        public ExtendedHandshake remoteHandshake() {
            return null;
        }

        @Override
        public void close(String reason) {
        }
    }

    @Test
    void sendsDifferencesAtMostOncePerIntervalAndAtMostMaxPeersEach() {
        Context ctx = new Context();
        List<PexMessage> received = new ArrayList<>();
        UtPexExtension pex = (UtPexExtension) UtPexExtension.factory(Duration.ofSeconds(60), 50, received::add)
                .create(ctx);
        Map<InetSocketAddress, Integer> connected = new LinkedHashMap<>();
        InetSocketAddress self = v4(200, 1);
        connected.put(self, 0);
        for (int i = 1; i <= 70; i++) {
            connected.put(v4(i, 6881), PexMessage.REACHABLE);
        }
        long t = 1_000_000_000L;
        assertThat(pex.update(connected, self, t)).as("not before the peer's handshake").isNull();
        pex.onHandshake(ExtendedHandshake.of(Map.of(PexMessage.EXTENSION, 3)), true);
        PexMessage first = pex.update(connected, self, t);
        assertThat(first.added()).hasSize(50).extracting(PexMessage.Peer::address).doesNotContain(self);
        assertThat(pex.update(connected, self, t + Duration.ofSeconds(59).toNanos())).as("within the minute").isNull();
        connected.remove(v4(1, 6881));
        PexMessage second = pex.update(connected, self, t + Duration.ofSeconds(60).toNanos());
        assertThat(second.added()).hasSize(20).extracting(PexMessage.Peer::address).doesNotContain(self);
        assertThat(second.dropped()).containsExactly(v4(1, 6881));
        assertThat(pex.update(connected, self, t + Duration.ofSeconds(180).toNanos())).as("nothing changed").isNull();
        assertThat(ctx.sent).hasSize(2);
        assertThat(PexMessage.decode(ctx.sent.get(1), 100)).isEqualTo(second);
        assertThat(pex.messagesSent()).isEqualTo(2);
    }

    @Test
    void aPeerThatSendsTooOftenIsIgnoredAndNoPexMeansNoSend() {
        Context ctx = new Context();
        List<PexMessage> received = new ArrayList<>();
        UtPexExtension pex = (UtPexExtension) UtPexExtension.factory(Duration.ofSeconds(60), 50, received::add)
                .create(ctx);
        byte[] one = new PexMessage(List.of(new PexMessage.Peer(v4(1, 6881), 0)), List.of()).encode();
        pex.onMessage(one);
        pex.onMessage(one);
        assertThat(received).hasSize(1);
        assertThat(pex.ignoredMessages()).isEqualTo(1);
        pex.onHandshake(ExtendedHandshake.of(Map.of()), false);
        assertThat(pex.update(Map.of(v4(2, 1), 0), null, 0)).isNull();
        assertThat(ctx.sent).isEmpty();
    }
}
