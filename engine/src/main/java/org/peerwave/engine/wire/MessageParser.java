package org.peerwave.engine.wire;

import io.netty.buffer.ByteBuf;

/**
 * Turns one frame (the bytes after the 4-byte length prefix) into a {@link PeerMessage}. Stateless
 * and thread-safe; the Netty {@link MessageDecoder} and the fuzz target both call it.
 */
public final class MessageParser {

    private final WireLimits limits;

    public MessageParser(WireLimits limits) {
        this.limits = limits;
    }

    public WireLimits limits() {
        return limits;
    }

    /**
     * Parses a whole frame. A {@link PeerMessage.Piece} shares the frame's memory through a retained
     * slice (the caller still releases the frame itself).
     *
     * @throws PeerWireException for an unknown id, a wrong length, a truncated payload, an
     *                           over-limit request or extended message, or an invalid field
     */
    public PeerMessage parse(ByteBuf frame) {
        int length = frame.readableBytes();
        if (length == 0) {
            return PeerMessage.KeepAlive.INSTANCE;
        }
        int start = frame.readerIndex();
        int rawId = frame.getUnsignedByte(start);
        MessageId id = MessageId.of(rawId);
        if (id == null) {
            throw new PeerWireException("unknown message id " + rawId + " (frame of " + length + " bytes)");
        }
        int payload = length - 1;
        int p = start + 1;
        try {
            return switch (id) {
                case KEEP_ALIVE -> throw new AssertionError("keep-alive has no id");
                case CHOKE -> fixed(id, payload, 0, PeerMessage.Choke.INSTANCE);
                case UNCHOKE -> fixed(id, payload, 0, PeerMessage.Unchoke.INSTANCE);
                case INTERESTED -> fixed(id, payload, 0, PeerMessage.Interested.INSTANCE);
                case NOT_INTERESTED -> fixed(id, payload, 0, PeerMessage.NotInterested.INSTANCE);
                case HAVE_ALL -> fixed(id, payload, 0, PeerMessage.HaveAll.INSTANCE);
                case HAVE_NONE -> fixed(id, payload, 0, PeerMessage.HaveNone.INSTANCE);
                case HAVE -> {
                    expect(id, payload, 4);
                    yield new PeerMessage.Have(frame.getInt(p));
                }
                case SUGGEST -> {
                    expect(id, payload, 4);
                    yield new PeerMessage.Suggest(frame.getInt(p));
                }
                case ALLOWED_FAST -> {
                    expect(id, payload, 4);
                    yield new PeerMessage.AllowedFast(frame.getInt(p));
                }
                case PORT -> {
                    expect(id, payload, 2);
                    yield new PeerMessage.Port(frame.getUnsignedShort(p));
                }
                case REQUEST -> {
                    expect(id, payload, 12);
                    int len = frame.getInt(p + 8);
                    if (len < 1 || len > limits.maxRequestLength()) {
                        throw new PeerWireException("request of " + Integer.toUnsignedString(len)
                                + " bytes, the limit is " + limits.maxRequestLength());
                    }
                    yield new PeerMessage.Request(frame.getInt(p), frame.getInt(p + 4), len);
                }
                case CANCEL -> {
                    expect(id, payload, 12);
                    yield new PeerMessage.Cancel(frame.getInt(p), frame.getInt(p + 4), frame.getInt(p + 8));
                }
                case REJECT -> {
                    expect(id, payload, 12);
                    yield new PeerMessage.Reject(frame.getInt(p), frame.getInt(p + 4), frame.getInt(p + 8));
                }
                case BITFIELD -> {
                    byte[] bits = new byte[payload];
                    frame.getBytes(p, bits);
                    yield new PeerMessage.Bitfield(bits);
                }
                case PIECE -> {
                    if (payload < 8) {
                        throw new PeerWireException("truncated piece message: " + payload + " bytes, at least 8");
                    }
                    int index = frame.getInt(p);
                    int begin = frame.getInt(p + 4);
                    if (payload - 8 > PeerMessage.Request.MAX_LENGTH) {
                        throw new PeerWireException("piece block of " + (payload - 8) + " bytes, more than "
                                + PeerMessage.Request.MAX_LENGTH);
                    }
                    // validate before taking the slice so nothing leaks on error
                    if (index < 0) {
                        throw new PeerWireException("piece index out of range: " + Integer.toUnsignedString(index));
                    }
                    if (begin < 0) {
                        throw new PeerWireException("piece begin out of range: " + Integer.toUnsignedString(begin));
                    }
                    yield new PeerMessage.Piece(index, begin, frame.retainedSlice(p + 8, payload - 8));
                }
                case EXTENDED -> {
                    if (payload < 1) {
                        throw new PeerWireException("truncated extended message: no extended id");
                    }
                    if (payload - 1 > limits.maxExtendedMessageSize()) {
                        throw new PeerWireException("extended message of " + (payload - 1)
                                + " bytes, the limit is " + limits.maxExtendedMessageSize());
                    }
                    byte[] body = new byte[payload - 1];
                    frame.getBytes(p + 1, body);
                    yield new PeerMessage.Extended(frame.getUnsignedByte(p), body);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new PeerWireException("invalid " + id + " message: " + e.getMessage());
        }
    }

    private static PeerMessage fixed(MessageId id, int payload, int expected, PeerMessage m) {
        expect(id, payload, expected);
        return m;
    }

    private static void expect(MessageId id, int payload, int expected) {
        if (payload < expected) {
            throw new PeerWireException("truncated " + id + " message: " + payload + " payload bytes, expected "
                    + expected);
        }
        if (payload > expected) {
            throw new PeerWireException(id + " message with " + payload + " payload bytes, expected " + expected);
        }
    }
}
