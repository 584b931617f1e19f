package org.peerwave.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * {@link PeerMessage} → bytes with length prefix. A {@link PeerMessage.Piece} goes out as a 13-byte
 * header followed by its block without a copy (the block's reference passes to the transport).
 * Stateless and sharable; the exhaustive {@code switch} makes a new message a compile error here.
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToMessageEncoder<PeerMessage> {

    public MessageEncoder() {
        super(PeerMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, PeerMessage msg, List<Object> out) {
        if (msg instanceof PeerMessage.Piece piece) {
            ByteBuf header = ctx.alloc().buffer(13);
            header.writeInt(9 + piece.length()).writeByte(MessageId.PIECE.id())
                    .writeInt(piece.index()).writeInt(piece.begin());
            out.add(header);
            out.add(piece.data().retainedDuplicate());
            return;
        }
        out.add(encode(ctx.alloc(), msg));
    }

    /**
     * Encodes any message into one new buffer (a piece's block is copied; the piece is not released).
     */
    public static ByteBuf encode(ByteBufAllocator alloc, PeerMessage msg) {
        return switch (msg) {
            case PeerMessage.KeepAlive k -> alloc.buffer(4).writeInt(0);
            case PeerMessage.Choke c -> idOnly(alloc, c);
            case PeerMessage.Unchoke u -> idOnly(alloc, u);
            case PeerMessage.Interested i -> idOnly(alloc, i);
            case PeerMessage.NotInterested n -> idOnly(alloc, n);
            case PeerMessage.HaveAll a -> idOnly(alloc, a);
            case PeerMessage.HaveNone n -> idOnly(alloc, n);
            case PeerMessage.Have h -> withInt(alloc, h, h.index());
            case PeerMessage.Suggest s -> withInt(alloc, s, s.index());
            case PeerMessage.AllowedFast a -> withInt(alloc, a, a.index());
            case PeerMessage.Port p -> alloc.buffer(7).writeInt(3).writeByte(MessageId.PORT.id())
                    .writeShort(p.port());
            case PeerMessage.Request r -> block(alloc, r, r.index(), r.begin(), r.length());
            case PeerMessage.Cancel c -> block(alloc, c, c.index(), c.begin(), c.length());
            case PeerMessage.Reject r -> block(alloc, r, r.index(), r.begin(), r.length());
            case PeerMessage.Bitfield b -> alloc.buffer(5 + b.length()).writeInt(1 + b.length())
                    .writeByte(MessageId.BITFIELD.id()).writeBytes(b.bits());
            case PeerMessage.Piece p -> alloc.buffer(13 + p.length()).writeInt(9 + p.length())
                    .writeByte(MessageId.PIECE.id()).writeInt(p.index()).writeInt(p.begin())
                    .writeBytes(p.data(), p.data().readerIndex(), p.length());
            case PeerMessage.Extended e -> alloc.buffer(6 + e.length()).writeInt(2 + e.length())
                    .writeByte(MessageId.EXTENDED.id()).writeByte(e.extendedId()).writeBytes(e.payload());
        };
    }

    private static ByteBuf idOnly(ByteBufAllocator alloc, PeerMessage m) {
        return alloc.buffer(5).writeInt(1).writeByte(m.id().id());
    }

    private static ByteBuf withInt(ByteBufAllocator alloc, PeerMessage m, int value) {
        return alloc.buffer(9).writeInt(5).writeByte(m.id().id()).writeInt(value);
    }

    private static ByteBuf block(ByteBufAllocator alloc, PeerMessage m, int index, int begin, int length) {
        return alloc.buffer(17).writeInt(13).writeByte(m.id().id()).writeInt(index).writeInt(begin)
                .writeInt(length);
    }
}
