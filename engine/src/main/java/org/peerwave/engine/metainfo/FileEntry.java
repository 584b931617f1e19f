package org.peerwave.engine.metainfo;

import java.util.List;

/**
 * One file of a torrent.
 *
 * @param path          sanitized path components relative to the torrent's root folder (for a
 *                      single-file torrent: just the file name); see {@link PathSanitizer}
 * @param length        size in bytes
 * @param offset        where the file starts in the torrent's byte space (v1 layout with pad
 *                      files for v1 and hybrid torrents; piece-aligned for v2-only torrents)
 * @param attributes    BEP 47 attribute letters ({@code p} pad, {@code x} executable,
 *                      {@code h} hidden, {@code l} symlink), possibly empty
 * @param piecesRoot    the v2 merkle root of the file (32 bytes), or {@code null} for v1-only
 *                      torrents, pad files and empty files
 * @param pathRewritten true when the sanitizer had to change the announced path
 */
public record FileEntry(List<String> path, long length, long offset, String attributes, byte[] piecesRoot,
                        boolean pathRewritten) {

    public FileEntry {
        path = List.copyOf(path);
        if (length < 0 || offset < 0) {
            throw new IllegalArgumentException("negative file length or offset");
        }
        attributes = attributes == null ? "" : attributes;
        piecesRoot = piecesRoot == null ? null : piecesRoot.clone();
    }

    /** A BEP 47 pad file: zeros that align the next file to a piece boundary; never written. */
    public boolean pad() {
        return attributes.indexOf('p') >= 0;
    }

    public boolean executable() {
        return attributes.indexOf('x') >= 0;
    }

    public boolean hidden() {
        return attributes.indexOf('h') >= 0;
    }

    public boolean symlink() {
        return attributes.indexOf('l') >= 0;
    }

    @Override
    public byte[] piecesRoot() {
        return piecesRoot == null ? null : piecesRoot.clone();
    }

    /** The path joined with {@code /}. */
    public String pathString() {
        return String.join("/", path);
    }

    /** Offset just past the end of the file. */
    public long end() {
        return offset + length;
    }
}
