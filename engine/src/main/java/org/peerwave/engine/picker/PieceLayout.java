package org.peerwave.engine.picker;

/**
 * The shape of a torrent's pieces and blocks.
 *
 * @param pieceCount number of pieces, positive
 * @param pieceLength length of every piece but the last, positive
 * @param lastPieceLength length of the last piece, in {@code (0, pieceLength]}
 * @param blockSize request size, positive (16 KiB on the wire)
 */
public record PieceLayout(int pieceCount, int pieceLength, int lastPieceLength, int blockSize) {

    /** The block size every client uses (BEP 3: requests above 16 KiB may be refused). */
    public static final int DEFAULT_BLOCK_SIZE = 16 * 1024;

    public PieceLayout {
        if (pieceCount <= 0) {
            throw new IllegalArgumentException("pieceCount must be positive: " + pieceCount);
        }
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("pieceLength must be positive: " + pieceLength);
        }
        if (lastPieceLength <= 0 || lastPieceLength > pieceLength) {
            throw new IllegalArgumentException("lastPieceLength must be in (0, " + pieceLength + "]: " + lastPieceLength);
        }
        if (blockSize <= 0) {
            throw new IllegalArgumentException("blockSize must be positive: " + blockSize);
        }
    }

    /** The layout of {@code totalLength} bytes cut in pieces of {@code pieceLength}, 16 KiB blocks. */
    public static PieceLayout of(long totalLength, int pieceLength) {
        if (totalLength <= 0 || pieceLength <= 0) {
            throw new IllegalArgumentException("invalid lengths " + totalLength + " / " + pieceLength);
        }
        int count = Math.toIntExact((totalLength + pieceLength - 1) / pieceLength);
        int last = (int) (totalLength - (long) (count - 1) * pieceLength);
        return new PieceLayout(count, pieceLength, last, DEFAULT_BLOCK_SIZE);
    }

    /** The length of {@code piece} in bytes. */
    public int pieceSize(int piece) {
        checkPiece(piece);
        return piece == pieceCount - 1 ? lastPieceLength : pieceLength;
    }

    /** How many blocks {@code piece} has. */
    public int blocksIn(int piece) {
        return (pieceSize(piece) + blockSize - 1) / blockSize;
    }

    /** Block {@code index} of {@code piece}; the last block of a piece may be shorter. */
    public Block block(int piece, int index) {
        int size = pieceSize(piece);
        int offset = index * blockSize;
        if (index < 0 || offset >= size) {
            throw new IllegalArgumentException("no block " + index + " in piece " + piece);
        }
        return new Block(piece, offset, Math.min(blockSize, size - offset));
    }

    /** The index of {@code block} inside its piece, or -1 when it is not exactly one of our blocks. */
    public int indexOf(Block block) {
        if (block.piece() >= pieceCount || block.offset() % blockSize != 0) {
            return -1;
        }
        int size = pieceSize(block.piece());
        if (block.offset() >= size || block.length() != Math.min(blockSize, size - block.offset())) {
            return -1;
        }
        return block.offset() / blockSize;
    }

    /** Throws unless {@code 0 <= piece < pieceCount}. */
    public void checkPiece(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " outside [0, " + pieceCount + ")");
        }
    }
}
