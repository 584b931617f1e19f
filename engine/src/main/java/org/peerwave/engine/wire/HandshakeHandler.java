package org.peerwave.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads exactly the 68-byte handshake, fires it down the pipeline as a {@link Handshake} message, and
 * removes itself; bytes that arrived after it go on to the next handler (the {@link FrameDecoder}).
 *
 * <ul>
 *   <li>Outbound ({@link #outbound}): sends our handshake when the channel becomes active and closes
 *       the channel if the remote info hash differs from ours.</li>
 *   <li>Inbound ({@link #inbound}): after 48 bytes asks the {@link InfoHashRouter}; sends the
 *       handshake it returns, or closes the channel when it returns none.</li>
 * </ul>
 * A wrong protocol string closes the channel as soon as the first wrong byte is seen. Not sharable.
 */
public final class HandshakeHandler extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

    private final Handshake ours;
    private final InfoHashRouter router;
    private boolean routed;
    private boolean failed;
    private boolean sent;

    private HandshakeHandler(Handshake ours, InfoHashRouter router) {
        this.ours = ours;
        this.router = router;
    }

    /** For a connection we open: sends {@code ours} on connect, expects the same info hash back. */
    public static HandshakeHandler outbound(Handshake ours) {
        return new HandshakeHandler(ours, null);
    }

    /** For a connection we accept: the router picks the torrent and our answer. */
    public static HandshakeHandler inbound(InfoHashRouter router) {
        return new HandshakeHandler(null, router);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            sendOurs(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sendOurs(ctx);
        super.channelActive(ctx);
    }

    private void sendOurs(ChannelHandlerContext ctx) {
        if (ours != null && !sent) {
            sent = true;
            ctx.writeAndFlush(ours.writeTo(ctx.alloc().buffer(Handshake.LENGTH)));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            Handshake.checkProtocol(in);
            if (router != null && !routed && in.readableBytes() >= Handshake.PREFIX_WITH_INFO_HASH) {
                routed = true;
                byte[] reserved = new byte[8];
                byte[] infoHash = new byte[20];
                in.getBytes(in.readerIndex() + 20, reserved).getBytes(in.readerIndex() + 28, infoHash);
                Optional<Handshake> answer;
                try {
                    answer = router.route(infoHash, reserved);
                } catch (RuntimeException e) {
                    LOG.warn("info hash router failed for {}", ctx.channel(), e);
                    throw new PeerWireException("info hash router failed: " + e);
                }
                if (answer.isEmpty()) {
                    throw new PeerWireException("no torrent with info hash " + HexFormat.of().formatHex(infoHash));
                }
                ctx.writeAndFlush(answer.get().writeTo(ctx.alloc().buffer(Handshake.LENGTH)));
            }
            if (in.readableBytes() < Handshake.LENGTH) {
                return;
            }
            Handshake theirs = Handshake.parse(in);
            in.skipBytes(Handshake.LENGTH);
            if (ours != null && !theirs.hasInfoHash(ours.infoHash())) {
                throw new PeerWireException("peer answered with another info hash "
                        + HexFormat.of().formatHex(theirs.infoHash()));
            }
            out.add(theirs);
            ctx.pipeline().remove(this);
        } catch (PeerWireException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            LOG.debug("closing {}: {}", ctx.channel(), e.getMessage());
            ctx.close();
            throw e;
        }
    }
}
