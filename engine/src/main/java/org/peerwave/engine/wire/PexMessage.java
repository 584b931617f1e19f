package org.peerwave.engine.wire;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.Bencode;
import org.peerwave.engine.bencode.BencodeDecoder;
import org.peerwave.engine.bencode.BencodeException;
import org.peerwave.engine.bencode.BencodeLimits;

/**
 * A BEP 11 {@code ut_pex} message: peers the sender connected to ({@code added}, {@code added6},
 * with one flag byte each) and disconnected from ({@code dropped}, {@code dropped6}) since its last
 * message.
 *
 * @param added   newly connected peers with their flags
 * @param dropped peers the sender disconnected from
 */
public record PexMessage(List<Peer> added, List<InetSocketAddress> dropped) {

    /** Extension name in the {@code m} dictionary. */
    public static final String EXTENSION = "ut_pex";

    /** Flag 0x01: prefers encryption. */
    public static final int PREFERS_ENCRYPTION = 0x01;
    /** Flag 0x02: seed or upload only. */
    public static final int SEED = 0x02;
    /** Flag 0x04: supports uTP. */
    public static final int UTP = 0x04;
    /** Flag 0x08: supports ut_holepunch. */
    public static final int HOLEPUNCH = 0x08;
    /** Flag 0x10: the sender made an outgoing connection to it (it is reachable). */
    public static final int REACHABLE = 0x10;

    /** One added contact. */
    public record Peer(InetSocketAddress address, int flags) {
        public Peer {
            Objects.requireNonNull(address);
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("unresolved address " + address);
            }
            if (flags < 0 || flags > 0xFF) {
                throw new IllegalArgumentException("flags must be one byte: " + flags);
            }
        }

        public boolean isSeed() {
            return (flags & SEED) != 0;
        }
    }

    public PexMessage {
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
        for (InetSocketAddress a : dropped) {
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("unresolved address " + a);
            }
        }
    }

    public boolean isEmpty() {
        return added.isEmpty() && dropped.isEmpty();
    }

    /** The bencoded payload (keys with no entries are left out; a field of each family only when it has entries). */
    public byte[] encode() {
        ByteArrayOutputStream a4 = new ByteArrayOutputStream();
        ByteArrayOutputStream f4 = new ByteArrayOutputStream();
        ByteArrayOutputStream a6 = new ByteArrayOutputStream();
        ByteArrayOutputStream f6 = new ByteArrayOutputStream();
        for (Peer p : added) {
            boolean v4 = p.address().getAddress() instanceof Inet4Address;
            writeCompact(v4 ? a4 : a6, p.address());
            (v4 ? f4 : f6).write(p.flags());
        }
        ByteArrayOutputStream d4 = new ByteArrayOutputStream();
        ByteArrayOutputStream d6 = new ByteArrayOutputStream();
        for (InetSocketAddress a : dropped) {
            writeCompact(a.getAddress() instanceof Inet4Address ? d4 : d6, a);
        }
        BDictionary.Builder b = BDictionary.builder();
        // libtorrent expects "added" and "dropped" present (possibly empty); the v6 keys only when used
        b.put("added", a4.toByteArray()).put("added.f", f4.toByteArray());
        if (a6.size() > 0) {
            b.put("added6", a6.toByteArray()).put("added6.f", f6.toByteArray());
        }
        b.put("dropped", d4.toByteArray());
        if (d6.size() > 0) {
            b.put("dropped6", d6.toByteArray());
        }
        return Bencode.encode(b.build());
    }

    private static void writeCompact(ByteArrayOutputStream out, InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        if (ip instanceof Inet6Address v6 && isMappedV4(v6)) {
            throw new IllegalArgumentException("IPv4-mapped address " + a);
        }
        out.writeBytes(ip.getAddress());
        out.write(a.getPort() >>> 8);
        out.write(a.getPort() & 0xFF);
    }

    private static boolean isMappedV4(Inet6Address a) {
        byte[] b = a.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }

    /**
     * Decodes a payload, keeping at most {@code maxPeers} added and {@code maxPeers} dropped contacts
     * (the rest are ignored). Port-0 entries and duplicate addresses are skipped; a missing or short
     * flags string means flags 0. Trailing bytes of a truncated list are ignored.
     *
     * @throws PeerWireException when the payload is not a bencoded dictionary or a field has the wrong type
     */
    public static PexMessage decode(byte[] payload, int maxPeers) {
        BValue root;
        try {
            root = new BencodeDecoder(BencodeLimits.MESSAGE).decode(payload, 0, payload.length);
        } catch (BencodeException e) {
            throw new PeerWireException("ut_pex message is not bencode: " + e.getMessage());
        }
        if (!(root instanceof BDictionary d)) {
            throw new PeerWireException("ut_pex message is a " + root.typeName() + ", not a dictionary");
        }
        List<Peer> added = new ArrayList<>();
        Set<InetSocketAddress> seen = new LinkedHashSet<>();
        readAdded(d, "added", "added.f", 4, maxPeers, added, seen);
        readAdded(d, "added6", "added6.f", 16, maxPeers, added, seen);
        Set<InetSocketAddress> dropped = new LinkedHashSet<>();
        readDropped(d, "dropped", 4, maxPeers, dropped);
        readDropped(d, "dropped6", 16, maxPeers, dropped);
        return new PexMessage(added, new ArrayList<>(dropped));
    }

    private static byte[] bytes(BDictionary d, String key) {
        BValue v = d.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof BString s)) {
            throw new PeerWireException("ut_pex " + key + " is a " + v.typeName() + ", not a string");
        }
        return s.bytes();
    }

    private static void readAdded(BDictionary d, String key, String flagsKey, int addressLength, int max,
                                  List<Peer> out, Set<InetSocketAddress> seen) {
        byte[] list = bytes(d, key);
        if (list == null) {
            return;
        }
        byte[] flags = bytes(d, flagsKey);
        int entry = addressLength + 2;
        for (int i = 0; i + entry <= list.length && out.size() < max; i += entry) {
            InetSocketAddress a = contact(list, i, addressLength);
            if (a != null && seen.add(a)) {
                int index = i / entry;
                int f = flags != null && index < flags.length ? flags[index] & 0xFF : 0;
                out.add(new Peer(a, f));
            }
        }
    }

    private static void readDropped(BDictionary d, String key, int addressLength, int max,
                                    Set<InetSocketAddress> out) {
        byte[] list = bytes(d, key);
        if (list == null) {
            return;
        }
        int entry = addressLength + 2;
        for (int i = 0; i + entry <= list.length && out.size() < max; i += entry) {
            InetSocketAddress a = contact(list, i, addressLength);
            if (a != null) {
                out.add(a);
            }
        }
    }

    private static InetSocketAddress contact(byte[] list, int at, int addressLength) {
        int port = ((list[at + addressLength] & 0xFF) << 8) | (list[at + addressLength + 1] & 0xFF);
        if (port == 0) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(list, at, at + addressLength)),
                    port);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 and 16 byte addresses are always valid", e);
        }
    }
}
