package org.peerwave.engine.stream;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.InfoHashes;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.TorrentHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server that streams the files of an engine's torrents while they download, for media
 * players: {@code GET /stream/<token>/<infohash>/<fileIndex>/<name>} with byte ranges.
 *
 * <ul>
 * <li>Bound to 127.0.0.1 by default; the {@code token} is 128 random bits drawn once per server,
 * so another user or a web page cannot guess a URL. The {@code Host} header must name a loopback
 * host (localhost, 127.x.x.x, [::1]) or the request gets 403: a page whose DNS name was rebound to
 * 127.0.0.1 sends its own name. A wrong token, an unknown torrent or file gets 404; a method other
 * than GET and HEAD 405.</li>
 * <li>One range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) gets 206 with
 * {@code Content-Range}; an unsatisfiable one 416 with {@code Content-Range: bytes *}{@code /size};
 * several ranges, or a malformed header, are ignored and the whole file is sent (200).</li>
 * <li>The body is read from a {@link TorrentFileChannel} (which blocks until its pieces are verified
 * and makes them time-critical) on a virtual thread per request, never on the Netty event loop, one
 * chunk at a time, waiting for the socket to drain when it is not writable. A client that
 * disconnects closes its channel at once (ending a wait for a piece). Requests on one keep-alive
 * connection are answered in order.</li>
 * </ul>
 */
public final class StreamServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamServer.class);
    private static final String PREFIX = "/stream/";
    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("mkv", "video/x-matroska"),
            Map.entry("webm", "video/webm"), Map.entry("avi", "video/x-msvideo"), Map.entry("mov", "video/quicktime"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("ogg", "audio/ogg"),
            Map.entry("flac", "audio/flac"), Map.entry("srt", "application/x-subrip"),
            Map.entry("vtt", "text/vtt"));

    private final Engine engine;
    private final StreamServerSettings settings;
    private final String token;
    private final EventLoopGroup group;
    private final Channel server;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("peerwave-stream-", 0).factory());
    private final AtomicInteger connections = new AtomicInteger();

    private StreamServer(Engine engine, StreamServerSettings settings) {
        this.engine = engine;
        this.settings = settings;
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (connections.incrementAndGet() > settings.maxConnections()) {
                                connections.decrementAndGet();
                                LOG.debug("stream server: refusing {}, {} connections open", ch.remoteAddress(),
                                        settings.maxConnections());
                                ch.close();
                                return;
                            }
                            ch.closeFuture().addListener(f -> connections.decrementAndGet());
                            ch.pipeline().addLast("http", new HttpServerCodec(settings.maxHeaderSize(),
                                    settings.maxHeaderSize(), 8192));
                            ch.pipeline().addLast("aggregate", new HttpObjectAggregator(8192));
                            ch.pipeline().addLast("stream", new Connection());
                        }
                    })
                    .bind(new InetSocketAddress(settings.bindAddress(), settings.port())).syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownNow();
            throw new IllegalStateException("cannot listen on " + settings.bindAddress().getHostAddress() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        LOG.info("stream server listening on {}", server.localAddress());
    }

    /** Starts a server for the torrents of {@code engine}; close it to stop it (the engine stays open). */
    public static StreamServer start(Engine engine, StreamServerSettings settings) {
        return new StreamServer(Objects.requireNonNull(engine, "engine"), Objects.requireNonNull(settings, "settings"));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** The URL of file {@code fileIndex} of {@code handle}'s torrent; its metadata must be known. */
    public String url(TorrentHandle handle, int fileIndex) {
        TorrentMetainfo meta = handle.metadata().getNow(null);
        if (meta == null) {
            throw new IllegalStateException("the metadata of " + handle.infoHashes() + " is not known yet");
        }
        List<FileEntry> files = meta.files();
        if (fileIndex < 0 || fileIndex >= files.size()) {
            throw new IllegalArgumentException("no file " + fileIndex + " in " + meta.name());
        }
        return url(handle.infoHashes(), fileIndex, files.get(fileIndex).path().getLast());
    }

    /** The URL of {@code file}. */
    public String url(TorrentFile file) {
        return url(file.handle().infoHashes(), file.index(), file.entry().path().getLast());
    }

    private String url(InfoHashes hashes, int fileIndex, String name) {
        InetAddress a = address().getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1"
                : a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + port() + PREFIX + token + "/" + hashHex(hashes) + "/" + fileIndex + "/"
                + encodeSegment(name);
    }

    private static String hashHex(InfoHashes hashes) {
        return hashes.hasV1() ? hashes.v1().hex() : hashes.v2().hex();
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters. */
    static String encodeSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** The media type for a file name, by its extension; application/octet-stream when unknown. */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return MEDIA_TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /**
     * Whether a {@code Host} header names this machine's loopback: localhost, an IPv4 literal
     * 127.x.x.x or [::1], each with an optional port. No name is resolved.
     */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        String name;
        String port = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = h.substring(1, close);
            String rest = h.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return false;
                }
                port = rest.substring(1);
            }
            if (!(name.equals("::1") || name.equals("0:0:0:0:0:0:0:1"))) {
                return false;
            }
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            port = colon < 0 ? null : h.substring(colon + 1);
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (!name.equals("localhost") && !isIpv4Loopback(name)) {
                return false;
            }
        }
        return port == null || (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit));
    }

    private static boolean isIpv4Loopback(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return parts[0].equals("127");
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownNow();
        LOG.info("stream server stopped");
    }

    /** What the worker needs of a request (the Netty message is released on the event loop). */
    private record Request(HttpMethod method, String uri, String host, String range, boolean keepAlive,
                           HttpVersion version) {
    }

    /** One connection: requests are served in order, each on a worker thread. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final AtomicReference<TorrentFileChannel> open = new AtomicReference<>();
        private final AtomicInteger pending = new AtomicInteger();
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        private volatile boolean closed;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            if (msg.decoderResult().isFailure()) {
                FullHttpResponse r = plain(HttpResponseStatus.BAD_REQUEST, false);
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            Request req = new Request(msg.method(), msg.uri(), msg.headers().get(HttpHeaderNames.HOST),
                    msg.headers().get(HttpHeaderNames.RANGE), HttpUtil.isKeepAlive(msg), msg.protocolVersion());
            // reading goes on while a response streams, so that a client closing is seen at once
            if (pending.incrementAndGet() > settings.maxPipelinedRequests()) {
                LOG.debug("stream server: {} pipelined more than {} requests", ctx.channel().remoteAddress(),
                        settings.maxPipelinedRequests());
                ctx.close();
                return;
            }
            tail = tail.thenRunAsync(() -> {
                try {
                    serve(ctx, req);
                } catch (RuntimeException e) {
                    LOG.warn("stream server: {} {} failed", req.method(), req.uri(), e);
                    ctx.close();
                } finally {
                    pending.decrementAndGet();
                }
            }, workers);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closed = true;
            TorrentFileChannel ch = open.getAndSet(null);
            if (ch != null) {
                ch.close(); // ends a read that waits for a piece
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("stream server: connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        private void serve(ChannelHandlerContext ctx, Request req) {
            if (closed) {
                return;
            }
            if (!isLoopbackHost(req.host())) {
                LOG.warn("stream server: refused a request for Host '{}' (not a loopback name)", req.host());
                respond(ctx, req, plain(HttpResponseStatus.FORBIDDEN, req.method().equals(HttpMethod.HEAD)));
                return;
            }
            boolean head = req.method().equals(HttpMethod.HEAD);
            if (!head && !req.method().equals(HttpMethod.GET)) {
                FullHttpResponse r = plain(HttpResponseStatus.METHOD_NOT_ALLOWED, false);
                r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
                respond(ctx, req, r);
                return;
            }
            Optional<TorrentFile> found;
            try {
                found = find(req.uri());
            } catch (TimeoutException e) {
                respond(ctx, req, plain(HttpResponseStatus.SERVICE_UNAVAILABLE, head));
                return;
            }
            if (found.isEmpty()) {
                respond(ctx, req, plain(HttpResponseStatus.NOT_FOUND, head));
                return;
            }
            TorrentFile file = found.get();
            long size = file.size();
            ByteRange range = ByteRange.parse(req.range(), size);
            if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
                FullHttpResponse r = plain(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, head);
                r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
                r.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
                respond(ctx, req, r);
                return;
            }
            boolean partial = range.kind() == ByteRange.Kind.PARTIAL;
            HttpResponseStatus status = partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK;
            HttpResponse r = head ? new DefaultFullHttpResponse(req.version(), status, Unpooled.EMPTY_BUFFER)
                    : new DefaultHttpResponse(req.version(), status);
            HttpHeaders h = r.headers();
            h.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType(file.entry().path().getLast()));
            h.set(HttpHeaderNames.CONTENT_LENGTH, range.length());
            if (partial) {
                h.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + size);
            }
            if (head) {
                respond(ctx, req, (FullHttpResponse) r);
                return;
            }
            keepAlive(req, r);
            body(ctx, req, file, r, range);
        }

        private void body(ChannelHandlerContext ctx, Request req, TorrentFile file, HttpResponse r, ByteRange range) {
            Channel channel = ctx.channel();
            try (TorrentFileChannel ch = file.openChannel()) {
                open.set(ch);
                if (closed) {
                    return;
                }
                ch.position(range.first());
                ChannelFuture last = ctx.writeAndFlush(r);
                long remaining = range.length();
                while (remaining > 0) {
                    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(settings.chunkSize(), remaining));
                    while (buf.hasRemaining()) {
                        if (ch.read(buf) < 0) {
                            throw new IOException("end of file before the range ended");
                        }
                    }
                    buf.flip();
                    remaining -= buf.remaining();
                    last = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(buf)));
                    if (!channel.isWritable()) {
                        last.await(); // back-pressure: let the socket drain
                    }
                    if (!channel.isActive() || (last.isDone() && !last.isSuccess())) {
                        return;
                    }
                }
                ChannelFuture end = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                if (!req.keepAlive()) {
                    end.addListener(ChannelFutureListener.CLOSE);
                }
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ctx.close();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("stream server: {} ended early: {}", file, e.toString());
                }
                ctx.close(); // the headers are out: only closing tells the client the body is cut
            } finally {
                open.set(null);
            }
        }

        /** The file the path names, or empty when the token, the torrent or the file is wrong. */
        private Optional<TorrentFile> find(String uri) throws TimeoutException {
            String path = new QueryStringDecoder(uri).path();
            if (!path.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = path.substring(PREFIX.length()).split("/", -1);
            if (parts.length < 3 || !MessageDigest.isEqual(parts[0].getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                return Optional.empty();
            }
            String hex = parts[1].toLowerCase(Locale.ROOT);
            int index;
            try {
                index = Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            Optional<TorrentHandle> handle = engine.torrents().stream()
                    .filter(t -> t.infoHashes().v1Optional().map(v -> v.hex().equals(hex)).orElse(false)
                            || t.infoHashes().v2Optional().map(v -> v.hex().equals(hex)).orElse(false))
                    .findFirst();
            if (handle.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(TorrentFile.open(handle.get(), index, settings.stream())
                        .get(settings.openTimeout().toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                LOG.debug("stream server: no file {} of {}: {}", index, hex, e.getCause().toString());
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            }
        }

        private FullHttpResponse plain(HttpResponseStatus status, boolean head) {
            byte[] text = (status + "\n").getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(text));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, text.length);
            return r;
        }

        private void keepAlive(Request req, HttpResponse r) {
            r.setProtocolVersion(req.version());
            HttpUtil.setKeepAlive(r, req.keepAlive());
        }

        private void respond(ChannelHandlerContext ctx, Request req, FullHttpResponse r) {
            keepAlive(req, r);
            ChannelFuture f = ctx.writeAndFlush(r);
            if (!req.keepAlive()) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
            f.awaitUninterruptibly();
        }
    }
}
