package org.peerwave.engine.session;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import org.peerwave.engine.metainfo.InfoHashes;
import org.peerwave.engine.metainfo.MetainfoException;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.wire.ExtendedHandshake;
import org.peerwave.engine.wire.ExtensionRegistry;
import org.peerwave.engine.wire.Handshake;
import org.peerwave.engine.wire.HandshakeHandler;
import org.peerwave.engine.wire.MetadataServer;
import org.peerwave.engine.wire.PeerMessage;
import org.peerwave.engine.wire.UtMetadataExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the info dictionary of a magnet link from explicit peers (BEP 9 over BEP 10): one
 * connection per peer that says have-none, sends the extended handshake and lets
 * {@link UtMetadataExtension} assemble and verify the metadata against the info hashes. The first
 * verified copy completes the future; every connection is then closed. v1 magnets only: a v2 or
 * hybrid torrent also needs its piece layers, which BEP 52 hash requests would fetch (not yet).
 */
final class MetadataFetch {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataFetch.class);

    private final Engine engine;
    private final InfoHashes hashes;
    private final CompletableFuture<TorrentMetainfo> result = new CompletableFuture<>();
    private final List<Channel> channels = new java.util.concurrent.CopyOnWriteArrayList<>();

    MetadataFetch(Engine engine, InfoHashes hashes) {
        this.engine = engine;
        this.hashes = hashes;
        result.whenComplete((m, e) -> channels.forEach(Channel::close));
    }

    CompletableFuture<TorrentMetainfo> start(List<InetSocketAddress> peers) {
        if (hashes.hasV2()) {
            result.completeExceptionally(new UnsupportedOperationException("v2 and hybrid magnet links also need"
                    + " the piece layers (BEP 52 hash requests): not yet supported; use the .torrent file instead"));
            return result;
        }
        if (peers.isEmpty()) {
            result.completeExceptionally(new IllegalArgumentException("no peers to fetch the metadata from"));
        }
        for (InetSocketAddress a : peers) {
            dial(a);
        }
        // a peer may drop us while its torrent is still starting: dial again every 2 s until done
        var retry = engine.nextLoop().scheduleAtFixedRate(() -> {
            for (InetSocketAddress a : peers) {
                if (!result.isDone() && channels.stream().noneMatch(c -> a.equals(c.remoteAddress()) && c.isActive())) {
                    dial(a);
                }
            }
        }, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
        result.whenComplete((m, e) -> retry.cancel(false));
        return result;
    }

    private void dial(InetSocketAddress address) {
        EngineSettings s = engine.settings();
        Handshake ours = Engine.handshake(hashes.wireBytes(), engine.peerId());
        Bootstrap b = new Bootstrap().group(engine.nextLoop()).channel(engine.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) s.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("handshake", HandshakeHandler.outbound(ours));
                        PeerConnection.addCodecs(ch.pipeline(), s.wireLimits());
                        ch.pipeline().addLast("fetch", new Handler());
                    }
                });
        ChannelFuture f = s.listenAddress().isAnyLocalAddress() ? b.connect(address)
                : b.connect(address, new InetSocketAddress(s.listenAddress(), 0));
        channels.add(f.channel());
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                channels.remove(cf.channel());
                LOG.debug("metadata: cannot connect to {}: {}", address, cf.cause().toString());
            }
        });
    }

    private void metadata(byte[] info) {
        ByteArrayOutputStream torrent = new ByteArrayOutputStream(info.length + 16);
        torrent.writeBytes("d4:info".getBytes(StandardCharsets.US_ASCII));
        torrent.writeBytes(info);
        torrent.write('e');
        try {
            result.complete(TorrentMetainfo.parse(torrent.toByteArray()));
        } catch (MetainfoException e) {
            result.completeExceptionally(e);
        }
    }

    /** One connection, used only for the metadata exchange; runs on its channel's loop. */
    private final class Handler extends ChannelInboundHandlerAdapter {
        private ExtensionRegistry.Connection extensions;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Handshake h) {
                    if (!h.supportsExtensionProtocol()) {
                        ctx.close();
                        return;
                    }
                    if (h.supportsFastExtension()) {
                        ctx.writeAndFlush(PeerMessage.HaveNone.INSTANCE);
                    }
                    ExtensionRegistry registry = ExtensionRegistry.of(UtMetadataExtension.factory(
                            () -> new MetadataServer(null), hashes, engine.settings().wireLimits(),
                            MetadataFetch.this::metadata));
                    Channel ch = ctx.channel();
                    extensions = registry.open(engine.settings().wireLimits(), ch::writeAndFlush, reason -> {
                        LOG.debug("metadata: closing {}: {}", ch, reason);
                        ch.close();
                    });
                    extensions.sendHandshake(ExtendedHandshake.of(Map.of()).withClient(PeerConnection.CLIENT_NAME));
                } else if (msg instanceof PeerMessage.Extended e && extensions != null) {
                    extensions.onMessage(e);
                }
            } catch (RuntimeException e) {
                LOG.debug("metadata: closing {}: {}", ctx.channel(), e.toString());
                ctx.close();
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            LOG.debug("metadata: {} closed", ctx.channel());
            if (extensions != null) {
                extensions.close();
            }
            channels.remove(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
