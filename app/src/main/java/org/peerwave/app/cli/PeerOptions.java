package org.peerwave.app.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.peerwave.engine.session.EngineSettings;
import picocli.CommandLine.Option;

/** Options shared by {@code download} and {@code seed}: where to listen, which peers to dial, trackers on or off. */
final class PeerOptions {

    @Option(names = "--port", paramLabel = "N", description = "TCP port to listen on (default: a free port).")
    int port;

    @Option(names = "--listen", paramLabel = "ADDRESS",
            description = "Address to listen on and to connect from (default: every interface).")
    String listen;

    @Option(names = "--peer", paramLabel = "HOST:PORT",
            description = "A peer to connect to (repeatable), besides the peers the trackers list.")
    List<String> peers = new ArrayList<>();

    @Option(names = "--no-trackers",
            description = "Do not announce to the torrent's (or magnet link's) trackers; use only --peer and"
                    + " incoming peers.")
    boolean noTrackers;

    EngineSettings.Builder settings() {
        if (port < 0 || port > 65535) {
            throw new CliException("--port must be 0..65535, not " + port);
        }
        EngineSettings.Builder b = EngineSettings.builder().listenPort(port).trackersEnabled(!noTrackers);
        if (listen != null) {
            try {
                b.listenAddress(InetAddress.getByName(listen));
            } catch (UnknownHostException e) {
                throw new CliException("unknown listen address " + listen);
            }
        }
        return b;
    }

    List<InetSocketAddress> peerAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String p : peers) {
            out.add(parse(p));
        }
        return out;
    }

    /** HOST:PORT or [IPv6]:PORT. */
    static InetSocketAddress parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new CliException("--peer must be HOST:PORT, not '" + s + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CliException("--peer port is not a number in '" + s + "'");
        }
        if (port < 1 || port > 65535) {
            throw new CliException("--peer port must be 1..65535 in '" + s + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CliException("unknown host in --peer " + s);
        }
    }
}
