package org.peerwave.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.peerwave.engine.metainfo.FileEntry;

/** The file offset → piece mapping over hand-made layouts with pad files. */
class FileSpanTest {

    private static FileEntry file(String name, long length, long offset, String attrs) {
        return new FileEntry(List.of(name), length, offset, attrs, null, false);
    }

    /** Pieces of 100: a(150) pad(50) b(230) pad(70) c(1) — b starts at 200, c at 500. */
    private static final List<FileEntry> FILES = List.of(
            file("a", 150, 0, ""), file(".pad/50", 50, 150, "p"), file("b", 230, 200, ""),
            file(".pad/70", 70, 430, "p"), file("c", 1, 500, ""));

    @Test
    void mapsFileOffsetsToPiecesAndOffsetsSkippingPadFiles() {
        FileSpan b = FileSpan.of(FILES, 2, 100);
        assertThat(b.start()).isEqualTo(200);
        assertThat(b.length()).isEqualTo(230);
        assertThat(b.pieceAt(0)).isEqualTo(2);
        assertThat(b.offsetInPiece(0)).isZero();
        assertThat(b.pieceAt(99)).isEqualTo(2);
        assertThat(b.pieceAt(100)).isEqualTo(3);
        assertThat(b.offsetInPiece(150)).isEqualTo(50);
        assertThat(b.pieceAt(229)).isEqualTo(4);
        assertThat(b.offsetInPiece(229)).isEqualTo(29);
        assertThat(b.firstPiece()).isEqualTo(2);
        assertThat(b.lastPiece()).isEqualTo(4);
        assertThat(b.bytesInPieceFrom(0)).isEqualTo(100);
        assertThat(b.bytesInPieceFrom(95)).isEqualTo(5);
        assertThat(b.bytesInPieceFrom(200)).as("stops at the file's end, before the pad").isEqualTo(30);
    }

    @Test
    void aFileThatStartsInsideAPieceSharesItWithTheFileBefore() {
        // v1 without pad files: b starts at 150, in the middle of piece 1
        List<FileEntry> v1 = List.of(file("a", 150, 0, ""), file("b", 120, 150, ""));
        FileSpan b = FileSpan.of(v1, 1, 100);
        assertThat(b.pieceAt(0)).isEqualTo(1);
        assertThat(b.offsetInPiece(0)).isEqualTo(50);
        assertThat(b.bytesInPieceFrom(0)).isEqualTo(50);
        assertThat(b.pieceAt(50)).isEqualTo(2);
        assertThat(b.offsetInPiece(50)).isZero();
        assertThat(b.bytesInPieceFrom(50)).isEqualTo(70);
        FileSpan a = FileSpan.of(v1, 0, 100);
        assertThat(a.lastPiece()).isEqualTo(1);
        assertThat(a.bytesInPieceFrom(100)).isEqualTo(50);
    }

    @Test
    void aOneByteFileAndLargeOffsets() {
        FileSpan c = FileSpan.of(FILES, 4, 100);
        assertThat(c.pieceAt(0)).isEqualTo(5);
        assertThat(c.bytesInPieceFrom(0)).isEqualTo(1);
        assertThat(c.firstPiece()).isEqualTo(c.lastPiece()).isEqualTo(5);
        FileSpan big = new FileSpan(5L << 30, 3L << 30, 4 << 20);
        assertThat(big.pieceAt((3L << 30) - 1)).isEqualTo((int) (((5L << 30) + (3L << 30) - 1) / (4 << 20)));
    }

    @Test
    void padFilesAndPositionsOutsideTheFileAreRefused() {
        assertThatThrownBy(() -> FileSpan.of(FILES, 1, 100)).hasMessageContaining("pad file");
        assertThatThrownBy(() -> FileSpan.of(FILES, 5, 100)).isInstanceOf(IndexOutOfBoundsException.class);
        FileSpan b = FileSpan.of(FILES, 2, 100);
        assertThatThrownBy(() -> b.pieceAt(230)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.pieceAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void anEmptyFileHasNoBytesToMap() {
        FileSpan empty = new FileSpan(300, 0, 100);
        assertThat(empty.firstPiece()).isEqualTo(empty.lastPiece()).isEqualTo(3);
        assertThatThrownBy(() -> empty.pieceAt(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void extentsOfVerifiedPiecesAreFileRelativeAndMerged() {
        // a file at torrent offset 150, 230 bytes long, pieces of 100: it spans pieces 1..3
        FileSpan span = new FileSpan(150, 230, 100);
        java.util.BitSet v = new java.util.BitSet();
        assertThat(span.extentsOf(v)).isEmpty();
        v.set(0); // a piece before the file: not part of it
        v.set(1);
        v.set(3);
        v.set(4); // after the file
        assertThat(span.extentsOf(v)).containsExactly(new FileSpan.Extent(0, 50), new FileSpan.Extent(150, 230));
        v.set(2);
        assertThat(span.extentsOf(v)).containsExactly(new FileSpan.Extent(0, 230));
        assertThat(new FileSpan(100, 0, 100).extentsOf(v)).isEmpty();
        assertThatThrownBy(() -> new FileSpan.Extent(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
