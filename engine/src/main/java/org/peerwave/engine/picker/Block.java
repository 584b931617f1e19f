package org.peerwave.engine.picker;

/**
 * One block of a piece, as named in a request, piece, cancel or reject message.
 *
 * @param piece the piece index, zero or more
 * @param offset the byte offset inside the piece, zero or more
 * @param length the length in bytes, positive
 */
public record Block(int piece, int offset, int length) {

    public Block {
        if (piece < 0 || offset < 0 || length <= 0) {
            throw new IllegalArgumentException("invalid block " + piece + "/" + offset + "/" + length);
        }
    }

    @Override
    public String toString() {
        return piece + ":" + offset + "+" + length;
    }
}
