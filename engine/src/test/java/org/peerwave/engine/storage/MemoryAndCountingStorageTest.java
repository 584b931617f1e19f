package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

class MemoryAndCountingStorageTest {

    @TempDir
    static Path sources;
    static Path tree;

    @BeforeAll
    static void tree() throws Exception {
        tree = TestTrees.unicodeTree(sources);
    }

    @Test
    void memoryStorageVerifiesEveryKind() throws Exception {
        for (TorrentCreator.Mode mode : TorrentCreator.Mode.values()) {
            TorrentMetainfo m = TorrentCreator.builder(tree).mode(mode).pieceLength(16 * 1024).create().metainfo();
            byte[] ref = StorageFixtures.reference(m, tree);
            MemoryStorage storage = MemoryStorage.direct(m);
            assertThat(storage.checkExisting(PieceStorage.CheckProgress.NONE).join().isEmpty()).isTrue();
            StorageFixtures.writeAll(storage, ref, 11);
            assertThat(StorageFixtures.verifyAll(storage).isComplete()).as(mode.name()).isTrue();
            assertThat(storage.checkExisting(PieceStorage.CheckProgress.NONE).join().isComplete()).isTrue();
        }
    }

    @Test
    void padBytesAreNeverStoredByFileStorage(@TempDir Path save) throws Exception {
        TorrentMetainfo m = TorrentCreator.builder(tree).mode(TorrentCreator.Mode.HYBRID).pieceLength(16 * 1024)
                .create().metainfo();
        FileEntry pad = m.files().stream().filter(FileEntry::pad).findFirst().orElseThrow();
        int piece = (int) (pad.offset() / m.pieceLength());
        int off = (int) (pad.offset() - (long) piece * m.pieceLength());
        try (StorageExecutors ex = new StorageExecutors(StorageSettings.defaults());
             FileStorage fs = new FileStorage(m, save, StorageSettings.defaults(), ex)) {
            byte[] junk = new byte[(int) Math.min(pad.length(), 100)];
            java.util.Arrays.fill(junk, (byte) 7);
            fs.writeBlock(piece, off, ByteBuffer.wrap(junk)).join();
            assertThat(fs.readBlock(piece, off, junk.length).join()).containsOnly((byte) 0);
            assertThat(StorageFixtures.filesUnder(save)).isEmpty();
        }
    }

    @Test
    void countingDecoratorCountsAndDelays() throws Exception {
        TorrentMetainfo m = TorrentCreator.builder(tree).mode(TorrentCreator.Mode.V1).pieceLength(16 * 1024)
                .create().metainfo();
        byte[] ref = StorageFixtures.reference(m, tree);
        CountingStorage counting = new CountingStorage(MemoryStorage.direct(m), Duration.ofMillis(30));
        long start = System.nanoTime();
        CompletableFuture<Void> w = counting.writeBlock(0, 0, ByteBuffer.wrap(ref, 0, 1000));
        w.join();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        assertThat(counting.readBlock(0, 0, 500).join()).hasSize(500);
        assertThat(counting.verifyPiece(0).join()).isFalse();
        assertThat(counting.bytesWritten()).isEqualTo(1000);
        assertThat(counting.blocksWritten()).isEqualTo(1);
        assertThat(counting.bytesRead()).isEqualTo(500);
        assertThat(counting.piecesVerified()).isEqualTo(1);
        assertThat(counting.bytesVerified()).isEqualTo(16 * 1024);
    }
}
