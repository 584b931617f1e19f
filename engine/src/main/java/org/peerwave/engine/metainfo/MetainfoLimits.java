package org.peerwave.engine.metainfo;

import org.peerwave.engine.bencode.BencodeLimits;

/**
 * Limits for parsing torrent files.
 *
 * @param bencode        limits of the bencode decoder (input size, depth, value count)
 * @param maxFiles       most files (pad files included) a torrent may list
 * @param maxPieceLength largest piece length accepted, in bytes
 * @param maxPathDepth   most components in one file path
 */
public record MetainfoLimits(BencodeLimits bencode, int maxFiles, int maxPieceLength, int maxPathDepth) {

    /** 10 MB input, depth 100, 1,000,000 files, pieces up to 256 MiB, paths up to 64 components. */
    public static final MetainfoLimits DEFAULT =
            new MetainfoLimits(BencodeLimits.TORRENT_FILE, 1_000_000, 256 * 1024 * 1024, 64);

    public MetainfoLimits {
        if (bencode == null) {
            throw new IllegalArgumentException("bencode limits are required");
        }
        if (maxFiles <= 0 || maxPieceLength < 16 * 1024 || maxPathDepth <= 0) {
            throw new IllegalArgumentException("metainfo limits out of range: files " + maxFiles
                    + ", piece length " + maxPieceLength + ", path depth " + maxPathDepth);
        }
    }

    public MetainfoLimits withMaxFiles(int n) {
        return new MetainfoLimits(bencode, n, maxPieceLength, maxPathDepth);
    }

    public MetainfoLimits withBencode(BencodeLimits b) {
        return new MetainfoLimits(b, maxFiles, maxPieceLength, maxPathDepth);
    }
}
