package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerwave.engine.storage.StorageFixtures.filesUnder;
import static org.peerwave.engine.storage.StorageFixtures.reference;
import static org.peerwave.engine.storage.StorageFixtures.sourceOf;
import static org.peerwave.engine.storage.StorageFixtures.verifyAll;
import static org.peerwave.engine.storage.StorageFixtures.writeAll;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/** FileStorage over torrents made by TorrentCreator from generated trees: v1, v2 and hybrid. */
@Timeout(120)
class FileStorageTest {

    private static final int K = 1024;

    @TempDir
    static Path sources;

    static Path oddTree;
    static Path single;
    static StorageExecutors executors;
    static final StorageSettings SETTINGS = StorageSettings.builder().openFileLimit(4).diskThreads(2).hashThreads(2)
            .build();

    @BeforeAll
    static void trees() throws Exception {
        oddTree = TestTrees.oddTree(sources.resolve("odd"));
        single = TestTrees.singleFile(sources.resolve("single"));
        executors = new StorageExecutors(SETTINGS);
    }

    @AfterAll
    static void stop() {
        executors.close();
    }

    static Stream<Arguments> torrents() {
        List<Arguments> out = new ArrayList<>();
        for (TorrentCreator.Mode mode : TorrentCreator.Mode.values()) {
            for (int pl : new int[] {16 * K, 64 * K, 256 * K}) {
                out.add(Arguments.of(mode, pl));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(TorrentCreator.Mode.class)
    void writeVerifiedPieceWritesOnlyPiecesWhoseHashMatches(TorrentCreator.Mode mode, @TempDir Path save)
            throws Exception {
        TorrentMetainfo m = create(oddTree, mode, 64 * K);
        byte[] ref = reference(m, oddTree);
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors)) {
            StorageLayout layout = storage.layout();
            int last = layout.pieceCount() - 1;
            byte[] good = Arrays.copyOfRange(ref, (int) layout.pieceOffset(last),
                    (int) layout.pieceOffset(last) + layout.pieceSize(last));
            byte[] bad = Arrays.copyOfRange(ref, 0, layout.pieceSize(0));
            bad[bad.length / 2] ^= 1;
            assertThat(storage.writeVerifiedPiece(0, bad).join()).as("corrupt piece").isFalse();
            assertThat(filesUnder(save)).as("a corrupt piece writes nothing").isEmpty();
            // a larger array than the piece is fine: only pieceSize bytes count
            byte[] roomy = Arrays.copyOf(good, good.length + 100);
            assertThat(storage.writeVerifiedPiece(last, roomy).join()).isTrue();
            assertThat(storage.verifyPiece(last).join()).as("written and verifiable from disk").isTrue();
            assertThat(storage.verifyPiece(0).join()).isFalse();
            assertThatThrownBy(() -> storage.writeVerifiedPiece(0, new byte[10]).join())
                    .hasCauseInstanceOf(StorageException.class);
        }
    }

    static TorrentMetainfo create(Path source, TorrentCreator.Mode mode, int pieceLength) throws Exception {
        return TorrentCreator.builder(source).mode(mode).pieceLength(pieceLength).threads(1).create().metainfo();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("torrents")
    void blocksInRandomOrderGiveVerifiedPiecesAndIdenticalFiles(TorrentCreator.Mode mode, int pieceLength,
                                                                @TempDir Path save) throws Exception {
        TorrentMetainfo m = create(oddTree, mode, pieceLength);
        byte[] ref = reference(m, oddTree);
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors)) {
            writeAll(storage, ref, pieceLength);
            assertThat(verifyAll(storage).isComplete()).as("every piece verifies").isTrue();
            storage.flush().join();
            assertThat(storage.openFiles()).isLessThanOrEqualTo(4);

            List<String> expected = new ArrayList<>();
            for (FileEntry f : m.contentFiles()) {
                expected.add(m.name() + "/" + f.pathString());
                assertThat(Files.mismatch(sourceOf(m, oddTree, f), save.resolve(m.name()).resolve(f.pathString())))
                        .as(f.pathString()).isEqualTo(-1L);
            }
            // pad files never appear, nothing else is created
            assertThat(filesUnder(save)).containsExactlyInAnyOrderElementsOf(expected);
            if (mode == TorrentCreator.Mode.HYBRID) {
                assertThat(m.files()).anyMatch(FileEntry::pad);
            }

            // reading back any range, across file boundaries and pad files
            Random r = new Random(pieceLength);
            StorageLayout layout = storage.layout();
            for (int i = 0; i < 300; i++) {
                int piece = r.nextInt(layout.pieceCount());
                int size = layout.pieceSize(piece);
                int off = r.nextInt(size);
                int len = 1 + r.nextInt(size - off);
                byte[] got = storage.readBlock(piece, off, len).join();
                int at = (int) (layout.pieceOffset(piece) + off);
                assertThat(got).isEqualTo(Arrays.copyOfRange(ref, at, at + len));
                // the same range into a direct buffer (what the upload path uses), at an offset
                ByteBuffer direct = ByteBuffer.allocateDirect(len + 7).position(7);
                storage.readBlock(piece, off, direct).join();
                assertThat(direct.position()).isEqualTo(len + 7);
                byte[] fromDirect = new byte[len];
                direct.get(7, fromDirect);
                assertThat(fromDirect).isEqualTo(got);
            }
            // several ranges in one disk task (the upload path's batches)
            List<PieceStorage.BlockRead> batch = new ArrayList<>();
            List<byte[]> expectedBlocks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int piece = r.nextInt(layout.pieceCount());
                int size = layout.pieceSize(piece);
                int off = r.nextInt(size);
                int len = 1 + r.nextInt(size - off);
                int at = (int) (layout.pieceOffset(piece) + off);
                batch.add(new PieceStorage.BlockRead(piece, off, ByteBuffer.allocateDirect(len)));
                expectedBlocks.add(Arrays.copyOfRange(ref, at, at + len));
            }
            storage.readBlocks(batch).join();
            for (int i = 0; i < batch.size(); i++) {
                ByteBuffer d = batch.get(i).dst().flip();
                byte[] got = new byte[d.remaining()];
                d.get(got);
                assertThat(got).isEqualTo(expectedBlocks.get(i));
            }
            assertThatThrownBy(() -> storage.readBlocks(List.of(new PieceStorage.BlockRead(layout.pieceCount(), 0,
                    ByteBuffer.allocate(10)))).join()).hasCauseInstanceOf(StorageException.class);
            for (int p = 0; p < layout.pieceCount(); p++) {
                int at = (int) layout.pieceOffset(p);
                assertThat(storage.readBlock(p, 0, layout.pieceSize(p)).join())
                        .isEqualTo(Arrays.copyOfRange(ref, at, at + layout.pieceSize(p)));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("torrents")
    void aCorruptBlockFailsOnlyItsPiece(TorrentCreator.Mode mode, int pieceLength, @TempDir Path save)
            throws Exception {
        TorrentMetainfo m = create(oddTree, mode, pieceLength);
        byte[] ref = reference(m, oddTree);
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors)) {
            writeAll(storage, ref, 7);
            StorageLayout layout = storage.layout();
            int victim = layout.pieceCount() / 2;
            int size = layout.pieceSize(victim);
            int off = Math.max(0, size - 100) / StorageFixtures.BLOCK * StorageFixtures.BLOCK;
            byte[] bad = storage.readBlock(victim, off, Math.min(StorageFixtures.BLOCK, size - off)).join();
            bad[bad.length / 2] ^= 0x5a;
            storage.writeBlock(victim, off, ByteBuffer.wrap(bad)).join();

            Bitfield ok = verifyAll(storage);
            assertThat(ok.get(victim)).isFalse();
            assertThat(ok.count()).isEqualTo(layout.pieceCount() - 1);

            bad[bad.length / 2] ^= 0x5a;
            storage.writeBlock(victim, off, ByteBuffer.wrap(bad)).join();
            assertThat(storage.verifyPiece(victim).join()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("torrents")
    void skippedFilesAreNeverCreatedAndSharedPiecesStillVerify(TorrentCreator.Mode mode, int pieceLength,
                                                               @TempDir Path save) throws Exception {
        TorrentMetainfo m = create(oddTree, mode, pieceLength);
        byte[] ref = reference(m, oddTree);
        boolean[] wanted = new boolean[m.files().size()];
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < wanted.length; i++) {
            FileEntry f = m.files().get(i);
            wanted[i] = i % 3 != 1;
            if (wanted[i] && !f.pad()) {
                expected.add(m.name() + "/" + f.pathString());
            }
        }
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors, wanted)) {
            writeAll(storage, ref, 3);
            assertThat(verifyAll(storage).isComplete()).isTrue();
            storage.flush().join();
            List<String> onDisk = new ArrayList<>(filesUnder(save));
            assertThat(onDisk.remove(storage.partFile().getFileName().toString())).as("part file").isTrue();
            assertThat(onDisk).containsExactlyInAnyOrderElementsOf(expected);
            for (int i = 0; i < wanted.length; i++) {
                FileEntry f = m.files().get(i);
                if (wanted[i] && !f.pad()) {
                    assertThat(Files.mismatch(sourceOf(m, oddTree, f), storage.pathOf(i))).isEqualTo(-1L);
                }
            }
            // a recheck of a fresh storage on the same folder finds every piece through the part file
            try (FileStorage again = new FileStorage(m, save, SETTINGS, executors, wanted)) {
                assertThat(again.checkExisting(PieceStorage.CheckProgress.NONE).join().isComplete()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aFileThatBecomesWantedGetsItsBytesFromThePartFile(TorrentCreator.Mode mode, @TempDir Path save)
            throws Exception {
        TorrentMetainfo m = create(oddTree, mode, 64 * K);
        byte[] ref = reference(m, oddTree);
        boolean[] wanted = new boolean[m.files().size()];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = i % 2 == 0;
        }
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors, wanted)) {
            writeAll(storage, ref, 13);
            assertThat(Files.exists(storage.partFile())).isTrue();
            boolean[] all = new boolean[wanted.length];
            Arrays.fill(all, true);
            storage.setWanted(all).join();
            assertThat(Files.exists(storage.partFile())).as("part file removed once unused").isFalse();
            assertThat(verifyAll(storage).isComplete()).isTrue();
            storage.flush().join();
            for (int i = 0; i < wanted.length; i++) {
                FileEntry f = m.files().get(i);
                if (!f.pad()) {
                    assertThat(Files.mismatch(sourceOf(m, oddTree, f), storage.pathOf(i))).as(f.pathString())
                            .isEqualTo(-1L);
                }
            }
            // unwanting a file again keeps its bytes where they are
            storage.setWanted(wanted).join();
            assertThat(verifyAll(storage).isComplete()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aFileUnwantedBeforeItsFirstWriteIsNeverCreatedAndAKeptFileServesItsBytesAfterARestart(
            TorrentCreator.Mode mode, @TempDir Path save) throws Exception {
        TorrentMetainfo m = create(oddTree, mode, 64 * K);
        byte[] ref = reference(m, oddTree);
        int big = bigFile(m);
        boolean[] allButBig = new boolean[m.files().size()];
        Arrays.fill(allButBig, true);
        allButBig[big] = false;
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors)) {
            storage.setWanted(allButBig).join(); // wanted at first, unwanted before anything was written
            writeAll(storage, ref, 7);
            assertThat(verifyAll(storage).isComplete()).isTrue();
            storage.flush().join();
            assertThat(storage.pathOf(big)).doesNotExist();
        }
        // restart with only the big file unwanted... then with a kept (existing) file unwanted too
        int other = big == 0 ? 1 : 0;
        while (m.files().get(other).pad() || m.files().get(other).length() == 0) {
            other++;
        }
        boolean[] fewer = allButBig.clone();
        fewer[other] = false;
        try (FileStorage again = new FileStorage(m, save, SETTINGS, executors, fewer)) {
            assertThat(again.checkExisting(PieceStorage.CheckProgress.NONE).join().isComplete()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void recheckFindsPresentPiecesWithProgressAndMissesDeletedFiles(TorrentCreator.Mode mode, @TempDir Path save)
            throws Exception {
        TorrentMetainfo m = create(oddTree, mode, 32 * K);
        byte[] ref = reference(m, oddTree);
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors)) {
            writeAll(storage, ref, 5);
            storage.flush().join();
        }
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors)) {
            AtomicInteger last = new AtomicInteger();
            Bitfield have = storage.checkExisting((done, total) -> last.accumulateAndGet(done, Math::max)).join();
            assertThat(have.isComplete()).isTrue();
            assertThat(last.get()).isEqualTo(m.pieceCount());

            int victim = bigFile(m);
            Files.delete(storage.pathOf(victim));
            Bitfield after = storage.checkExisting(PieceStorage.CheckProgress.NONE).join();
            int[] range = storage.layout().pieceRange(victim);
            for (int p = 0; p < m.pieceCount(); p++) {
                assertThat(after.get(p)).as("piece " + p).isEqualTo(p < range[0] || p >= range[1]);
            }
        }
    }

    static Stream<TorrentCreator.Mode> modes() {
        return Stream.of(TorrentCreator.Mode.values());
    }

    static int bigFile(TorrentMetainfo m) {
        for (int i = 0; i < m.files().size(); i++) {
            if (m.files().get(i).length() == 1_048_576) {
                return i;
            }
        }
        throw new AssertionError("no 1 MiB file");
    }

    @Test
    void singleFileTorrentAndFullAllocation(@TempDir Path save) throws Exception {
        TorrentMetainfo m = create(single, TorrentCreator.Mode.HYBRID, 16 * K);
        byte[] ref = reference(m, single);
        StorageSettings full = SETTINGS.toBuilder().allocation(StorageSettings.Allocation.FULL).build();
        try (FileStorage storage = new FileStorage(m, save, full, executors)) {
            storage.writeBlock(0, 0, ByteBuffer.wrap(ref, 0, 100)).join();
            assertThat(Files.size(save.resolve("single.iso"))).isEqualTo(123_456L);
            writeAll(storage, ref, 1);
            assertThat(verifyAll(storage).isComplete()).isTrue();
        }
        assertThat(Files.mismatch(single, save.resolve("single.iso"))).isEqualTo(-1L);
    }

    @Test
    void oneOpenFileAndFourDiskThreadsStillWriteEverything(@TempDir Path save) throws Exception {
        TorrentMetainfo m = create(oddTree, TorrentCreator.Mode.V1, 16 * K);
        byte[] ref = reference(m, oddTree);
        StorageSettings tight = StorageSettings.builder().openFileLimit(1).diskThreads(4).hashThreads(2)
                .writeMode(StorageSettings.WriteMode.WRITE_THROUGH).build();
        try (StorageExecutors ex = new StorageExecutors(tight);
             FileStorage storage = new FileStorage(m, save, tight, ex)) {
            writeAll(storage, ref, 21);
            assertThat(storage.openFiles()).isLessThanOrEqualTo(1);
            assertThat(storage.checkExisting(PieceStorage.CheckProgress.NONE).join().isComplete()).isTrue();
        }
    }

    @Test
    void sparseByDefault(@TempDir Path save) throws Exception {
        TorrentMetainfo m = create(single, TorrentCreator.Mode.V1, 16 * K);
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors)) {
            storage.writeBlock(1, 0, ByteBuffer.wrap(new byte[100])).join();
            assertThat(Files.size(save.resolve("single.iso"))).isEqualTo(16 * K + 100L);
            assertThat(storage.readBlock(0, 0, 16 * K).join()).containsOnly((byte) 0);
            assertThat(storage.verifyPiece(0).join()).isFalse();
        }
    }

    @Test
    void moveToAndDeleteFiles(@TempDir Path save, @TempDir Path elsewhere) throws Exception {
        TorrentMetainfo m = create(oddTree, TorrentCreator.Mode.HYBRID, 64 * K);
        byte[] ref = reference(m, oddTree);
        try (FileStorage storage = new FileStorage(m, save, SETTINGS, executors)) {
            writeAll(storage, ref, 9);
            storage.flush().join();
            List<String> before = filesUnder(save);
            storage.moveTo(elsewhere.resolve("new place")).join();
            assertThat(filesUnder(save)).isEmpty();
            assertThat(Files.exists(save.resolve(m.name()))).as("old folder removed").isFalse();
            assertThat(filesUnder(elsewhere.resolve("new place"))).isEqualTo(before);
            assertThat(verifyAll(storage).isComplete()).isTrue();
            storage.writeBlock(0, 0, StorageFixtures.slice(ref, storage.layout(), new StorageFixtures.Block(0, 0, 10)))
                    .join();

            storage.deleteFiles().join();
            assertThat(filesUnder(elsewhere)).isEmpty();
            assertThat(verifyAll(storage).isEmpty()).isTrue();
        }
    }

    @Test
    void badRequestsAndClosedStorageFailClearly(@TempDir Path save) throws Exception {
        TorrentMetainfo m = create(single, TorrentCreator.Mode.V2, 16 * K);
        FileStorage storage = new FileStorage(m, save, SETTINGS, executors);
        assertThatThrownBy(() -> storage.writeBlock(m.pieceCount(), 0, ByteBuffer.allocate(1)).join())
                .hasCauseInstanceOf(StorageException.class).hasMessageContaining("out of range");
        int last = m.pieceCount() - 1;
        int size = storage.layout().pieceSize(last);
        assertThatThrownBy(() -> storage.readBlock(last, size - 1, 2).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("outside piece");
        storage.close();
        assertThatThrownBy(() -> storage.readBlock(0, 0, 1).join()).hasMessageContaining("closed");
    }

    @Test
    void v2PiecesNeverSpanFiles() throws Exception {
        TorrentMetainfo m = create(oddTree, TorrentCreator.Mode.V2, 64 * K);
        StorageLayout layout = new StorageLayout(m);
        long sum = 0;
        for (int p = 0; p < layout.pieceCount(); p++) {
            long start = layout.pieceOffset(p);
            List<StorageLayout.Slice> slices = layout.slices(start, layout.pieceSize(p));
            assertThat(slices).hasSize(1);
            sum += layout.pieceSize(p);
        }
        assertThat(sum).isEqualTo(m.totalLength());
    }
}
