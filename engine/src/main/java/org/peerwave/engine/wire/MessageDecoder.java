package org.peerwave.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frame → {@link PeerMessage}, delegating to {@link MessageParser}. Stateless and sharable. An
 * invalid frame closes the channel and propagates the {@link PeerWireException} (wrapped in a
 * Netty {@code DecoderException}) to {@code exceptionCaught}.
 */
@ChannelHandler.Sharable
public final class MessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDecoder.class);

    private final MessageParser parser;

    public MessageDecoder(WireLimits limits) {
        super(ByteBuf.class);
        this.parser = new MessageParser(limits);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        try {
            out.add(parser.parse(frame));
        } catch (PeerWireException e) {
            LOG.debug("closing {}: {}", ctx.channel(), e.getMessage());
            ctx.close();
            throw e;
        }
    }
}
