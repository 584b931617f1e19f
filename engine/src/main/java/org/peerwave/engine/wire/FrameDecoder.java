package org.peerwave.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream after the handshake into frames: a 4-byte big-endian length, then that many
 * bytes. Emits each frame's body as a retained slice ({@code Unpooled.EMPTY_BUFFER} for a
 * keep-alive). A length above {@code maxFrameSize} closes the connection at once, before any of its
 * body is buffered. Not sharable: one per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    private final int maxFrameSize;
    private boolean failed;

    public FrameDecoder(int maxFrameSize) {
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("maxFrameSize must be positive, not " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length > maxFrameSize) {
            failed = true;
            in.skipBytes(in.readableBytes());
            LOG.debug("closing {}: frame of {} bytes, the limit is {}", ctx.channel(), length, maxFrameSize);
            ctx.close();
            throw new FrameTooLargeException(length, maxFrameSize);
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        if (length == 0) {
            out.add(Unpooled.EMPTY_BUFFER);
        } else {
            out.add(in.readRetainedSlice((int) length));
        }
    }

    /** A frame whose length prefix is above the limit. */
    public static final class FrameTooLargeException extends PeerWireException {
        private static final long serialVersionUID = 1L;

        public FrameTooLargeException(long length, int max) {
            super("frame of " + length + " bytes, the limit is " + max);
        }
    }
}
