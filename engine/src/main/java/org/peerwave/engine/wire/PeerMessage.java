package org.peerwave.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A peer-wire message after the handshake: BEP 3, BEP 6 (fast extension) and BEP 10 (extended).
 * Field checks live in the compact constructors and throw {@link IllegalArgumentException}.
 *
 * <p><b>Reference counting.</b> Only {@link Piece} holds a Netty {@link ByteBuf} (its block, so a
 * block goes from the socket to the disk, or from the disk to the socket, without a copy). A
 * {@code Piece} is {@link ReferenceCounted} and delegates to its block: whoever receives one from
 * the decoder owns it and must {@code release()} it (Netty's tail handler does so for messages
 * that reach it); writing one to a channel hands ownership to the encoder, which releases it.
 * Every other message is plain immutable data.
 */
public sealed interface PeerMessage {

    MessageId id();

    /** Zero-length message that keeps the connection open. */
    record KeepAlive() implements PeerMessage {
        public static final KeepAlive INSTANCE = new KeepAlive();

        public MessageId id() {
            return MessageId.KEEP_ALIVE;
        }
    }

    record Choke() implements PeerMessage {
        public static final Choke INSTANCE = new Choke();

        public MessageId id() {
            return MessageId.CHOKE;
        }
    }

    record Unchoke() implements PeerMessage {
        public static final Unchoke INSTANCE = new Unchoke();

        public MessageId id() {
            return MessageId.UNCHOKE;
        }
    }

    record Interested() implements PeerMessage {
        public static final Interested INSTANCE = new Interested();

        public MessageId id() {
            return MessageId.INTERESTED;
        }
    }

    record NotInterested() implements PeerMessage {
        public static final NotInterested INSTANCE = new NotInterested();

        public MessageId id() {
            return MessageId.NOT_INTERESTED;
        }
    }

    /** The sender has verified piece {@code index}. */
    record Have(int index) implements PeerMessage {
        public Have {
            requireIndex(index);
        }

        public MessageId id() {
            return MessageId.HAVE;
        }
    }

    /**
     * The sender's pieces, high bit of the first byte = piece 0. Its length against the piece count
     * is checked by the session with {@link Bitfields#validate(byte[], int)} (only it knows the count).
     * The array is copied in and out.
     */
    record Bitfield(byte[] bits) implements PeerMessage {
        public Bitfield {
            bits = bits.clone();
        }

        @Override
        public byte[] bits() {
            return bits.clone();
        }

        /** Number of bytes, without a copy. */
        public int length() {
            return bits.length;
        }

        /** True when bit {@code index} is set (false past the end). */
        public boolean has(int index) {
            return Bitfields.has(bits, index);
        }

        public MessageId id() {
            return MessageId.BITFIELD;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bitfield b && Arrays.equals(bits, b.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "Bitfield[" + bits.length + " bytes]";
        }
    }

    /** A request for {@code length} bytes at {@code begin} in piece {@code index}. */
    record Request(int index, int begin, int length) implements PeerMessage {
        /** BEP 3: "All current implementations close connections which request an amount greater than 2^17". */
        public static final int MAX_LENGTH = 128 * 1024;

        public Request {
            requireBlock(index, begin, length);
        }

        public MessageId id() {
            return MessageId.REQUEST;
        }
    }

    /**
     * A block of piece {@code index} at {@code begin}. Owns one reference to {@code data}: see the
     * interface documentation. {@code equals} compares the readable bytes.
     */
    record Piece(int index, int begin, ByteBuf data) implements PeerMessage, ReferenceCounted {
        public Piece {
            requireIndex(index);
            if (begin < 0) {
                throw new IllegalArgumentException("negative begin " + begin);
            }
            Objects.requireNonNull(data, "data");
        }

        /** Length of the block in bytes. */
        public int length() {
            return data.readableBytes();
        }

        public MessageId id() {
            return MessageId.PIECE;
        }

        @Override
        public int refCnt() {
            return data.refCnt();
        }

        @Override
        public Piece retain() {
            data.retain();
            return this;
        }

        @Override
        public Piece retain(int increment) {
            data.retain(increment);
            return this;
        }

        @Override
        public Piece touch() {
            data.touch();
            return this;
        }

        @Override
        public Piece touch(Object hint) {
            data.touch(hint);
            return this;
        }

        @Override
        public boolean release() {
            return data.release();
        }

        @Override
        public boolean release(int decrement) {
            return data.release(decrement);
        }

        @Override
        public String toString() {
            return "Piece[index=" + index + ", begin=" + begin + ", length=" + data.readableBytes() + "]";
        }
    }

    record Cancel(int index, int begin, int length) implements PeerMessage {
        public Cancel {
            requireBlock(index, begin, length);
        }

        public MessageId id() {
            return MessageId.CANCEL;
        }
    }

    /** The sender's DHT port (BEP 5). */
    record Port(int port) implements PeerMessage {
        public Port {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        public MessageId id() {
            return MessageId.PORT;
        }
    }

    /** BEP 6: the sender suggests downloading piece {@code index}. */
    record Suggest(int index) implements PeerMessage {
        public Suggest {
            requireIndex(index);
        }

        public MessageId id() {
            return MessageId.SUGGEST;
        }
    }

    /** BEP 6: the sender has every piece (instead of a bitfield). */
    record HaveAll() implements PeerMessage {
        public static final HaveAll INSTANCE = new HaveAll();

        public MessageId id() {
            return MessageId.HAVE_ALL;
        }
    }

    /** BEP 6: the sender has no piece (instead of a bitfield). */
    record HaveNone() implements PeerMessage {
        public static final HaveNone INSTANCE = new HaveNone();

        public MessageId id() {
            return MessageId.HAVE_NONE;
        }
    }

    /** BEP 6: the sender will not serve this request. */
    record Reject(int index, int begin, int length) implements PeerMessage {
        public Reject {
            requireBlock(index, begin, length);
        }

        public MessageId id() {
            return MessageId.REJECT;
        }
    }

    /** BEP 6: the receiver may request piece {@code index} even while choked. */
    record AllowedFast(int index) implements PeerMessage {
        public AllowedFast {
            requireIndex(index);
        }

        public MessageId id() {
            return MessageId.ALLOWED_FAST;
        }
    }

    /**
     * BEP 10: extended message {@code extendedId} (0 = extended handshake, otherwise an id the
     * receiver assigned in its {@code m} dictionary) with its raw payload. The array is copied.
     */
    record Extended(int extendedId, byte[] payload) implements PeerMessage {
        public Extended {
            if (extendedId < 0 || extendedId > 255) {
                throw new IllegalArgumentException("extended message id out of range: " + extendedId);
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** Length of the payload without a copy. */
        public int length() {
            return payload.length;
        }

        public MessageId id() {
            return MessageId.EXTENDED;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extended e && extendedId == e.extendedId && Arrays.equals(payload, e.payload);
        }

        @Override
        public int hashCode() {
            return 31 * extendedId + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Extended[id=" + extendedId + ", " + payload.length + " bytes"
                    + (payload.length <= 64 ? ": " + HexFormat.of().formatHex(payload) : "") + "]";
        }
    }

    private static void requireIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("piece index out of range: " + Integer.toUnsignedString(index));
        }
    }

    private static void requireBlock(int index, int begin, int length) {
        requireIndex(index);
        if (begin < 0) {
            throw new IllegalArgumentException("begin out of range: " + Integer.toUnsignedString(begin));
        }
        if (length < 1 || length > Request.MAX_LENGTH) {
            throw new IllegalArgumentException("block length must be 1.." + Request.MAX_LENGTH + ", not "
                    + Integer.toUnsignedString(length));
        }
    }
}
