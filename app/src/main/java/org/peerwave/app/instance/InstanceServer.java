package org.peerwave.app.instance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running instance's end of the single-instance socket: later launches hand it their magnet
 * links and .torrent files ({@link InstanceClient#open}), and {@code peerwave list} asks it for its
 * torrents. A bad or oversized request gets an {@code ERROR} answer and is logged; the server keeps
 * running. The socket file is removed on {@link #close()}; one left by a crashed instance is
 * replaced when nothing answers on it.
 */
public final class InstanceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceServer.class);

    /** Another instance answers on the socket. */
    public static final class AlreadyRunningException extends IOException {
        public AlreadyRunningException(Path socket) {
            super("Peerwave is already running (" + socket + ")");
        }
    }

    private final Path socket;
    private final InstanceHandler handler;
    private final InstanceSettings settings;
    private final ServerSocketChannel server;
    private final ScheduledExecutorService timer;
    private final Thread acceptor;
    private volatile boolean closed;

    private InstanceServer(Path socket, InstanceHandler handler, InstanceSettings settings, ServerSocketChannel server) {
        this.socket = socket;
        this.handler = handler;
        this.settings = settings;
        this.server = server;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peerwave-instance-timer");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = Thread.ofPlatform().daemon().name("peerwave-instance").unstarted(this::acceptLoop);
    }

    /**
     * Listens on {@code socket}.
     *
     * @throws AlreadyRunningException when another instance answers there
     * @throws IOException             when the socket cannot be made
     */
    public static InstanceServer start(Path socket, InstanceHandler handler, InstanceSettings settings)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(settings, "settings");
        InstanceSocket.prepareFolder(socket);
        if (Files.exists(socket)) {
            if (InstanceClient.ping(socket)) {
                throw new AlreadyRunningException(socket);
            }
            LOG.info("replacing the instance socket left by an instance that is gone: {}", socket);
            Files.deleteIfExists(socket);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(socket));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        InstanceServer s = new InstanceServer(socket, handler, settings, ch);
        s.acceptor.start();
        LOG.info("listening for other launches on {}", socket);
        return s;
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("peerwave-instance-client").start(() -> serve(client));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("instance socket: accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        ScheduledFuture<?> deadline = timer.schedule(() -> closeQuietly(client), settings.readTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                     StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(Channels.newOutputStream(client), StandardCharsets.UTF_8)) {
            String reply;
            try {
                reply = answer(in);
            } catch (IOException | RuntimeException e) {
                LOG.warn("instance socket: refused a request: {}", e.getMessage());
                reply = InstanceProtocol.ERROR + "\t" + InstanceProtocol.escape(String.valueOf(e.getMessage())) + "\n";
            }
            deadline.cancel(false);
            out.write(reply);
            out.flush();
        } catch (IOException e) {
            LOG.debug("instance socket: client gone: {}", e.toString());
        } finally {
            deadline.cancel(false);
        }
    }

    private String answer(BufferedReader in) throws IOException {
        int max = settings.maxLineChars();
        String hello = InstanceProtocol.readLine(in, max);
        if (!InstanceProtocol.HELLO.equals(hello)) {
            throw new IOException("not a Peerwave launch (first line " + describe(hello) + ")");
        }
        List<String> targets = new ArrayList<>();
        boolean list = false;
        boolean open = false;
        while (true) {
            String line = InstanceProtocol.readLine(in, max);
            if (line == null) {
                throw new IOException("request ended without END");
            }
            if (line.equals(InstanceProtocol.END)) {
                break;
            }
            if (line.equals(InstanceProtocol.LIST)) {
                list = true;
            } else if (line.equals(InstanceProtocol.OPEN)) {
                open = true;
            } else if (line.startsWith(InstanceProtocol.OPEN + "\t")) {
                open = true;
                if (targets.size() >= settings.maxTargets()) {
                    throw new IOException("more than " + settings.maxTargets() + " links or files in one launch");
                }
                targets.add(InstanceProtocol.unescape(line.substring(InstanceProtocol.OPEN.length() + 1)));
            } else {
                throw new IOException("unknown request " + describe(line));
            }
        }
        StringBuilder reply = new StringBuilder(InstanceProtocol.OK).append('\n');
        if (open) {
            handler.open(List.copyOf(targets));
        }
        if (list) {
            for (InstanceHandler.TorrentSummary t : handler.list()) {
                reply.append(InstanceProtocol.TORRENT).append('\t').append(InstanceProtocol.escape(t.infoHash()))
                        .append('\t').append(InstanceProtocol.escape(t.state())).append('\t')
                        .append(String.format(Locale.ROOT, "%.4f", t.progress())).append('\t')
                        .append(InstanceProtocol.escape(t.name())).append('\n');
            }
            reply.append(InstanceProtocol.END).append('\n');
        }
        return reply.toString();
    }

    private static String describe(String line) {
        if (line == null) {
            return "(none)";
        }
        String s = line.length() > 40 ? line.substring(0, 40) + "\u2026" : line;
        return "\"" + InstanceProtocol.escape(s) + "\"";
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("instance socket: close failed: {}", e.toString());
        }
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("instance socket: close failed: {}", e.toString());
        }
        timer.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", socket, e.toString());
        }
    }
}
