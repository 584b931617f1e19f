package org.peerwave.engine.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The bytes of one torrent, addressed by piece and offset. Every operation is asynchronous: I/O
 * runs on a disk executor and hashing on a hashing pool, never on the caller's thread, so a network
 * event loop may call these methods. Futures fail with a {@link StorageException} (wrapped in a
 * {@link java.util.concurrent.CompletionException}) and never corrupt data already stored.
 *
 * <p>Nothing here tracks which pieces are complete: a piece counts as complete only once
 * {@link #verifyPiece(int)} (or {@link #checkExisting(CheckProgress)}) said so; the caller keeps
 * the have-bitfield.
 */
public interface PieceStorage extends AutoCloseable {

    /** Progress of a recheck: pieces looked at so far of the total. Called from storage threads. */
    @FunctionalInterface
    interface CheckProgress {
        CheckProgress NONE = (done, total) -> { };

        void progress(int piecesDone, int pieceCount);
    }

    /** Piece geometry of the torrent. */
    StorageLayout layout();

    /** Writes {@code data} (all remaining bytes) into piece {@code piece} at {@code offset}. The buffer must not change until the future completes. */
    CompletableFuture<Void> writeBlock(int piece, int offset, ByteBuffer data);

    /** Reads {@code length} bytes of piece {@code piece} from {@code offset}; bytes never written read as zeros. */
    CompletableFuture<byte[]> readBlock(int piece, int offset, int length);

    /**
     * Reads {@code dst.remaining()} bytes of piece {@code piece} from {@code offset} into {@code dst}
     * (a direct buffer is filled without a copy), advancing its position; bytes never written read as
     * zeros. The buffer must not be touched until the future completes.
     */
    CompletableFuture<Void> readBlock(int piece, int offset, ByteBuffer dst);

    /** One block to read into {@code dst} ({@code dst.remaining()} bytes) by {@link #readBlocks}. */
    record BlockRead(int piece, int offset, ByteBuffer dst) {
    }

    /**
     * Reads several blocks as {@link #readBlocks} does, but on the calling thread (which blocks
     * for the disk): for readers that wait anyway, without the hand-off to the disk executor.
     * Throws a {@link StorageException} for a bad block, a closed storage or an I/O error.
     */
    default void readBlocksNow(java.util.List<BlockRead> reads) {
        try {
            readBlocks(reads).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof StorageException se ? se
                    : new StorageException("read failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Reads several blocks as {@link #readBlock(int, int, ByteBuffer)} does, in one disk task (one
     * thread hand-off for all of them). Fails with the first error; the buffers must not be touched
     * until the future completes.
     */
    default CompletableFuture<Void> readBlocks(java.util.List<BlockRead> reads) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[reads.size()];
        for (int i = 0; i < all.length; i++) {
            BlockRead r = reads.get(i);
            all[i] = readBlock(r.piece(), r.offset(), r.dst());
        }
        return CompletableFuture.allOf(all);
    }

    /** Reads the whole piece and checks its hash (v1, v2 or both for hybrids). */
    CompletableFuture<Boolean> verifyPiece(int piece);

    /**
     * Checks the hash of a whole piece held in memory ({@code data[0, pieceSize)}, pad bytes as
     * zeros) and writes it only when it matches: completes with {@code true} once written, with
     * {@code false} (nothing written) when the hash does not match. The array must not change until
     * the future completes.
     */
    CompletableFuture<Boolean> writeVerifiedPiece(int piece, byte[] data);

    /** Forces written data to the device. */
    CompletableFuture<Void> flush();

    /**
     * Hashes every piece whose bytes are present and returns those that verify (force recheck).
     * Pieces whose files are missing or too short count as missing without being read.
     */
    CompletableFuture<Bitfield> checkExisting(CheckProgress progress);

    /** Moves the stored files to {@code newSaveDir} (the torrent's folder is created inside it). */
    CompletableFuture<Void> moveTo(Path newSaveDir);

    /** Deletes the torrent's files (and folders left empty); the storage stays usable. */
    CompletableFuture<Void> deleteFiles();

    /** Size and modification time of every file in {@link StorageLayout#files()} order, for resume data. */
    CompletableFuture<List<FileState>> fileStates();

    /** Flushes and releases file handles; later operations fail. */
    @Override
    void close();
}
