package org.peerwave.engine.tracker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Compact peer lists: 6 bytes per IPv4 peer (BEP 23), 18 bytes per IPv6 peer (BEP 7). Port 0 entries are dropped. */
final class CompactPeers {

    static final int IPV4_ENTRY = 6;
    static final int IPV6_ENTRY = 18;

    private CompactPeers() {
    }

    /** Parses {@code length} bytes at {@code offset}; throws when the length is not a whole number of entries. */
    static List<InetSocketAddress> parse(byte[] data, int offset, int length, int entrySize, String field)
            throws TrackerException {
        if (length % entrySize != 0) {
            throw new TrackerException(TrackerException.Kind.MALFORMED, "truncated peer list: " + field + " has "
                    + length + " bytes, not a multiple of " + entrySize);
        }
        int addressLength = entrySize - 2;
        List<InetSocketAddress> peers = new ArrayList<>(length / entrySize);
        for (int p = offset; p < offset + length; p += entrySize) {
            int port = ((data[p + addressLength] & 0xff) << 8) | (data[p + addressLength + 1] & 0xff);
            if (port == 0) {
                continue;
            }
            try {
                InetAddress address = InetAddress.getByAddress(Arrays.copyOfRange(data, p, p + addressLength));
                peers.add(new InetSocketAddress(address, port));
            } catch (UnknownHostException e) {
                throw new AssertionError("4 and 16 byte addresses are always valid", e);
            }
        }
        return peers;
    }
}
