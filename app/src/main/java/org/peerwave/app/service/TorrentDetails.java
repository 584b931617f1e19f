package org.peerwave.app.service;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * The General tab of one torrent: hashes, folder, sizes and the verified pieces.
 *
 * @param v1Hash     hex of the v1 info hash, or empty
 * @param v2Hash     hex of the v2 info hash, or empty
 * @param savePath   the folder holding its top-level name
 * @param totalSize  bytes of the whole torrent (0 before a magnet's metadata)
 * @param pieceSize  bytes per piece (0 before metadata)
 * @param pieceCount pieces (0 before metadata)
 * @param pieces     the verified pieces
 * @param comment    the torrent's comment or empty
 * @param magnet     its magnet link
 */
public record TorrentDetails(String v1Hash, String v2Hash, Path savePath, long totalSize, int pieceSize,
                             int pieceCount, BitSet pieces, String comment, String magnet) {
}
