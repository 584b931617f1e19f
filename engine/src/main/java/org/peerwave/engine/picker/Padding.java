package org.peerwave.engine.picker;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the padding blocks of a torrent: blocks that lie wholly outside every real file (in pad
 * files of hybrid and BEP 47 torrents, or in the alignment gaps of v2-only ones).
 */
public final class Padding {

    private Padding() {
    }

    /**
     * The padding blocks by piece, for {@link PiecePicker#setPadding}.
     *
     * @param content the byte ranges {@code [start, end)} of the real (not pad, not empty) files,
     *                in the torrent's storage space, in order
     */
    public static Map<Integer, BitSet> blocks(PieceLayout layout, List<long[]> content) {
        Map<Integer, BitSet> out = new HashMap<>();
        long storage = (long) (layout.pieceCount() - 1) * layout.pieceLength() + layout.lastPieceLength();
        long cursor = 0;
        for (long[] range : content) {
            if (range[0] > cursor) {
                addGap(layout, cursor, range[0], out);
            }
            cursor = Math.max(cursor, range[1]);
        }
        if (cursor < storage) {
            addGap(layout, cursor, storage, out);
        }
        return out;
    }

    /** Marks the blocks wholly inside {@code [from, to)}. */
    private static void addGap(PieceLayout layout, long from, long to, Map<Integer, BitSet> out) {
        long bs = layout.blockSize();
        long pl = layout.pieceLength();
        for (int piece = (int) (from / pl); piece < layout.pieceCount() && (long) piece * pl < to; piece++) {
            long pieceStart = (long) piece * pl;
            int blocks = layout.blocksIn(piece);
            for (int i = 0; i < blocks; i++) {
                long bStart = pieceStart + i * bs;
                long bEnd = Math.min(bStart + bs, pieceStart + layout.pieceSize(piece));
                if (bStart >= from && bEnd <= to) {
                    out.computeIfAbsent(piece, k -> new BitSet(blocks)).set(i);
                }
            }
        }
    }
}
