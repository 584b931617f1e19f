package org.peerwave.engine.testing.peers;

import java.net.InetSocketAddress;
import java.time.Duration;

/** A real BitTorrent client that a test runs: where it listens and how far it is. */
public interface TestPeer extends AutoCloseable {

    String name();

    /** Where it accepts peer connections. */
    InetSocketAddress peerAddress();

    /** Fraction of the torrent it has, 0 to 1. */
    double progress() throws Exception;

    /** Waits until it has the whole torrent, failing with its output after the time-out. */
    default void awaitComplete(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        double p = 0;
        while (System.nanoTime() < end) {
            p = progress();
            if (p >= 1.0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name() + " reached only " + Math.round(p * 1000) / 10.0 + "% within " + timeout
                + "\n" + diagnostics());
    }

    /** Recent output, for failure messages. */
    String diagnostics();

    @Override
    void close();
}
