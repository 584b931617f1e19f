package org.peerwave.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerwave.engine.metainfo.InfoHash;
import org.peerwave.engine.metainfo.InfoHashes;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.ExternalTool;

/**
 * Our codecs against a real peer: a libtorrent 2.0 seeder (Debian python3-libtorrent, run by
 * {@code tools/lt_peer.py}) on 127.0.0.2. A minimal Netty client made of our handlers fetches the
 * metadata with ut_metadata knowing only the info hash, then downloads blocks of two pieces; and
 * libtorrent dials a Netty server of ours that routes its handshake by info hash.
 */
@Timeout(180)
class LibtorrentPeerWireTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    /** One running libtorrent seeder. */
    record Seeder(String mode, Process process, Writer stdin, int port, InfoHashes infoHashes, Path torrentFile,
                  Path payload) {
    }

    static final Map<String, Seeder> SEEDERS = new java.util.concurrent.ConcurrentHashMap<>();
    static EventLoopGroup group;

    @BeforeAll
    static void startSeeders() throws Exception {
        ExternalTool.require(PYTHON, "python3-libtorrent");
        Path tool = ExternalTool.resource("tools/lt_peer.py", work);
        // start all three at once; each writes its own 4 MiB tree and hashes it
        Map<String, Process> started = new java.util.LinkedHashMap<>();
        for (String mode : List.of("v1", "v2", "hybrid")) {
            Path data = Files.createDirectories(work.resolve("seed-" + mode));
            Process p = new ProcessBuilder(PYTHON, tool.toString(), data.toString(), "127.0.0.2", mode)
                    .redirectError(work.resolve("lt_peer-" + mode + ".log").toFile())
                    .start();
            started.put(mode, p);
            SEEDERS.put(mode, new Seeder(mode, p, null, 0, null, null, null));
        }
        for (Map.Entry<String, Process> e : started.entrySet()) {
            Process p = e.getValue();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            String ready = line.get(90, TimeUnit.SECONDS);
            assertThat(ready).as("libtorrent seeder output; log: %s", log(e.getKey())).isNotNull();
            JsonNode json = JSON.readTree(ready);
            InfoHash v1 = json.get("v1").isNull() ? null : InfoHash.fromHex(json.get("v1").asText());
            InfoHash v2 = json.get("v2").isNull() ? null : InfoHash.fromHex(json.get("v2").asText());
            Path torrent = Path.of(json.get("torrent").asText());
            SEEDERS.put(e.getKey(), new Seeder(e.getKey(), p,
                    new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), json.get("port").asInt(),
                    new InfoHashes(v1, v2), torrent, torrent.resolveSibling("payload")));
        }
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() throws Exception {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        for (Seeder s : SEEDERS.values()) {
            s.process().destroy();
            if (!s.process().waitFor(5, TimeUnit.SECONDS)) {
                s.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static String log(String mode) {
        try {
            return Files.readString(work.resolve("lt_peer-" + mode + ".log"));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    /** Puts every inbound message on a queue for the test thread. */
    static final class Collector extends SimpleChannelInboundHandler<Object> {
        final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        final String mode;

        Collector(String mode) {
            super(false);
            this.mode = mode;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            queue.add(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            queue.add(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            queue.add("closed");
        }

        Object next() throws InterruptedException {
            Object o = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(o).as("a message within %s; libtorrent log:\n%s", WAIT, log(mode)).isNotNull();
            assertThat(o).as("connection state; libtorrent log:\n%s", log(mode)).isNotInstanceOf(Throwable.class)
                    .isNotEqualTo("closed");
            return o;
        }
    }

    static void addCodecs(SocketChannel ch, io.netty.channel.ChannelHandler handshake, WireLimits limits,
                          Collector collector) {
        ch.pipeline().addLast("handshake", handshake)
                .addLast("frames", new FrameDecoder(limits.maxFrameSize()))
                .addLast("messages", new MessageDecoder(limits))
                .addLast("encoder", new MessageEncoder())
                .addLast("collector", collector);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2", "hybrid"})
    void fetchesMetadataFromTheInfoHashAloneThenDownloadsTwoPieces(String mode) throws Exception {
        Seeder seeder = SEEDERS.get(mode);
        InfoHashes hashes = seeder.infoHashes();
        byte[] wire = hashes.wireBytes();
        WireLimits limits = WireLimits.DEFAULT;
        byte[] ourId = PeerId.generate();
        Handshake ours = Handshake.of(wire, ourId, true, true, false);
        Collector collector = new Collector(mode);
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        addCodecs(c, HandshakeHandler.outbound(ours), limits, collector);
                    }
                })
                .connect(new InetSocketAddress("127.0.0.2", seeder.port())).sync().channel();
        try {
            Handshake theirs = (Handshake) collector.next();
            assertThat(theirs.hasInfoHash(wire)).isTrue();
            assertThat(theirs.supportsExtensionProtocol()).isTrue();
            assertThat(theirs.supportsFastExtension()).isTrue();
            assertThat(PeerId.clientName(theirs.peerId())).get().asString().startsWith("libtorrent");
            assertThat(ch.pipeline().get("handshake")).as("handshake handler removed itself").isNull();

            AtomicReference<byte[]> metadata = new AtomicReference<>();
            ExtensionRegistry registry = ExtensionRegistry.of(UtMetadataExtension.factory(
                    () -> new MetadataServer(null), hashes, limits, metadata::set));
            ExtensionRegistry.Connection ext = registry.open(limits, ch::writeAndFlush, reason -> ch.close());
            ext.sendHandshake(ExtendedHandshake.of(Map.of()).withClient("Peerwave test").withRequestQueue(250));
            ch.writeAndFlush(PeerMessage.HaveNone.INSTANCE);

            boolean haveAll = false;
            while (metadata.get() == null) {
                Object msg = collector.next();
                if (msg instanceof PeerMessage.Extended e) {
                    ext.onMessage(e);
                } else if (msg instanceof PeerMessage.HaveAll || msg instanceof PeerMessage.Bitfield) {
                    haveAll = true;
                }
                ReferenceCountUtil.release(msg);
            }
            ExtendedHandshake remote = ext.remoteHandshake();
            assertThat(remote.client()).contains("libtorrent");
            assertThat(remote.idOf("ut_metadata")).isPositive();
            assertThat(remote.metadataSize()).isEqualTo(metadata.get().length).isGreaterThan(16 * 1024);

            byte[] info = metadata.get();
            if (hashes.hasV1()) {
                assertThat(MessageDigest.getInstance("SHA-1").digest(info)).isEqualTo(hashes.v1().bytes());
            }
            if (hashes.hasV2()) {
                assertThat(MessageDigest.getInstance("SHA-256").digest(info)).isEqualTo(hashes.v2().bytes());
            }
            byte[] torrent = concat("d4:info".getBytes(StandardCharsets.US_ASCII), info, new byte[] {'e'});
            TorrentMetainfo meta = TorrentMetainfo.parse(torrent);
            assertThat(meta.infoHashes()).isEqualTo(hashes);
            assertThat(meta.infoBytes()).isEqualTo(info);
            assertThat(meta.contentFiles()).hasSize(240);
            assertThat(TorrentMetainfo.parse(Files.readAllBytes(seeder.torrentFile())).infoHashes())
                    .isEqualTo(meta.infoHashes());

            ch.writeAndFlush(PeerMessage.Interested.INSTANCE);
            while (true) {
                Object msg = collector.next();
                ReferenceCountUtil.release(msg);
                if (msg instanceof PeerMessage.HaveAll || msg instanceof PeerMessage.Bitfield) {
                    haveAll = true;
                }
                if (msg instanceof PeerMessage.Unchoke) {
                    break;
                }
            }
            assertThat(haveAll).as("libtorrent announced its pieces").isTrue();

            int pieceLength = meta.pieceLength();
            List<Integer> pieces = List.of(1, meta.pieceCount() - 1);
            Map<Integer, byte[]> buffers = new HashMap<>();
            int outstanding = 0;
            for (int p : pieces) {
                int length = pieceSize(meta, p);
                buffers.put(p, new byte[length]);
                for (int begin = 0; begin < length; begin += WireLimits.BLOCK_SIZE) {
                    ch.write(new PeerMessage.Request(p, begin, Math.min(WireLimits.BLOCK_SIZE, length - begin)));
                    outstanding++;
                }
            }
            ch.flush();
            while (outstanding > 0) {
                Object msg = collector.next();
                if (msg instanceof PeerMessage.Piece piece) {
                    try {
                        assertThat(buffers).containsKey(piece.index());
                        piece.data().getBytes(piece.data().readerIndex(), buffers.get(piece.index()), piece.begin(),
                                piece.length());
                    } finally {
                        piece.release();
                    }
                    outstanding--;
                } else {
                    assertThat(msg).as("no rejected request").isNotInstanceOf(PeerMessage.Reject.class);
                    ReferenceCountUtil.release(msg);
                }
            }
            for (int p : pieces) {
                assertThat(buffers.get(p)).as("piece %d against the files on disk", p)
                        .isEqualTo(bytesOnDisk(meta, seeder.payload(), p));
                if (hashes.hasV1()) {
                    assertThat(MessageDigest.getInstance("SHA-1").digest(buffers.get(p)))
                            .as("SHA-1 of piece %d", p).isEqualTo(meta.pieceHashV1(p));
                }
            }
        } finally {
            ch.close().syncUninterruptibly();
        }
    }

    @Test
    void libtorrentDialsOurServerWhichRoutesTheHandshakeByInfoHash() throws Exception {
        Seeder seeder = SEEDERS.get("v1");
        InfoHash infoHash = seeder.infoHashes().v1();
        WireLimits limits = WireLimits.DEFAULT;
        byte[] ourId = PeerId.generate();
        Collector collector = new Collector("v1");
        BlockingQueue<byte[]> routed = new LinkedBlockingQueue<>();
        InfoHashRouter router = (ih, reserved) -> {
            routed.add(ih);
            return java.util.Arrays.equals(infoHash.wireBytes(), ih)
                    ? Optional.of(Handshake.of(ih, ourId, true, true, false))
                    : Optional.empty();
        };
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        addCodecs(c, HandshakeHandler.inbound(router), limits, collector);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        try {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            seeder.stdin().write("connect 127.0.0.1 " + port + "\n");
            seeder.stdin().flush();

            Handshake theirs = (Handshake) collector.next();
            assertThat(routed.poll()).isEqualTo(infoHash.wireBytes());
            assertThat(theirs.hasInfoHash(infoHash.wireBytes())).isTrue();
            assertThat(theirs.supportsExtensionProtocol()).isTrue();
            assertThat(theirs.supportsFastExtension()).isTrue();
            assertThat(PeerId.clientName(theirs.peerId())).get().asString().startsWith("libtorrent");

            ExtendedHandshake remote = null;
            while (remote == null) {
                Object msg = collector.next();
                if (msg instanceof PeerMessage.Extended e && e.extendedId() == 0) {
                    remote = ExtendedHandshake.decode(e.payload(), limits);
                }
                ReferenceCountUtil.release(msg);
            }
            assertThat(remote.client()).contains("libtorrent");
            assertThat(remote.idOf("ut_metadata")).isPositive();
            assertThat(remote.metadataSize()).isPositive();
            assertThat(remote.yourIp()).as("our address as libtorrent sees it").isEqualTo(new byte[] {127, 0, 0, 1});
        } finally {
            server.close().syncUninterruptibly();
        }
    }

    /** Bytes of piece {@code p} on the wire: up to the piece length, v2 pieces end with their file. */
    static int pieceSize(TorrentMetainfo meta, int p) {
        long start = (long) p * meta.pieceLength();
        long end = Math.min(start + meta.pieceLength(), meta.storageLength());
        if (meta.kind() == TorrentMetainfo.Kind.V2) {
            for (org.peerwave.engine.metainfo.FileEntry f : meta.files()) {
                if (f.offset() <= start && start < f.end()) {
                    end = Math.min(end, f.end());
                }
            }
        }
        return (int) (end - start);
    }

    /** What piece {@code p} must hold, read from the seeder's files (pad files are zeros). */
    static byte[] bytesOnDisk(TorrentMetainfo meta, Path payload, int p) throws Exception {
        long start = (long) p * meta.pieceLength();
        byte[] out = new byte[pieceSize(meta, p)];
        for (org.peerwave.engine.metainfo.FileEntry f : meta.files()) {
            long from = Math.max(start, f.offset());
            long to = Math.min(start + out.length, f.offset() + f.length());
            if (from >= to || f.pad()) {
                continue;
            }
            try (var ch = java.nio.channels.FileChannel.open(payload.resolve(f.pathString()))) {
                ch.read(java.nio.ByteBuffer.wrap(out, (int) (from - start), (int) (to - from)), from - f.offset());
            }
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
