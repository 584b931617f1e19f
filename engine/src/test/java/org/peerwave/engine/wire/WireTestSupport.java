package org.peerwave.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import io.netty.util.ReferenceCountUtil;

/** Helpers for the wire codec tests. */
final class WireTestSupport {

    private WireTestSupport() {
    }

    static byte[] golden(String name) {
        try (InputStream in = WireTestSupport.class.getResourceAsStream("golden/" + name + ".bin")) {
            if (in == null) {
                throw new IllegalStateException("missing golden fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static EmbeddedChannel decoderChannel(WireLimits limits) {
        return new EmbeddedChannel(new FrameDecoder(limits.maxFrameSize()), new MessageDecoder(limits));
    }

    /**
     * Writes the bytes one at a time; returns the first exception the pipeline raised (the rest is
     * not written then), or null.
     */
    static Throwable feedByteByByte(EmbeddedChannel ch, byte[] bytes) {
        for (byte b : bytes) {
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            } catch (Throwable t) {
                return t;
            }
            if (!ch.isOpen()) {
                return null;
            }
        }
        return null;
    }

    static List<Object> drainInbound(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    /** All outbound bytes, concatenated, buffers released. */
    static byte[] drainOutbound(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            all.writeBytes((ByteBuf) o);
            ReferenceCountUtil.release(o);
        }
        byte[] b = new byte[all.readableBytes()];
        all.readBytes(b);
        return b;
    }

    static byte[] encode(PeerMessage m) {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
        if (m instanceof PeerMessage.Piece p) {
            p.retain(); // the encoder releases what it writes; the caller keeps its reference
        }
        ch.writeOutbound(m);
        byte[] b = drainOutbound(ch);
        ch.finishAndReleaseAll();
        return b;
    }
}
