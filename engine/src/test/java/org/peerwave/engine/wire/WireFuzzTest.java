package org.peerwave.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import java.util.Optional;

/**
 * Fuzz target for the peer-wire parsers: the message parser (one frame), the frame + message
 * decoder pipeline on a stream, the BEP 10 extended handshake and the BEP 9 message. Without
 * {@code JAZZER_FUZZ} it replays the seeds in
 * {@code src/test/resources/org/peerwave/engine/wire/WireFuzzTestInputs/fuzz/}; the build's
 * {@code fuzz-wire} execution fuzzes it for a short while.
 *
 * <p>Properties: every parser either throws {@link PeerWireException} with a one-line message or
 * returns a value whose encoding parses back to an equal value; a parsed frame re-encodes to the
 * exact input (the wire format has one encoding per message); nothing leaks a buffer.
 */
class WireFuzzTest {

    private static final WireLimits LIMITS = WireLimits.DEFAULT.withMaxExtendedMessageSize(4096);
    private static final MessageParser PARSER = new MessageParser(LIMITS);

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"d", "e", "i", "1:m", "1:v", "1:p", "4:reqq", "6:yourip", "13:metadata_size",
        "11:ut_metadata", "8:msg_type", "5:piece", "10:total_size", "i0e", "i1e", "i2e", "\u0014", "\u0000\u0000\u0040\u0000"})
    void fuzz(byte @NotNull [] input) {
        frame(input);
        stream(input);
        handshake(input);
        extendedHandshake(input);
        utMetadata(input);
    }

    private static void frame(byte[] input) {
        PeerMessage m;
        try {
            m = PARSER.parse(Unpooled.wrappedBuffer(input));
        } catch (PeerWireException expected) {
            assertOneLine(expected);
            return;
        }
        try {
            ByteBuf encoded = MessageEncoder.encode(ByteBufAllocator.DEFAULT, m);
            try {
                assertThat(encoded.readInt()).isEqualTo(input.length);
                byte[] body = new byte[encoded.readableBytes()];
                encoded.readBytes(body);
                assertThat(body).isEqualTo(input);
            } finally {
                encoded.release();
            }
        } finally {
            ReferenceCountUtil.release(m);
        }
    }

    private static void stream(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(64), new MessageDecoder(LIMITS));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(input));
        } catch (DecoderException e) {
            assertThat(e).hasRootCauseInstanceOf(PeerWireException.class);
            assertThat(ch.isOpen()).isFalse();
        }
        Object o;
        while ((o = ch.readInbound()) != null) {
            assertThat(o).isInstanceOf(PeerMessage.class);
            ReferenceCountUtil.release(o);
        }
        ch.finishAndReleaseAll();
    }

    private static void handshake(byte[] input) {
        Handshake h;
        try {
            h = Handshake.parse(Unpooled.wrappedBuffer(input));
        } catch (PeerWireException expected) {
            assertOneLine(expected);
            return;
        }
        assertThat(h.toBytes()).isEqualTo(Arrays.copyOf(input, Handshake.LENGTH));
    }

    private static void extendedHandshake(byte[] input) {
        ExtendedHandshake h;
        try {
            h = ExtendedHandshake.decode(input, LIMITS);
        } catch (PeerWireException expected) {
            assertOneLine(expected);
            return;
        }
        byte[] encoded = h.encode();
        assertThat(ExtendedHandshake.decode(encoded, LIMITS.withMaxExtendedMessageSize(1 << 20))).isEqualTo(h);
    }

    private static void utMetadata(byte[] input) {
        Optional<UtMetadataMessage> m;
        try {
            m = UtMetadataMessage.decode(input, 1 << 20);
        } catch (PeerWireException expected) {
            assertOneLine(expected);
            return;
        }
        m.ifPresent(msg -> {
            byte[] encoded = UtMetadataMessage.encode(msg);
            assertThat(UtMetadataMessage.decode(encoded, 1 << 20)).contains(msg);
            if (msg instanceof UtMetadataMessage.Data d) {
                assertThat(Arrays.copyOfRange(input, input.length - d.data().length, input.length)).isEqualTo(d.data());
            }
        });
    }

    private static void assertOneLine(Exception e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
}
