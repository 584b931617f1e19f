package org.peerwave.engine.testing.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback addresses and ports for test peers. */
public final class Net {

    private Net() {
    }

    /** A TCP port that is free on {@code host} now. */
    public static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return s.getLocalPort();
        }
    }

    /** A UDP port that is free on {@code host} now. */
    public static int freeUdpPort(String host) throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
            return s.getLocalPort();
        }
    }

    /** Waits until something accepts TCP connections on host:port. */
    public static void awaitTcp(String host, int port, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on " + host + ":" + port + " after " + timeout);
    }
}
