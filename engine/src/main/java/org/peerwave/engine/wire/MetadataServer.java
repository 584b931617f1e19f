package org.peerwave.engine.wire;

/**
 * Serves our info dictionary to peers in BEP 9 pieces, or rejects every request while we do not
 * have it (a magnet still downloading its metadata). Immutable; thread-safe.
 */
public final class MetadataServer {

    private final byte[] infoBytes;

    /** @param infoBytes our bencoded info dictionary, or null when we do not have it yet */
    public MetadataServer(byte[] infoBytes) {
        this.infoBytes = infoBytes == null ? null : infoBytes.clone();
    }

    /** Our {@code metadata_size} for the extended handshake, or null when we do not have it. */
    public Integer metadataSize() {
        return infoBytes == null ? null : infoBytes.length;
    }

    /** The answer to a request: the piece, or a reject when we lack the metadata or the piece is out of range. */
    public UtMetadataMessage respond(UtMetadataMessage.Request request) {
        int piece = request.piece();
        if (infoBytes == null) {
            return new UtMetadataMessage.Reject(piece);
        }
        long start = (long) piece * UtMetadataMessage.PIECE_SIZE;
        if (start >= infoBytes.length) {
            return new UtMetadataMessage.Reject(piece);
        }
        int end = (int) Math.min(infoBytes.length, start + UtMetadataMessage.PIECE_SIZE);
        byte[] chunk = new byte[end - (int) start];
        System.arraycopy(infoBytes, (int) start, chunk, 0, chunk.length);
        return new UtMetadataMessage.Data(piece, infoBytes.length, chunk);
    }
}
