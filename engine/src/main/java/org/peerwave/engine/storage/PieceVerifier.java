package org.peerwave.engine.storage;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.MerkleTree;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * Checks a piece's bytes against the torrent: SHA-1 for v1; for v2 the SHA-256 merkle root of the
 * piece's 16 KiB blocks against the file's piece layer (or its pieces root when the file has one
 * piece); hybrid pieces must match both. Thread-safe.
 */
public final class PieceVerifier {

    private static final byte[] ZERO_LEAF = new byte[MerkleTree.HASH_SIZE];

    private final TorrentMetainfo metainfo;
    private final StorageLayout layout;
    private final boolean v1;
    private final boolean v2;
    private final byte[][] layers;

    public PieceVerifier(TorrentMetainfo metainfo, StorageLayout layout) {
        this.metainfo = metainfo;
        this.layout = layout;
        this.v1 = metainfo.kind() != TorrentMetainfo.Kind.V2;
        this.v2 = metainfo.kind() != TorrentMetainfo.Kind.V1;
        this.layers = new byte[layout.files().size()][];
        if (v2) {
            for (int i = 0; i < layers.length; i++) {
                FileEntry f = layout.files().get(i);
                if (!f.pad() && f.length() > metainfo.pieceLength()) {
                    layers[i] = metainfo.pieceLayer(f).orElse(null);
                }
            }
        }
    }

    /** True when {@code data[0, size)} (the whole piece, pad bytes as zeros) is piece {@code piece}. */
    public boolean verify(int piece, byte[] data) {
        int size = layout.pieceSize(piece);
        if (data.length < size) {
            throw new IllegalArgumentException("piece " + piece + " has " + size + " bytes, got " + data.length);
        }
        if (v1) {
            MessageDigest sha1 = MerkleTree.sha1();
            sha1.update(data, 0, size);
            if (!MessageDigest.isEqual(sha1.digest(), metainfo.pieceHashV1(piece))) {
                return false;
            }
        }
        if (v2) {
            byte[] expected = expectedV2(piece);
            return expected != null && MessageDigest.isEqual(v2Root(piece, data, size), expected);
        }
        return true;
    }

    private byte[] expectedV2(int piece) {
        long start = layout.pieceOffset(piece);
        int fileIndex = layout.dataFileAt(start);
        FileEntry f = layout.files().get(fileIndex);
        if (f.length() <= metainfo.pieceLength()) {
            return f.piecesRoot();
        }
        byte[] layer = layers[fileIndex];
        if (layer == null) {
            return null;
        }
        int inFile = (int) ((start - f.offset()) / metainfo.pieceLength());
        if ((inFile + 1) * MerkleTree.HASH_SIZE > layer.length) {
            return null;
        }
        return Arrays.copyOfRange(layer, inFile * MerkleTree.HASH_SIZE, (inFile + 1) * MerkleTree.HASH_SIZE);
    }

    private byte[] v2Root(int piece, byte[] data, int size) {
        long start = layout.pieceOffset(piece);
        FileEntry f = layout.files().get(layout.dataFileAt(start));
        int pieceLength = metainfo.pieceLength();
        int dataLen = (int) Math.min(size, f.end() - start);
        int blocks = (dataLen + MerkleTree.BLOCK_SIZE - 1) / MerkleTree.BLOCK_SIZE;
        byte[] leaves = new byte[blocks * MerkleTree.HASH_SIZE];
        MessageDigest sha256 = MerkleTree.sha256();
        for (int b = 0; b < blocks; b++) {
            int off = b * MerkleTree.BLOCK_SIZE;
            sha256.update(data, off, Math.min(MerkleTree.BLOCK_SIZE, dataLen - off));
            try {
                sha256.digest(leaves, b * MerkleTree.HASH_SIZE, MerkleTree.HASH_SIZE);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
        }
        long width = f.length() < pieceLength
                ? MerkleTree.nextPowerOfTwo((f.length() + MerkleTree.BLOCK_SIZE - 1) / MerkleTree.BLOCK_SIZE)
                : pieceLength / MerkleTree.BLOCK_SIZE;
        return MerkleTree.root(leaves, 0, blocks, width, ZERO_LEAF);
    }
}
