package org.peerwave.engine.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 68-byte BitTorrent handshake: {@code 19 "BitTorrent protocol"}, 8 reserved bytes, the 20-byte
 * info hash (a v1 SHA-1, or a v2 SHA-256 truncated to 20 bytes, BEP 52) and the 20-byte peer id.
 * Arrays are copied in and out.
 */
public record Handshake(byte[] reserved, byte[] infoHash, byte[] peerId) {

    public static final String PROTOCOL = "BitTorrent protocol";
    static final byte[] PROTOCOL_BYTES = PROTOCOL.getBytes(StandardCharsets.US_ASCII);
    /** Total length on the wire. */
    public static final int LENGTH = 68;
    /** Bytes up to and including the info hash: enough to route an inbound connection. */
    public static final int PREFIX_WITH_INFO_HASH = 48;

    public Handshake {
        reserved = copy(reserved, 8, "reserved");
        infoHash = copy(infoHash, 20, "info hash");
        peerId = copy(peerId, 20, "peer id");
    }

    /** Our handshake with the extension protocol (BEP 10), fast extension (BEP 6) and, if asked, DHT bits. */
    public static Handshake of(byte[] infoHash, byte[] peerId, boolean extensionProtocol, boolean fast, boolean dht) {
        byte[] r = new byte[8];
        if (extensionProtocol) {
            r[5] |= 0x10;
        }
        if (fast) {
            r[7] |= 0x04;
        }
        if (dht) {
            r[7] |= 0x01;
        }
        return new Handshake(r, infoHash, peerId);
    }

    @Override
    public byte[] reserved() {
        return reserved.clone();
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /** BEP 10 extension protocol: bit 20 from the right, {@code reserved[5] & 0x10}. */
    public boolean supportsExtensionProtocol() {
        return (reserved[5] & 0x10) != 0;
    }

    /** BEP 6 fast extension: {@code reserved[7] & 0x04}. */
    public boolean supportsFastExtension() {
        return (reserved[7] & 0x04) != 0;
    }

    /** BEP 5 DHT: {@code reserved[7] & 0x01}. */
    public boolean supportsDht() {
        return (reserved[7] & 0x01) != 0;
    }

    /** BEP 52 v2 upgrade bit: {@code reserved[7] & 0x10}. */
    public boolean supportsV2() {
        return (reserved[7] & 0x10) != 0;
    }

    /** True when the info hash equals these 20 bytes. */
    public boolean hasInfoHash(byte[] wireInfoHash) {
        return Arrays.equals(infoHash, wireInfoHash);
    }

    /** Writes the 68 bytes. */
    public ByteBuf writeTo(ByteBuf out) {
        return out.writeByte(PROTOCOL_BYTES.length).writeBytes(PROTOCOL_BYTES).writeBytes(reserved)
                .writeBytes(infoHash).writeBytes(peerId);
    }

    /** The 68 bytes as an array. */
    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) PROTOCOL_BYTES.length;
        System.arraycopy(PROTOCOL_BYTES, 0, b, 1, 19);
        System.arraycopy(reserved, 0, b, 20, 8);
        System.arraycopy(infoHash, 0, b, 28, 20);
        System.arraycopy(peerId, 0, b, 48, 20);
        return b;
    }

    /**
     * Parses the first 68 bytes of {@code in} from its reader index without moving it.
     *
     * @throws PeerWireException when fewer than 68 bytes are there or the protocol string is wrong
     */
    public static Handshake parse(ByteBuf in) {
        if (in.readableBytes() < LENGTH) {
            throw new PeerWireException("truncated handshake: " + in.readableBytes() + " of " + LENGTH + " bytes");
        }
        checkProtocol(in);
        int p = in.readerIndex();
        byte[] r = new byte[8];
        byte[] ih = new byte[20];
        byte[] id = new byte[20];
        in.getBytes(p + 20, r).getBytes(p + 28, ih).getBytes(p + 48, id);
        return new Handshake(r, ih, id);
    }

    /** Checks the protocol string (as many of its 20 bytes as are readable). */
    static void checkProtocol(ByteBuf in) {
        int p = in.readerIndex();
        int n = Math.min(in.readableBytes(), 20);
        if (n >= 1 && in.getUnsignedByte(p) != PROTOCOL_BYTES.length) {
            throw new PeerWireException("not a BitTorrent handshake: protocol string length "
                    + in.getUnsignedByte(p));
        }
        for (int i = 1; i < n; i++) {
            if (in.getByte(p + i) != PROTOCOL_BYTES[i - 1]) {
                throw new PeerWireException("not a BitTorrent handshake: protocol string differs at byte " + i);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && Arrays.equals(reserved, h.reserved) && Arrays.equals(infoHash, h.infoHash)
                && Arrays.equals(peerId, h.peerId);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(infoHash) * 31 + Arrays.hashCode(peerId);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Handshake[reserved=" + hex.formatHex(reserved) + ", infoHash=" + hex.formatHex(infoHash)
                + ", peerId=" + PeerId.printable(peerId) + "]";
    }

    private static byte[] copy(byte[] b, int length, String what) {
        if (b.length != length) {
            throw new IllegalArgumentException(what + " must have " + length + " bytes, not " + b.length);
        }
        return b.clone();
    }
}
