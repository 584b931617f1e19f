package org.peerwave.engine.bencode;

/** Entry points: decode with the .torrent file limits, encode canonically. */
public final class Bencode {

    private static final BencodeDecoder TORRENT_DECODER = new BencodeDecoder(BencodeLimits.TORRENT_FILE);

    private Bencode() {
    }

    /** Decodes one value with {@link BencodeLimits#TORRENT_FILE}. */
    public static BValue decode(byte[] input) {
        return TORRENT_DECODER.decode(input);
    }

    /** Canonical encoding (sorted dictionary keys). */
    public static byte[] encode(BValue value) {
        return BencodeEncoder.encode(value);
    }
}
