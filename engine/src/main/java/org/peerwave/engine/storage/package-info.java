/**
 * Piece storage: the bytes of a torrent behind {@link org.peerwave.engine.storage.PieceStorage}
 * (files on disk, or memory for tests, plus a counting/slowing decorator), piece verification for
 * v1, v2 and hybrid torrents, the {@link org.peerwave.engine.storage.Bitfield}, and fast resume
 * ({@link org.peerwave.engine.storage.ResumeStore}, {@link org.peerwave.engine.storage.ResumeValidator}).
 *
 * <p>Depends only on {@code bencode} and {@code metainfo}. Disk I/O and hashing run on the
 * executors of {@link org.peerwave.engine.storage.StorageExecutors}, never on a network event loop.
 * See docs/decisions/0004-storage-part-file-and-fast-resume.md.
 */
package org.peerwave.engine.storage;
