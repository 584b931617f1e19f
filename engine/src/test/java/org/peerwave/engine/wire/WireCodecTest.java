package org.peerwave.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerwave.engine.wire.WireTestSupport.decoderChannel;
import static org.peerwave.engine.wire.WireTestSupport.drainInbound;
import static org.peerwave.engine.wire.WireTestSupport.encode;
import static org.peerwave.engine.wire.WireTestSupport.feedByteByByte;
import static org.peerwave.engine.wire.WireTestSupport.golden;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Frame decoder, message decoder and encoder, bytes fed one at a time (house style). */
class WireCodecTest {

    static PeerMessage piece(int index, int begin, byte[] data) {
        return new PeerMessage.Piece(index, begin, Unpooled.wrappedBuffer(data));
    }

    /** Golden fixture name → the message it holds. */
    static Stream<Arguments> goldenMessages() {
        return Stream.of(
                Arguments.of("keep-alive", PeerMessage.KeepAlive.INSTANCE),
                Arguments.of("choke", PeerMessage.Choke.INSTANCE),
                Arguments.of("unchoke", PeerMessage.Unchoke.INSTANCE),
                Arguments.of("interested", PeerMessage.Interested.INSTANCE),
                Arguments.of("not-interested", PeerMessage.NotInterested.INSTANCE),
                Arguments.of("have", new PeerMessage.Have(0x01020304)),
                Arguments.of("bitfield", new PeerMessage.Bitfield(new byte[] {(byte) 0xFF, (byte) 0x80})),
                Arguments.of("request", new PeerMessage.Request(1, 16384, 16384)),
                Arguments.of("piece", piece(2, 16384, "hello".getBytes(StandardCharsets.US_ASCII))),
                Arguments.of("cancel", new PeerMessage.Cancel(1, 16384, 16384)),
                Arguments.of("port", new PeerMessage.Port(6881)),
                Arguments.of("suggest", new PeerMessage.Suggest(7)),
                Arguments.of("have-all", PeerMessage.HaveAll.INSTANCE),
                Arguments.of("have-none", PeerMessage.HaveNone.INSTANCE),
                Arguments.of("reject", new PeerMessage.Reject(1, 0, 16384)),
                Arguments.of("allowed-fast", new PeerMessage.AllowedFast(9)),
                Arguments.of("extended", new PeerMessage.Extended(3,
                        "d8:msg_typei0e5:piecei1ee".getBytes(StandardCharsets.US_ASCII))));
    }

    @Nested
    class Correct {

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.peerwave.engine.wire.WireCodecTest#goldenMessages")
        void goldenFixtureDecodesByteByByteAndEncodesBack(String name, PeerMessage expected) {
            byte[] fixture = golden(name);
            EmbeddedChannel ch = decoderChannel(WireLimits.DEFAULT);
            assertThat(feedByteByByte(ch, fixture)).isNull();
            List<Object> got = drainInbound(ch);
            assertThat(got).containsExactly(expected);
            assertThat(ch.isOpen()).isTrue();
            assertThat(HexFormat.of().formatHex(encode(expected))).isEqualTo(HexFormat.of().formatHex(fixture));
            got.forEach(ReferenceCountUtil::release);
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }

        @Test
        void everyMessageKindHasAFixture() {
            Set<MessageId> covered = EnumSet.noneOf(MessageId.class);
            goldenMessages().forEach(a -> covered.add(((PeerMessage) a.get()[1]).id()));
            assertThat(covered).containsExactlyInAnyOrder(MessageId.values());
        }

        @Test
        void roundTripsManyMessagesOfEveryKindInOneStreamByteByByte() {
            Random rnd = new Random(42);
            List<PeerMessage> messages = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int idx = rnd.nextInt(Integer.MAX_VALUE);
                int begin = rnd.nextInt(Integer.MAX_VALUE);
                int len = 1 + rnd.nextInt(WireLimits.BLOCK_SIZE);
                byte[] bytes = new byte[rnd.nextInt(300)];
                rnd.nextBytes(bytes);
                messages.addAll(List.of(PeerMessage.KeepAlive.INSTANCE, PeerMessage.Choke.INSTANCE,
                        PeerMessage.Unchoke.INSTANCE, PeerMessage.Interested.INSTANCE,
                        PeerMessage.NotInterested.INSTANCE, new PeerMessage.Have(idx), new PeerMessage.Bitfield(bytes),
                        new PeerMessage.Request(idx, begin, len), piece(idx, begin, bytes),
                        new PeerMessage.Cancel(idx, begin, len), new PeerMessage.Port(rnd.nextInt(65536)),
                        new PeerMessage.Suggest(idx), PeerMessage.HaveAll.INSTANCE, PeerMessage.HaveNone.INSTANCE,
                        new PeerMessage.Reject(idx, begin, len), new PeerMessage.AllowedFast(idx),
                        new PeerMessage.Extended(rnd.nextInt(256), bytes)));
            }
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            messages.forEach(m -> stream.writeBytes(encode(m)));
            EmbeddedChannel ch = decoderChannel(WireLimits.DEFAULT);
            assertThat(feedByteByByte(ch, stream.toByteArray())).isNull();
            List<Object> got = drainInbound(ch);
            assertThat(got).containsExactlyElementsOf(messages);
            got.forEach(ReferenceCountUtil::release);
            ch.finishAndReleaseAll();
        }

        @Test
        void aFullBlockPieceFitsTheDefaultLimitsAndIsASliceOfTheFrame() {
            byte[] block = new byte[WireLimits.BLOCK_SIZE];
            new Random(1).nextBytes(block);
            EmbeddedChannel ch = decoderChannel(WireLimits.DEFAULT.withMaxFrameSize(WireLimits.BLOCK_SIZE + 9));
            ch.writeInbound(Unpooled.wrappedBuffer(encode(piece(3, 0, block))));
            PeerMessage.Piece p = ch.readInbound();
            assertThat(p.length()).isEqualTo(block.length);
            assertThat(p.refCnt()).isEqualTo(1);
            assertThat(p).isEqualTo(piece(3, 0, block));
            assertThat(p.release()).isTrue();
            ch.finishAndReleaseAll();
        }

        @Test
        void encoderSendsAPieceBlockWithoutCopyingAndReleasesIt() {
            ByteBuf block = Unpooled.directBuffer(4).writeBytes(new byte[] {1, 2, 3, 4});
            EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
            ch.writeOutbound(new PeerMessage.Piece(5, 32, block));
            ByteBuf header = ch.readOutbound();
            ByteBuf body = ch.readOutbound();
            assertThat(HexFormat.of().formatHex(ByteBufUtilBytes.of(header))).isEqualTo("0000000d07" + "00000005" + "00000020");
            assertThat(body.unwrap() == block || body == block).as("the block itself, not a copy").isTrue();
            header.release();
            body.release();
            assertThat(block.refCnt()).as("the encoder released the message").isZero();
        }

        @Test
        void aPartialFrameWaitsForMoreBytes() {
            EmbeddedChannel ch = decoderChannel(WireLimits.DEFAULT);
            byte[] have = golden("have");
            ch.writeInbound(Unpooled.wrappedBuffer(have, 0, have.length - 1));
            assertThat((Object) ch.readInbound()).isNull();
            assertThat(ch.isOpen()).isTrue();
            ch.writeInbound(Unpooled.wrappedBuffer(have, have.length - 1, 1));
            assertThat((Object) ch.readInbound()).isEqualTo(new PeerMessage.Have(0x01020304));
        }
    }

    /** A frame whose payload is shorter than its message needs: the connection closes. */
    @Nested
    class Truncated {

        static Stream<Arguments> truncatedFrames() {
            return Stream.of(
                    Arguments.of("have with 3 bytes", "00000004" + "04" + "000000", "truncated HAVE"),
                    Arguments.of("request with 8 bytes", "00000009" + "06" + "00000001" + "00000000", "truncated REQUEST"),
                    Arguments.of("piece without begin", "00000005" + "07" + "00000001", "truncated piece"),
                    Arguments.of("port with 1 byte", "00000002" + "09" + "1a", "truncated PORT"),
                    Arguments.of("reject with 11 bytes", "0000000c" + "10" + "0000000100000000000040", "truncated REJECT"),
                    Arguments.of("extended without id", "00000001" + "14", "truncated extended"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("truncatedFrames")
        void closesTheConnection(String label, String hex, String message) {
            EmbeddedChannel ch = decoderChannel(WireLimits.DEFAULT);
            Throwable t = feedByteByByte(ch, HexFormat.of().parseHex(hex));
            assertThat(t).isNotNull().hasRootCauseInstanceOf(PeerWireException.class).rootCause().hasMessageContaining(message);
            assertThat(ch.isOpen()).isFalse();
            assertThat(drainInbound(ch)).isEmpty();
        }
    }

    /** Frames that are complete but wrong. */
    @Nested
    class Invalid {

        static Stream<Arguments> invalidFrames() {
            return Stream.of(
                    Arguments.of("unknown id 99", "00000001" + "63", "unknown message id 99"),
                    Arguments.of("unknown id 21 (v2 hash request, not yet)", "00000005" + "15" + "00000000", "unknown message id 21"),
                    Arguments.of("choke with a payload", "00000002" + "00" + "00", "CHOKE message with 1 payload bytes"),
                    Arguments.of("have with 5 bytes", "00000006" + "04" + "0000000000", "HAVE message with 5"),
                    Arguments.of("have of a negative index", "00000005" + "04" + "80000000", "piece index out of range: 2147483648"),
                    Arguments.of("request of 0 bytes", "0000000d" + "06" + "00000001" + "00000000" + "00000000", "request of 0 bytes"),
                    Arguments.of("request of 16 KiB + 1", "0000000d" + "06" + "00000001" + "00000000" + "00004001", "request of 16385 bytes, the limit is 16384"),
                    Arguments.of("request with a negative begin", "0000000d" + "06" + "00000001" + "ffffffff" + "00004000", "begin out of range"),
                    Arguments.of("cancel of 0 bytes", "0000000d" + "08" + "00000001" + "00000000" + "00000000", "block length"),
                    Arguments.of("piece of a negative index", "0000000a" + "07" + "ffffffff" + "00000000" + "aa", "piece index out of range"),
                    Arguments.of("have all with a payload", "00000002" + "0e" + "01", "HAVE_ALL message with 1"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidFrames")
        void closesTheConnectionWithAClearMessage(String label, String hex, String message) {
            EmbeddedChannel ch = decoderChannel(WireLimits.DEFAULT);
            Throwable t = feedByteByByte(ch, HexFormat.of().parseHex(hex));
            assertThat(t).isNotNull().hasRootCauseInstanceOf(PeerWireException.class).rootCause().hasMessageContaining(message);
            assertThat(ch.isOpen()).isFalse();
        }

        @Test
        void anExtendedMessageOverItsLimitClosesTheConnection() {
            WireLimits limits = WireLimits.DEFAULT.withMaxExtendedMessageSize(2048);
            EmbeddedChannel ch = decoderChannel(limits);
            byte[] ok = encode(new PeerMessage.Extended(1, new byte[2048]));
            ch.writeInbound(Unpooled.wrappedBuffer(ok));
            assertThat(((PeerMessage.Extended) ch.readInbound()).length()).isEqualTo(2048);
            Throwable t = feedByteByByte(ch, encode(new PeerMessage.Extended(1, new byte[2049])));
            assertThat(t).hasRootCauseInstanceOf(PeerWireException.class).rootCause()
                    .hasMessageContaining("extended message of 2049 bytes, the limit is 2048");
            assertThat(ch.isOpen()).isFalse();
        }
    }

    @Nested
    class Oversized {

        @Test
        void aFrameAboveTheLimitClosesTheConnectionAsSoonAsItsLengthIsKnown() {
            int max = WireLimits.BLOCK_SIZE + 9;
            EmbeddedChannel ch = decoderChannel(WireLimits.DEFAULT.withMaxFrameSize(max));
            ByteBuf header = Unpooled.buffer().writeInt(max + 1).writeByte(7);
            Throwable t = feedByteByByte(ch, ByteBufUtilBytes.of(header));
            assertThat(t).hasRootCauseInstanceOf(FrameDecoder.FrameTooLargeException.class).rootCause()
                    .hasMessage("frame of " + (max + 1) + " bytes, the limit is " + max);
            assertThat(ch.isOpen()).isFalse();
        }

        @Test
        void aFrameAtTheLimitPasses() {
            int max = WireLimits.BLOCK_SIZE + 9;
            EmbeddedChannel ch = decoderChannel(WireLimits.DEFAULT.withMaxFrameSize(max));
            ch.writeInbound(Unpooled.wrappedBuffer(encode(new PeerMessage.Bitfield(new byte[max - 1]))));
            assertThat(((PeerMessage.Bitfield) ch.readInbound()).length()).isEqualTo(max - 1);
            assertThat(ch.isOpen()).isTrue();
        }

        @Test
        void aLengthPrefixOfFourGibibytesIsRejectedNotOverflowed() {
            EmbeddedChannel ch = decoderChannel(WireLimits.DEFAULT);
            Throwable t = feedByteByByte(ch, HexFormat.of().parseHex("ffffffff"));
            assertThat(t).hasRootCauseInstanceOf(FrameDecoder.FrameTooLargeException.class).rootCause()
                    .hasMessageContaining("frame of 4294967295 bytes");
            assertThat(ch.isOpen()).isFalse();
        }
    }

    /** Reads a buffer's readable bytes (and releases it). */
    static final class ByteBufUtilBytes {
        static byte[] of(ByteBuf b) {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        }
    }
}
