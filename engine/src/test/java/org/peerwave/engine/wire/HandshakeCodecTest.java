package org.peerwave.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerwave.engine.wire.WireTestSupport.drainInbound;
import static org.peerwave.engine.wire.WireTestSupport.drainOutbound;
import static org.peerwave.engine.wire.WireTestSupport.feedByteByByte;
import static org.peerwave.engine.wire.WireTestSupport.golden;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The 68-byte handshake and the handler that reads it and removes itself. */
class HandshakeCodecTest {

    static final byte[] INFO_HASH = golden("handshake").length == 68 ? Arrays.copyOfRange(golden("handshake"), 28, 48) : null;
    static final byte[] THEIR_ID = "-PW0100-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OUR_ID = "-PW0100-ourpeeridxyz".getBytes(StandardCharsets.US_ASCII);

    static EmbeddedChannel pipeline(HandshakeHandler handshake) {
        return new EmbeddedChannel(handshake, new FrameDecoder(WireLimits.DEFAULT.maxFrameSize()),
                new MessageDecoder(WireLimits.DEFAULT), new MessageEncoder());
    }

    @Test
    void goldenHandshakeParsesWithItsBits() {
        byte[] fixture = golden("handshake");
        Handshake h = Handshake.parse(Unpooled.wrappedBuffer(fixture));
        assertThat(h.infoHash()).isEqualTo(INFO_HASH);
        assertThat(h.peerId()).isEqualTo(THEIR_ID);
        assertThat(h.supportsExtensionProtocol()).isTrue();
        assertThat(h.supportsFastExtension()).isTrue();
        assertThat(h.supportsDht()).isTrue();
        assertThat(h.supportsV2()).isFalse();
        assertThat(Handshake.of(INFO_HASH, THEIR_ID, true, true, true).toBytes()).isEqualTo(fixture);
        assertThat(Handshake.of(INFO_HASH, THEIR_ID, true, true, true).writeTo(Unpooled.buffer()).array())
                .startsWith(fixture);
    }

    @Test
    void reservedBitsAreIndependent() {
        Handshake none = Handshake.of(INFO_HASH, OUR_ID, false, false, false);
        assertThat(none.reserved()).containsOnly(0);
        assertThat(Handshake.of(INFO_HASH, OUR_ID, true, false, false).reserved()[5]).isEqualTo((byte) 0x10);
        assertThat(Handshake.of(INFO_HASH, OUR_ID, false, true, false).reserved()[7]).isEqualTo((byte) 0x04);
        assertThat(Handshake.of(INFO_HASH, OUR_ID, false, false, true).reserved()[7]).isEqualTo((byte) 0x01);
    }

    @Test
    void fieldLengthsAreChecked() {
        assertThatThrownBy(() -> new Handshake(new byte[7], INFO_HASH, OUR_ID)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> new Handshake(new byte[8], new byte[32], OUR_ID)).hasMessageContaining("info hash");
        assertThatThrownBy(() -> new Handshake(new byte[8], INFO_HASH, new byte[19])).hasMessageContaining("peer id");
    }

    @Test
    void outboundSendsOursReadsTheirsByteByByteThenRemovesItselfAndPassesTheRestOn() {
        Handshake ours = Handshake.of(INFO_HASH, OUR_ID, true, true, false);
        EmbeddedChannel ch = pipeline(HandshakeHandler.outbound(ours));
        assertThat(drainOutbound(ch)).isEqualTo(ours.toBytes());

        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(golden("handshake"));
        in.writeBytes(golden("have-all"));
        in.writeBytes(golden("extended"));
        assertThat(feedByteByByte(ch, in.toByteArray())).isNull();
        List<Object> got = drainInbound(ch);
        assertThat(got).hasSize(3);
        assertThat(got.get(0)).isEqualTo(Handshake.parse(Unpooled.wrappedBuffer(golden("handshake"))));
        assertThat(got.get(1)).isEqualTo(PeerMessage.HaveAll.INSTANCE);
        assertThat(got.get(2)).isInstanceOf(PeerMessage.Extended.class);
        assertThat(ch.pipeline().get(HandshakeHandler.class)).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void outboundAddedToAnAlreadyConnectedChannelSendsOursAtOnce() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Handshake ours = Handshake.of(INFO_HASH, OUR_ID, true, true, false);
        ch.pipeline().addLast(HandshakeHandler.outbound(ours));
        assertThat(drainOutbound(ch)).isEqualTo(ours.toBytes());
    }

    @Test
    void outboundHandshakeAndMessagesInOneBufferAreSplitCorrectly() {
        EmbeddedChannel ch = pipeline(HandshakeHandler.outbound(Handshake.of(INFO_HASH, OUR_ID, true, true, false)));
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(golden("handshake"));
        in.writeBytes(golden("unchoke"));
        ch.writeInbound(Unpooled.wrappedBuffer(in.toByteArray()));
        assertThat(drainInbound(ch)).hasSize(2).last().isEqualTo(PeerMessage.Unchoke.INSTANCE);
    }

    @Test
    void outboundClosesOnAnotherInfoHash() {
        byte[] other = INFO_HASH.clone();
        other[0] ^= 1;
        EmbeddedChannel ch = pipeline(HandshakeHandler.outbound(Handshake.of(other, OUR_ID, true, true, false)));
        Throwable t = feedByteByByte(ch, golden("handshake"));
        assertThat(t).hasRootCauseInstanceOf(PeerWireException.class).rootCause().hasMessageContaining("another info hash");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aWrongProtocolStringClosesAtTheFirstWrongByte() {
        byte[] bad = golden("handshake");
        bad[5] = 'X';
        EmbeddedChannel ch = pipeline(HandshakeHandler.outbound(Handshake.of(INFO_HASH, OUR_ID, true, true, false)));
        List<Integer> fedUntilClose = new ArrayList<>();
        for (int i = 0; i < bad.length && ch.isOpen(); i++) {
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {bad[i]}));
            } catch (Exception e) {
                fedUntilClose.add(i);
                assertThat(e).hasRootCauseInstanceOf(PeerWireException.class);
            }
        }
        assertThat(fedUntilClose).containsExactly(5);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aWrongProtocolLengthAndAnHttpRequestAreRejected() {
        for (byte[] bad : List.of(new byte[] {18}, "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))) {
            EmbeddedChannel ch = pipeline(HandshakeHandler.inbound((ih, r) -> Optional.empty()));
            assertThat(feedByteByByte(ch, bad)).hasRootCauseInstanceOf(PeerWireException.class);
            assertThat(ch.isOpen()).isFalse();
        }
    }

    @Test
    void inboundRoutesByInfoHashBeforeThePeerIdArrivesAndAnswersAtOnce() {
        List<byte[]> asked = new ArrayList<>();
        Handshake answer = Handshake.of(INFO_HASH, OUR_ID, true, true, false);
        EmbeddedChannel ch = pipeline(HandshakeHandler.inbound((ih, reserved) -> {
            asked.add(ih);
            assertThat(reserved[7] & 0x04).isNotZero();
            return Optional.of(answer);
        }));
        byte[] theirs = golden("handshake");
        assertThat(feedByteByByte(ch, Arrays.copyOf(theirs, Handshake.PREFIX_WITH_INFO_HASH - 1))).isNull();
        assertThat(asked).isEmpty();
        assertThat(drainOutbound(ch)).isEmpty();
        assertThat(feedByteByByte(ch, new byte[] {theirs[Handshake.PREFIX_WITH_INFO_HASH - 1]})).isNull();
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst()).isEqualTo(INFO_HASH);
        assertThat(drainOutbound(ch)).as("our handshake goes out before their peer id").isEqualTo(answer.toBytes());
        assertThat(drainInbound(ch)).isEmpty();
        assertThat(feedByteByByte(ch, Arrays.copyOfRange(theirs, Handshake.PREFIX_WITH_INFO_HASH, 68))).isNull();
        assertThat(drainInbound(ch)).containsExactly(Handshake.parse(Unpooled.wrappedBuffer(theirs)));
        assertThat(asked).hasSize(1);
        assertThat(ch.pipeline().get(HandshakeHandler.class)).isNull();
    }

    @Test
    void inboundClosesForAnUnknownTorrent() {
        EmbeddedChannel ch = pipeline(HandshakeHandler.inbound((ih, r) -> Optional.empty()));
        Throwable t = feedByteByByte(ch, golden("handshake"));
        assertThat(t).hasRootCauseInstanceOf(PeerWireException.class).rootCause().hasMessageContaining("no torrent");
        assertThat(ch.isOpen()).isFalse();
        assertThat(drainOutbound(ch)).isEmpty();
    }

    @Test
    void aFailingRouterClosesTheConnection() {
        EmbeddedChannel ch = pipeline(HandshakeHandler.inbound((ih, r) -> {
            throw new IllegalStateException("torrent table is broken");
        }));
        Throwable t = feedByteByByte(ch, golden("handshake"));
        assertThat(t).hasRootCauseInstanceOf(PeerWireException.class).rootCause().hasMessageContaining("router failed");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void truncatedHandshakeWaitsAndParseRefusesIt() {
        EmbeddedChannel ch = pipeline(HandshakeHandler.outbound(Handshake.of(INFO_HASH, OUR_ID, true, true, false)));
        drainOutbound(ch);
        assertThat(feedByteByByte(ch, Arrays.copyOf(golden("handshake"), 67))).isNull();
        assertThat(drainInbound(ch)).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        assertThatThrownBy(() -> Handshake.parse(Unpooled.wrappedBuffer(new byte[67])))
                .isInstanceOf(PeerWireException.class).hasMessageContaining("truncated handshake");
    }
}
