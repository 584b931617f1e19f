package org.peerwave.app.service;

/** One connected peer for a Peers tab. */
public record PeerEntry(String address, String client, String flags, double progress, long downloadRate,
                        long uploadRate) {
}
