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
 * Fetches the info dictionary of a magnet link (BEP 9 over BEP 10) from explicit peers, from the
 * peers the DHT finds (when on; a magnet without trackers resolves this way) and from the
 * peers the magnet's {@code tr} trackers list (each its own tier, as libtorrent does; announced with
 * {@code started} and a non-zero {@code left}, since the size is not known yet): one connection per
 * peer that says have-none, sends the extended handshake and lets {@link UtMetadataExtension}
 * assemble and verify the metadata against the info hashes. The first verified copy completes the
 * future; every connection is then closed. On success the trackers are left without a
 * {@code stopped} (the torrent's session announces {@code started} for the same peer id and port at
 * once; a {@code stopped} racing with it could drop us from the swarm); on failure they get one. v1 magnets only: a v2 or
 * hybrid torrent also needs its piece layers, which BEP 52 hash requests would fetch (not yet).
 */
final class MetadataFetch {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataFetch.class);

    private final Engine engine;
    private final InfoHashes hashes;
    private final CompletableFuture<TorrentMetainfo> result = new CompletableFuture<>();
    private final List<Channel> channels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> trackerUrls;
    private final TorrentTrackers trackers;
    /** Explicit peers and tracker peers, dialled again every 2 s until done (capped by maxKnownPeers). */
    private final java.util.Set<InetSocketAddress> peers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Stands in for the unknown size in announces: trackers count {@code left=0} as a seeder. */
    static final long UNKNOWN_LEFT = 16 * 1024;

    MetadataFetch(Engine engine, InfoHashes hashes, List<String> trackerUrls) {
        this.engine = engine;
        this.hashes = hashes;
        this.trackerUrls = List.copyOf(trackerUrls);
        this.trackers = new TorrentTrackers(engine, hashes, trackerUrls.stream().map(List::of).toList(),
                this::addPeers);
        trackers.update(0, 0, UNKNOWN_LEFT);
        result.whenComplete((m, e) -> channels.forEach(Channel::close));
        result.whenComplete((m, e) -> {
            if (e == null) {
                trackers.abandon();
            } else {
                trackers.stop();
            }
        });
    }

    /** The refusal of v2 and hybrid magnets, or null for a v1 one. */
    static UnsupportedOperationException unsupported(InfoHashes hashes) {
        return hashes.hasV2() ? new UnsupportedOperationException("v2 and hybrid magnet links also need"
                + " the piece layers (BEP 52 hash requests): not yet supported; use the .torrent file instead") : null;
    }

    /** Asks {@code explicit} and the trackers' peers; fails at once when there are neither. */
    CompletableFuture<TorrentMetainfo> start(List<InetSocketAddress> explicit) {
        boolean announces = !trackerUrls.isEmpty() && engine.trackerClient() != null;
        if (explicit.isEmpty() && !announces && engine.dht() == null && unsupported(hashes) == null) {
            result.completeExceptionally(new IllegalArgumentException(trackerUrls.isEmpty()
                    ? "no peers to fetch the metadata from (the magnet link has no trackers)"
                    : "no peers to fetch the metadata from (trackers are off)"));
            return result;
        }
        return startOpen(explicit);
    }

    /**
     * Asks {@code explicit}, the trackers' peers and every peer given later to {@link #addPeer}; waits
     * for peers when there are none yet (a magnet added to the engine).
     */
    CompletableFuture<TorrentMetainfo> startOpen(List<InetSocketAddress> explicit) {
        UnsupportedOperationException refused = unsupported(hashes);
        if (refused != null) {
            result.completeExceptionally(refused);
            return result;
        }
        addPeers(explicit);
        var loop = engine.nextLoop();
        loop.execute(trackers::start);
        if (engine.dht() != null) {
            // look up only (port 0): inbound connections are refused until the metadata is here
            AutoCloseable lookup = engine.dht().track(hashes.wireBytes(), 0, found -> addPeers(found.stream()
                    .filter(a -> !engine.isOwnAddress(a)).toList()));
            result.whenComplete((m, e) -> {
                try {
                    lookup.close();
                } catch (Exception ignored) {
                    // closing a lookup does not fail
                }
            });
        }
        // a peer may drop us while its torrent is still starting: dial again every 2 s until done
        var retry = loop.scheduleAtFixedRate(() -> {
            if (result.isDone()) {
                return;
            }
            trackers.poll();
            for (InetSocketAddress a : peers) {
                if (channels.stream().noneMatch(c -> a.equals(c.remoteAddress()) && c.isActive())) {
                    dial(a);
                }
            }
        }, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
        result.whenComplete((m, e) -> retry.cancel(false));
        return result;
    }

    /** Explicit peers and peers from trackers (on a tracker client's thread): dialled now. */
    private void addPeers(List<InetSocketAddress> found) {
        for (InetSocketAddress a : found) {
            if (result.isDone() || (peers.size() >= engine.settings().maxKnownPeers() && !peers.contains(a))) {
                return;
            }
            if (peers.add(a)) {
                dial(a);
            }
        }
    }

    /** Another peer to ask (dialled now unless already known or done). Any thread. */
    void addPeer(InetSocketAddress address) {
        addPeers(List.of(address));
    }

    /** Stops: closes every connection; the future fails with a {@link java.util.concurrent.CancellationException}. */
    void cancel() {
        result.cancel(false);
    }

    /** Connections open or being opened now. */
    int connections() {
        return channels.size();
    }

    /** The trackers' rows while the metadata is fetched (tests). */
    List<TrackerStatus> trackerStatuses() {
        return trackers.statuses();
    }

    private void dial(InetSocketAddress address) {
        if (result.isDone() || channels.size() >= engine.settings().maxConnectionsPerTorrent()) {
            return; // the retry timer dials it once a connection slot is free
        }
        EngineSettings s = engine.settings();
        Handshake ours = Engine.handshake(hashes.wireBytes(), engine.peerId(), engine.dht() != null);
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
        torrent.write('d');
        if (!trackerUrls.isEmpty()) {
            // the magnet's trackers become the torrent's, one tier each (keys in bencode order)
            torrent.writeBytes("13:announce-listl".getBytes(StandardCharsets.US_ASCII));
            for (String url : trackerUrls) {
                byte[] u = url.getBytes(StandardCharsets.UTF_8);
                torrent.writeBytes(("l" + u.length + ":").getBytes(StandardCharsets.US_ASCII));
                torrent.writeBytes(u);
                torrent.write('e');
            }
            torrent.write('e');
        }
        torrent.writeBytes("4:info".getBytes(StandardCharsets.US_ASCII));
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
