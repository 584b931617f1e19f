package org.peerwave.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Each limit: its default, its validation, and what happens at and past it. */
class WireLimitsTest {

    @Test
    void defaults() {
        WireLimits d = WireLimits.DEFAULT;
        assertThat(d.maxFrameSize()).isEqualTo(1024 * 1024);
        assertThat(d.maxRequestLength()).isEqualTo(16 * 1024);
        assertThat(d.maxMetadataSize()).isEqualTo(30 * 1024 * 1024);
        assertThat(d.maxExtendedMessageSize()).isEqualTo(256 * 1024);
        assertThat(d.maxQueuedRequests()).isEqualTo(512);
        assertThat(d.maxUnrequestedBlocks()).isEqualTo(64);
        assertThat(d.handshakeTimeout()).isEqualTo(java.time.Duration.ofSeconds(20));
        assertThat(d.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(180));
        assertThat(d.keepAliveInterval()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(d.maxReadsInFlight()).isEqualTo(8);
    }

    /** What each of these does at a session is tested in session.HostilePeerTest; here, their validation. */
    @Test
    void sessionLimitsAreValidated() {
        java.time.Duration s = java.time.Duration.ofSeconds(1);
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxQueuedRequests(0)).hasMessageContaining("maxQueuedRequests");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxQueuedRequests(100_001))
                .hasMessageContaining("maxQueuedRequests");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxUnrequestedBlocks(-1))
                .hasMessageContaining("maxUnrequestedBlocks");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withHandshakeTimeout(java.time.Duration.ZERO))
                .hasMessageContaining("handshakeTimeout");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withIdleTimeout(java.time.Duration.ZERO, s))
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withIdleTimeout(s, s)).hasMessageContaining("keepAliveInterval");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withHandshakeTimeout(null)).isInstanceOf(NullPointerException.class);
        WireLimits tight = WireLimits.DEFAULT.withMaxQueuedRequests(8).withMaxUnrequestedBlocks(0)
                .withHandshakeTimeout(s).withIdleTimeout(s.multipliedBy(4), s);
        assertThat(tight.maxQueuedRequests()).isEqualTo(8);
        assertThat(tight.maxUnrequestedBlocks()).isZero();
        assertThat(tight.handshakeTimeout()).isEqualTo(s);
        assertThat(tight.idleTimeout()).isEqualTo(s.multipliedBy(4));
        assertThat(tight.keepAliveInterval()).isEqualTo(s);
        assertThat(tight.maxFrameSize()).isEqualTo(WireLimits.DEFAULT.maxFrameSize());
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxReadsInFlight(0)).hasMessageContaining("maxReadsInFlight");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxReadsInFlight(1025)).hasMessageContaining("maxReadsInFlight");
        assertThat(tight.withMaxReadsInFlight(1).maxReadsInFlight()).isEqualTo(1);
        assertThat(tight.withMaxReadsInFlight(1).maxQueuedRequests()).isEqualTo(8);
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxFrameSize(16 * 1024 + 8)).hasMessageContaining("maxFrameSize");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxRequestLength(0)).hasMessageContaining("maxRequestLength");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxRequestLength(128 * 1024 + 1))
                .hasMessageContaining("maxRequestLength");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxMetadataSize(0)).hasMessageContaining("maxMetadataSize");
        assertThatThrownBy(() -> WireLimits.DEFAULT.withMaxExtendedMessageSize(100))
                .hasMessageContaining("maxExtendedMessageSize");
        assertThat(WireLimits.DEFAULT.withMaxFrameSize(16 * 1024 + 9).maxFrameSize()).isEqualTo(16393);
    }

    @Test
    void maxRequestLengthIsASetting() {
        WireLimits wide = WireLimits.DEFAULT.withMaxRequestLength(32 * 1024);
        EmbeddedChannel ch = WireTestSupport.decoderChannel(wide);
        ch.writeInbound(Unpooled.wrappedBuffer(WireTestSupport.encode(new PeerMessage.Request(0, 0, 32 * 1024))));
        assertThat((Object) ch.readInbound()).isEqualTo(new PeerMessage.Request(0, 0, 32 * 1024));
        EmbeddedChannel strict = WireTestSupport.decoderChannel(WireLimits.DEFAULT);
        assertThat(WireTestSupport.feedByteByByte(strict,
                WireTestSupport.encode(new PeerMessage.Request(0, 0, 16 * 1024 + 1))))
                .hasRootCauseInstanceOf(PeerWireException.class);
        assertThat(strict.isOpen()).isFalse();
    }

    @Test
    void messageConstructorsCheckTheirFields() {
        assertThatThrownBy(() -> new PeerMessage.Request(-1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Request(0, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Request(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Request(0, 0, 128 * 1024 + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Have(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Extended(256, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Piece(0, -1, Unpooled.EMPTY_BUFFER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bitfieldLengthAndSpareBitsAreCheckedAgainstThePieceCount() {
        Bitfields.validate(Bitfields.full(10), 10);
        assertThat(Bitfields.full(10)).containsExactly(0xFF, 0xC0);
        assertThatThrownBy(() -> Bitfields.validate(new byte[3], 10)).isInstanceOf(PeerWireException.class)
                .hasMessageContaining("bitfield of 3 bytes for 10 pieces (expected 2)");
        assertThatThrownBy(() -> Bitfields.validate(new byte[] {0, 0x20}, 10)).isInstanceOf(PeerWireException.class)
                .hasMessageContaining("spare bits");
        Bitfields.validate(new byte[0], 0);
        Bitfields.validate(new byte[] {(byte) 0xFF}, 8);
        PeerMessage.Bitfield b = new PeerMessage.Bitfield(new byte[] {(byte) 0x80, 0x01});
        assertThat(b.has(0)).isTrue();
        assertThat(b.has(1)).isFalse();
        assertThat(b.has(15)).isTrue();
        assertThat(b.has(16)).isFalse();
        assertThat(b.has(-1)).isFalse();
    }
}
