package org.peerwave.engine.stream;

import java.util.List;
import java.util.Objects;

import org.peerwave.engine.metainfo.FileEntry;

/**
 * Where one file of a torrent lies in the torrent's byte space (pad files included, BEP 47): maps a
 * position in the file to the piece that holds it and the offset in that piece. A file is one
 * contiguous run of the byte space, so pad files never fall inside it.
 *
 * @param start       offset of the file's first byte in the torrent's byte space
 * @param length      the file's length in bytes
 * @param pieceLength the torrent's piece length
 */
public record FileSpan(long start, long length, int pieceLength) {

    public FileSpan {
        if (start < 0 || length < 0 || pieceLength <= 0) {
            throw new IllegalArgumentException("bad span start=" + start + " length=" + length
                    + " pieceLength=" + pieceLength);
        }
    }

    /**
     * The span of entry {@code fileIndex} of {@code files} (the metainfo's list, pad files
     * included); a pad file is refused: it is no content.
     */
    public static FileSpan of(List<FileEntry> files, int fileIndex, int pieceLength) {
        Objects.checkIndex(fileIndex, files.size());
        FileEntry f = files.get(fileIndex);
        if (f.pad()) {
            throw new IllegalArgumentException("file " + fileIndex + " is a pad file (BEP 47), not content");
        }
        return new FileSpan(f.offset(), f.length(), pieceLength);
    }

    /** The piece that holds byte {@code position} of the file ({@code 0 <= position < length}). */
    public int pieceAt(long position) {
        checkPosition(position);
        return (int) ((start + position) / pieceLength);
    }

    /** The offset of byte {@code position} of the file inside {@link #pieceAt}. */
    public int offsetInPiece(long position) {
        checkPosition(position);
        return (int) ((start + position) % pieceLength);
    }

    /**
     * How many bytes from {@code position} on lie in the same piece and in the file: a read from
     * {@code position} of at most this many bytes needs one piece only.
     */
    public int bytesInPieceFrom(long position) {
        checkPosition(position);
        long pieceEnd = ((start + position) / pieceLength + 1) * pieceLength;
        return (int) (Math.min(pieceEnd, start + length) - (start + position));
    }

    /** The first piece of the file (for an empty file: the piece its offset falls in). */
    public int firstPiece() {
        return (int) (start / pieceLength);
    }

    /** The last piece that holds bytes of the file (for an empty file: {@link #firstPiece()}). */
    public int lastPiece() {
        return length == 0 ? firstPiece() : (int) ((start + length - 1) / pieceLength);
    }

    /** Bytes {@code [start, end)} of a file. */
    public record Extent(long start, long end) {
        public Extent {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad extent [" + start + ", " + end + ")");
            }
        }

        public long length() {
            return end - start;
        }
    }

    /**
     * The parts of this file held by the pieces set in {@code verified} (bit {@code i} is piece
     * {@code i}), as file-relative extents in order, adjacent pieces merged.
     */
    public List<Extent> extentsOf(java.util.BitSet verified) {
        List<Extent> out = new java.util.ArrayList<>();
        if (length == 0) {
            return out;
        }
        int first = firstPiece();
        int last = lastPiece();
        for (int p = verified.nextSetBit(first); p >= 0 && p <= last; ) {
            int end = verified.nextClearBit(p);
            int runLast = Math.min(end - 1, last);
            long from = Math.max(0, (long) p * pieceLength - start);
            long to = Math.min(length, (long) (runLast + 1) * pieceLength - start);
            out.add(new Extent(from, to));
            p = end > last ? -1 : verified.nextSetBit(end);
        }
        return out;
    }

    private void checkPosition(long position) {
        if (position < 0 || position >= length) {
            throw new IndexOutOfBoundsException("position " + position + " outside the file [0, " + length + ")");
        }
    }
}
