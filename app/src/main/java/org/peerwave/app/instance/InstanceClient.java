package org.peerwave.app.instance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A later launch's end of the single-instance socket. Every method answers "nobody is running"
 * (false, empty) when no instance listens; protocol failures throw an {@link IOException} with
 * the instance's message.
 */
public final class InstanceClient {

    /** The longest answer line read (a torrent name is far shorter). */
    private static final int MAX_REPLY_LINE = 64 * 1024;

    private InstanceClient() {
    }

    /** Hands {@code targets} to the running instance, which opens them and comes to the front. */
    public static boolean open(Path socket, List<String> targets) throws IOException {
        StringBuilder req = new StringBuilder();
        req.append(InstanceProtocol.OPEN).append('\n');
        for (String t : targets) {
            req.append(InstanceProtocol.OPEN).append('\t').append(InstanceProtocol.escape(t)).append('\n');
        }
        return exchange(socket, req.toString()).isPresent();
    }

    /** The running instance's torrents; empty when none is running. */
    public static Optional<List<InstanceHandler.TorrentSummary>> list(Path socket) throws IOException {
        Optional<List<String>> lines = exchange(socket, InstanceProtocol.LIST + "\n");
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        List<InstanceHandler.TorrentSummary> out = new ArrayList<>();
        for (String line : lines.get()) {
            if (line.equals(InstanceProtocol.END)) {
                break;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5 || !f[0].equals(InstanceProtocol.TORRENT)) {
                throw new IOException("unexpected answer from the running instance: " + line);
            }
            double progress;
            try {
                progress = Double.parseDouble(f[3]);
            } catch (NumberFormatException e) {
                throw new IOException("unexpected progress from the running instance: " + f[3], e);
            }
            out.add(new InstanceHandler.TorrentSummary(InstanceProtocol.unescape(f[1]), InstanceProtocol.unescape(f[2]),
                    progress, InstanceProtocol.unescape(f[4])));
        }
        return Optional.of(out);
    }

    /** True when an instance answers on {@code socket}. */
    static boolean ping(Path socket) {
        try {
            return exchange(socket, "").isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends HELLO, {@code body}, END; the answer's lines after OK, or empty when nobody listens. */
    private static Optional<List<String>> exchange(Path socket, String body) throws IOException {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            // a socket file with nobody behind it: an instance that crashed
            return Optional.empty();
        }
        try (ch;
             Writer out = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                     StandardCharsets.UTF_8))) {
            out.write(InstanceProtocol.HELLO + "\n" + body + InstanceProtocol.END + "\n");
            out.flush();
            String status = InstanceProtocol.readLine(in, MAX_REPLY_LINE);
            if (status == null) {
                throw new IOException("the running instance closed the connection without answering");
            }
            if (status.startsWith(InstanceProtocol.ERROR)) {
                throw new IOException("the running instance refused: "
                        + InstanceProtocol.unescape(status.substring(Math.min(status.length(), 6))));
            }
            if (!status.equals(InstanceProtocol.OK)) {
                throw new IOException("unexpected answer from the running instance: " + status);
            }
            List<String> lines = new ArrayList<>();
            for (String l = InstanceProtocol.readLine(in, MAX_REPLY_LINE); l != null;
                 l = InstanceProtocol.readLine(in, MAX_REPLY_LINE)) {
                lines.add(l);
            }
            return Optional.of(lines);
        }
    }
}
