package org.peerwave.app.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.peerwave.engine.session.EngineSettings;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code download}, {@code seed} and {@code stream}: where to listen, which peers to
 * dial, trackers, the DHT, peer exchange and local service discovery on or off.
 */
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

    @Option(names = "--no-dht", description = "Do not join the DHT (BEP 5); private torrents never use it anyway.")
    boolean noDht;

    @Option(names = "--dht-port", paramLabel = "N",
            description = "UDP port of the DHT node (default: the TCP port's number when free, else any).")
    int dhtPort;

    @Option(names = "--dht-bootstrap", paramLabel = "HOST:PORT",
            description = "A DHT node to join through (repeatable); replaces the public routers"
                    + " (router.bittorrent.com, dht.transmissionbt.com, router.utorrent.com).")
    List<String> dhtBootstrap = new ArrayList<>();

    @Option(names = "--no-pex", description = "Do not exchange peers with peers (BEP 11 PEX);"
            + " private torrents never do anyway.")
    boolean noPex;

    @Option(names = "--no-lsd", description = "Do not announce on, or listen to, the local network"
            + " (BEP 14 local service discovery); private torrents never use it anyway.")
    boolean noLsd;

    EngineSettings.Builder settings() {
        if (port < 0 || port > 65535) {
            throw new CliException("--port must be 0..65535, not " + port);
        }
        if (dhtPort < 0 || dhtPort > 65535) {
            throw new CliException("--dht-port must be 0..65535, not " + dhtPort);
        }
        EngineSettings.Builder b = EngineSettings.builder().listenPort(port).trackersEnabled(!noTrackers)
                .dhtEnabled(!noDht).dhtPort(dhtPort).pexEnabled(!noPex).lsdEnabled(!noLsd);
        if (!dhtBootstrap.isEmpty()) {
            List<InetSocketAddress> nodes = new ArrayList<>();
            for (String n : dhtBootstrap) {
                nodes.add(parse(n, "--dht-bootstrap"));
            }
            b.dhtBootstrap(nodes);
        }
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
            out.add(parse(p, "--peer"));
        }
        return out;
    }

    /** HOST:PORT or [IPv6]:PORT. */
    static InetSocketAddress parse(String s) {
        return parse(s, "--peer");
    }

    /** HOST:PORT or [IPv6]:PORT, for option {@code option}. */
    static InetSocketAddress parse(String s, String option) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new CliException(option + " must be HOST:PORT, not '" + s + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CliException(option + " port is not a number in '" + s + "'");
        }
        if (port < 1 || port > 65535) {
            throw new CliException(option + " port must be 1..65535 in '" + s + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CliException("unknown host in " + option + " " + s);
        }
    }
}
