package org.peerwave.engine.picker;

/**
 * The pieces one file overlaps, as plain data so that the picker does not depend on metainfo types.
 * An empty file overlaps no piece: {@link #NONE}, or any range with {@code lastPiece < firstPiece}.
 *
 * @param firstPiece the first piece the file touches
 * @param lastPiece the last piece the file touches, inclusive
 */
public record FilePieces(int firstPiece, int lastPiece) {

    /** The range of an empty file. */
    public static final FilePieces NONE = new FilePieces(0, -1);

    public FilePieces {
        if (firstPiece < 0 || lastPiece < -1) {
            throw new IllegalArgumentException("invalid piece range " + firstPiece + "-" + lastPiece);
        }
    }

    /**
     * The pieces that the bytes {@code [offset, offset + length)} of the torrent overlap.
     *
     * @param offset where the file starts in the torrent's byte stream
     * @param length the file's length; zero gives {@link #NONE}
     * @param pieceLength the torrent's piece length
     */
    public static FilePieces of(long offset, long length, long pieceLength) {
        if (offset < 0 || length < 0 || pieceLength <= 0) {
            throw new IllegalArgumentException("invalid file span " + offset + "+" + length + " / " + pieceLength);
        }
        if (length == 0) {
            return NONE;
        }
        return new FilePieces(Math.toIntExact(offset / pieceLength),
                Math.toIntExact((offset + length - 1) / pieceLength));
    }

    /** True when the file overlaps no piece. */
    public boolean isEmpty() {
        return lastPiece < firstPiece;
    }
}
