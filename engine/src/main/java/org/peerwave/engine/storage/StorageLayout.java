package org.peerwave.engine.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * Piece geometry of a torrent: where each piece lies in the torrent's byte space and which files
 * (or pad files, or alignment gaps of v2-only torrents) a byte range covers.
 *
 * <p>v1 pieces may span files; in v2-only torrents each file starts on a piece boundary and a piece
 * never spans two files (its last piece is short); hybrid torrents align files with pad files.
 */
public final class StorageLayout {

    /**
     * A part of a byte range that falls in one file.
     *
     * @param fileIndex     index in {@link TorrentMetainfo#files()}, or -1 for a gap between v2 files
     * @param fileOffset    position in that file
     * @param rangeOffset   position in the requested range
     * @param length        bytes
     * @param pad           true for pad files and gaps: zeros, never stored
     */
    public record Slice(int fileIndex, long fileOffset, int rangeOffset, int length, boolean pad) {
    }

    private final TorrentMetainfo.Kind kind;
    private final List<FileEntry> files;
    private final long[] offsets;
    private final int pieceLength;
    private final int pieceCount;
    private final long storageLength;

    public StorageLayout(TorrentMetainfo metainfo) {
        this.kind = metainfo.kind();
        this.files = metainfo.files();
        this.pieceLength = metainfo.pieceLength();
        this.pieceCount = metainfo.pieceCount();
        this.storageLength = metainfo.storageLength();
        this.offsets = new long[files.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = files.get(i).offset();
        }
    }

    public TorrentMetainfo.Kind kind() {
        return kind;
    }

    public List<FileEntry> files() {
        return files;
    }

    public int pieceLength() {
        return pieceLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Where piece {@code piece} starts in the torrent's byte space. */
    public long pieceOffset(int piece) {
        checkPiece(piece);
        return (long) piece * pieceLength;
    }

    /** Bytes in piece {@code piece}: the piece length, less for the last piece (of a file, for v2-only). */
    public int pieceSize(int piece) {
        long start = pieceOffset(piece);
        long end = kind == TorrentMetainfo.Kind.V2 ? files.get(dataFileAt(start)).end() : storageLength;
        return (int) Math.min(pieceLength, end - start);
    }

    /**
     * The non-pad, non-empty file that holds byte {@code pos}; for a piece start in v2 and hybrid
     * torrents, the file whose merkle tree covers that piece.
     */
    public int dataFileAt(long pos) {
        int i = Arrays.binarySearch(offsets, pos);
        if (i < 0) {
            i = -i - 2;
        } else {
            while (i + 1 < offsets.length && offsets[i + 1] == pos) {
                i++;
            }
        }
        for (int j = Math.max(i, 0); j >= 0; j--) {
            FileEntry f = files.get(j);
            if (f.offset() <= pos && pos < f.end()) {
                return j;
            }
            if (f.end() <= pos && f.length() > 0) {
                break;
            }
        }
        throw new IllegalArgumentException("no file holds byte " + pos);
    }

    /** The slices of the range {@code [pos, pos + length)}, in order, covering it exactly. */
    public List<Slice> slices(long pos, int length) {
        if (pos < 0 || length < 0 || pos + length > storageLength) {
            throw new IllegalArgumentException("range " + pos + "+" + length + " outside the torrent ("
                    + storageLength + " bytes)");
        }
        List<Slice> out = new ArrayList<>(2);
        int i = Arrays.binarySearch(offsets, pos);
        if (i < 0) {
            i = Math.max(0, -i - 2);
        } else {
            while (i > 0 && offsets[i - 1] == pos) {
                i--;
            }
        }
        int done = 0;
        while (done < length) {
            long p = pos + done;
            while (i < files.size() && files.get(i).end() <= p) {
                i++;
            }
            if (i >= files.size()) {
                throw new IllegalStateException("range " + pos + "+" + length + " runs past the last file");
            }
            FileEntry f = files.get(i);
            if (f.offset() > p) { // alignment gap before a v2 file
                int n = (int) Math.min(length - done, f.offset() - p);
                out.add(new Slice(-1, 0, done, n, true));
                done += n;
                continue;
            }
            int n = (int) Math.min(length - done, f.end() - p);
            out.add(new Slice(i, p - f.offset(), done, n, f.pad()));
            done += n;
            i++;
        }
        return out;
    }

    /** Pieces that hold bytes of file {@code fileIndex}: {@code [first, last)}; empty for empty and pad files. */
    public int[] pieceRange(int fileIndex) {
        FileEntry f = files.get(fileIndex);
        if (f.length() == 0 || f.pad()) {
            return new int[] {0, 0};
        }
        int first = (int) (f.offset() / pieceLength);
        int last = (int) ((f.end() + pieceLength - 1) / pieceLength);
        return new int[] {first, Math.min(last, pieceCount)};
    }

    void checkPiece(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IllegalArgumentException("piece " + piece + " out of range (0.." + (pieceCount - 1) + ")");
        }
    }

    /** Checks a block request: inside the piece, positive length. */
    void checkBlock(int piece, int offset, int length) {
        checkPiece(piece);
        int size = pieceSize(piece);
        if (offset < 0 || length <= 0 || (long) offset + length > size) {
            throw new IllegalArgumentException("block " + offset + "+" + length + " outside piece " + piece
                    + " (" + size + " bytes)");
        }
    }
}
