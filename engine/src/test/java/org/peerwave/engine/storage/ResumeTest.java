package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.Bencode;
import org.peerwave.engine.metainfo.InfoHash;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.TestTrees;

/** Fast resume: the file format, atomic saves, strict loading, and the restart decision. */
@Timeout(120)
class ResumeTest {

    @TempDir
    static Path sources;
    static Path tree;
    static TorrentMetainfo torrent;
    static byte[] reference;
    static StorageExecutors executors;

    @BeforeAll
    static void setUp() throws Exception {
        tree = TestTrees.oddTree(sources);
        torrent = TorrentCreator.builder(tree).mode(TorrentCreator.Mode.HYBRID).pieceLength(32 * 1024).threads(1)
                .create().metainfo();
        reference = StorageFixtures.reference(torrent, tree);
        executors = new StorageExecutors(StorageSettings.builder().diskThreads(2).hashThreads(2).build());
    }

    @AfterAll
    static void tearDown() {
        executors.close();
    }

    static InfoHash hash() {
        return torrent.infoHashes().v1();
    }

    static ResumeData sample(Bitfield have, List<FileState> states) {
        List<Integer> prio = new ArrayList<>();
        for (int i = 0; i < torrent.files().size(); i++) {
            prio.add(i % 8);
        }
        return new ResumeData(hash(), Path.of("/downloads/x"), have, prio, 12345, 67890,
                Instant.ofEpochSecond(1_700_000_000), states);
    }

    static List<FileState> someStates() {
        List<FileState> s = new ArrayList<>();
        for (int i = 0; i < torrent.files().size(); i++) {
            s.add(i == 3 ? FileState.MISSING : new FileState(i * 10L, 1_700_000_000_000L + i));
        }
        return s;
    }

    @Test
    void roundTrip() {
        Bitfield have = new Bitfield(torrent.pieceCount());
        have.set(0);
        have.set(torrent.pieceCount() - 1);
        ResumeData d = sample(have, someStates());
        ResumeData back = ResumeData.decode(d.encode());
        assertThat(back.infoHash()).isEqualTo(d.infoHash());
        assertThat(back.have()).isEqualTo(have);
        assertThat(back.filePriorities()).isEqualTo(d.filePriorities());
        assertThat(back.files()).isEqualTo(d.files());
        assertThat(back.uploaded()).isEqualTo(12345);
        assertThat(back.downloaded()).isEqualTo(67890);
        assertThat(back.addedTime()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThat(back.savePath()).isEqualTo(Path.of("/downloads/x"));
    }

    @Test
    void strictDecodingNamesTheProblem() {
        byte[] good = sample(new Bitfield(torrent.pieceCount()), someStates()).encode();
        assertThatThrownBy(() -> ResumeData.decode(Arrays.copyOf(good, good.length - 7)))
                .isInstanceOf(ResumeDataException.class).hasMessageContaining("not valid bencode");
        assertThatThrownBy(() -> ResumeData.decode("garbage".getBytes()))
                .isInstanceOf(ResumeDataException.class).hasMessageContaining("not valid bencode");
        assertThatThrownBy(() -> ResumeData.decode(with(good, "pieces", Bencode.decode("3:abc".getBytes()))))
                .isInstanceOf(ResumeDataException.class).hasMessageContaining("bad bitfield");
        byte[] spare = new byte[Bitfield.wireLength(torrent.pieceCount())];
        spare[spare.length - 1] = (byte) 0xff;
        if (torrent.pieceCount() % 8 != 0) {
            assertThatThrownBy(() -> ResumeData.decode(with(good, "pieces",
                    org.peerwave.engine.bencode.BString.of(spare))))
                    .isInstanceOf(ResumeDataException.class).hasMessageContaining("spare bits");
        }
        assertThatThrownBy(() -> ResumeData.decode(with(good, "uploaded", Bencode.decode("i-5e".getBytes()))))
                .isInstanceOf(ResumeDataException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> ResumeData.decode(with(good, "info-hash", Bencode.decode("3:abc".getBytes()))))
                .isInstanceOf(ResumeDataException.class).hasMessageContaining("info hash of 3 bytes");
        assertThatThrownBy(() -> ResumeData.decode(with(good, "files", Bencode.decode("li1ee".getBytes()))))
                .isInstanceOf(ResumeDataException.class).hasMessageContaining("bad file entry");
        assertThatThrownBy(() -> ResumeData.decode(with(good, "peerwave-resume", Bencode.decode("i99e".getBytes()))))
                .isInstanceOf(ResumeDataException.class).hasMessageContaining("format version 99");
        assertThatThrownBy(() -> ResumeData.decode(with(good, "save-path", null)))
                .isInstanceOf(ResumeDataException.class).hasMessageContaining("no 'save-path'");
    }

    static byte[] with(byte[] encoded, String key, BValue value) {
        BDictionary d = (BDictionary) Bencode.decode(encoded);
        BDictionary.Builder b = BDictionary.builder();
        d.entries().forEach((k, v) -> {
            if (!k.utf8().equals(key)) {
                b.put(k, v);
            }
        });
        if (value != null) {
            b.put(key, value);
        }
        return Bencode.encode(b.build());
    }

    @Test
    void savesAreAtomicAndACrashLeavesTheOldFile(@TempDir Path dir) throws Exception {
        ResumeStore store = new ResumeStore(dir);
        assertThat(store.load(hash())).isInstanceOf(ResumeStore.Missing.class);
        Bitfield first = new Bitfield(torrent.pieceCount());
        first.set(1);
        store.save(sample(first, someStates()));
        byte[] saved = Files.readAllBytes(store.fileFor(hash()));

        // a crash between writing the temporary file and the rename: the save fails, the old file stays
        Bitfield second = Bitfield.all(torrent.pieceCount());
        ResumeStore crashing = new ResumeStore(dir, () -> {
            throw new IllegalStateException("simulated crash before rename");
        });
        assertThatThrownBy(() -> crashing.save(sample(second, someStates()))).hasMessageContaining("simulated crash");
        assertThat(Files.readAllBytes(store.fileFor(hash()))).isEqualTo(saved);

        // what a killed process leaves: a half-written temporary file next to the real one
        Path stray = dir.resolve(hash().hex() + ".123" + ResumeStore.TEMP_SUFFIX);
        Files.write(stray, Arrays.copyOf(sample(second, someStates()).encode(), 40));
        ResumeStore.LoadResult r = store.load(hash());
        assertThat(r).isInstanceOf(ResumeStore.Loaded.class);
        assertThat(((ResumeStore.Loaded) r).data().have()).isEqualTo(first);
        assertThat(store.removeTemporaryFiles()).isEqualTo(1);
        assertThat(Files.exists(stray)).isFalse();

        store.save(sample(second, someStates()));
        assertThat(((ResumeStore.Loaded) store.load(hash())).data().have().isComplete()).isTrue();
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(store.fileFor(hash()));
        }
        store.delete(hash());
        assertThat(store.load(hash())).isInstanceOf(ResumeStore.Missing.class);
    }

    @Test
    void aTruncatedOrForeignResumeFileIsReportedAndLeadsToAFullRecheck(@TempDir Path dir, @TempDir Path save)
            throws Exception {
        ResumeStore store = new ResumeStore(dir);
        store.save(sample(Bitfield.all(torrent.pieceCount()), someStates()));
        Path file = store.fileFor(hash());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        ResumeStore.LoadResult r = store.load(hash());
        assertThat(r).isInstanceOf(ResumeStore.Corrupt.class);
        assertThat(((ResumeStore.Corrupt) r).reason()).contains("not valid bencode");

        try (FileStorage fs = new FileStorage(torrent, save, StorageSettings.defaults(), executors)) {
            StorageFixtures.writeAll(fs, reference, 2);
            fs.flush().join();
            CountingStorage counting = new CountingStorage(fs);
            ResumeValidator.Outcome o = ResumeValidator.restore(r, torrent, counting, PieceStorage.CheckProgress.NONE)
                    .join();
            assertThat(o.decision().fullRecheck()).isTrue();
            assertThat(o.decision().reason()).contains("not valid bencode");
            assertThat(o.have().isComplete()).isTrue();
            assertThat(counting.rechecks()).isEqualTo(1);
        }

        // a resume file of another torrent under this name
        Files.write(file, with(bytes, "info-hash", org.peerwave.engine.bencode.BString.of(new byte[20])));
        assertThat(store.load(hash())).isInstanceOfSatisfying(ResumeStore.Corrupt.class,
                c -> assertThat(c.reason()).contains("belongs to torrent"));
    }

    @Test
    void unchangedFilesAreTrustedWithoutReadingAndAChangedFileHasOnlyItsPiecesRechecked(@TempDir Path dir,
                                                                                       @TempDir Path save)
            throws Exception {
        ResumeStore store = new ResumeStore(dir);
        try (FileStorage fs = new FileStorage(torrent, save, StorageSettings.defaults(), executors)) {
            StorageFixtures.writeAll(fs, reference, 4);
            fs.flush().join();
            Bitfield have = StorageFixtures.verifyAll(fs);
            assertThat(have.isComplete()).isTrue();
            store.save(sample(have, fs.fileStates().join()));
        }

        // restart, nothing changed: no byte is hashed
        try (FileStorage fs = new FileStorage(torrent, save, StorageSettings.defaults(), executors)) {
            CountingStorage counting = new CountingStorage(fs);
            ResumeValidator.Outcome o = ResumeValidator.restore(store.load(hash()), torrent, counting,
                    PieceStorage.CheckProgress.NONE).join();
            assertThat(o.decision().fullRecheck()).isFalse();
            assertThat(o.decision().changedFiles()).isEmpty();
            assertThat(o.have().isComplete()).isTrue();
            assertThat(counting.bytesVerified()).isZero();
            assertThat(counting.piecesVerified()).isZero();
            assertThat(counting.rechecks()).isZero();
            assertThat(o.saved()).isPresent();
        }

        // one file changed behind our back (same size, new content and mtime): only its pieces are hashed
        int changed = FileStorageTest.bigFile(torrent);
        int[] range = new StorageLayout(torrent).pieceRange(changed);
        try (FileStorage fs = new FileStorage(torrent, save, StorageSettings.defaults(), executors)) {
            Path p = fs.pathOf(changed);
            byte[] content = Files.readAllBytes(p);
            content[content.length / 2] ^= 1;
            Files.write(p, content);
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().plusSeconds(60)));
            int corruptPiece = (int) ((torrent.files().get(changed).offset() + content.length / 2)
                    / torrent.pieceLength());

            CountingStorage counting = new CountingStorage(fs);
            ResumeValidator.Outcome o = ResumeValidator.restore(store.load(hash()), torrent, counting,
                    PieceStorage.CheckProgress.NONE).join();
            assertThat(o.decision().changedFiles()).containsExactly(changed);
            assertThat(counting.piecesVerified()).isEqualTo(range[1] - range[0]);
            assertThat(counting.rechecks()).isZero();
            assertThat(o.have().count()).isEqualTo(torrent.pieceCount() - 1);
            assertThat(o.have().get(corruptPiece)).isFalse();
        }

        // a file that grew (size differs): its pieces are rechecked
        int other = changed + 1;
        while (torrent.files().get(other).pad() || torrent.files().get(other).length() == 0) {
            other++;
        }
        try (FileStorage fs = new FileStorage(torrent, save, StorageSettings.defaults(), executors)) {
            Files.write(fs.pathOf(other), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
            CountingStorage counting = new CountingStorage(fs);
            ResumeValidator.Outcome o = ResumeValidator.restore(store.load(hash()), torrent, counting,
                    PieceStorage.CheckProgress.NONE).join();
            int[] r2 = fs.layout().pieceRange(other);
            assertThat(o.decision().changedFiles()).contains(other);
            assertThat(o.decision().recheck().count()).isEqualTo(
                    (range[1] - range[0]) + (r2[1] - r2[0]) - overlap(range, r2));

            // a deleted file loses its pieces without any read
            Files.delete(fs.pathOf(other));
            CountingStorage c2 = new CountingStorage(fs);
            ResumeValidator.Decision d = ResumeValidator.decide(torrent, store.load(hash()) instanceof
                    ResumeStore.Loaded l ? l.data() : null, fs.fileStates().join());
            for (int p = r2[0]; p < r2[1]; p++) {
                assertThat(d.trusted().get(p)).isFalse();
                assertThat(d.recheck().get(p)).isFalse();
            }
            ResumeValidator.apply(c2, d, PieceStorage.CheckProgress.NONE).join();
            assertThat(c2.piecesVerified()).isEqualTo(range[1] - range[0]);
        }
    }

    static int overlap(int[] a, int[] b) {
        return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
    }

    @Test
    void resumeDataForAnotherShapeMeansAFullRecheck() {
        ResumeData wrongCount = new ResumeData(hash(), Path.of("/x"), new Bitfield(3), List.of(), 0, 0,
                Instant.EPOCH, someStates());
        assertThat(ResumeValidator.decide(torrent, wrongCount, someStates()).fullRecheck()).isTrue();
        ResumeData fewerFiles = new ResumeData(hash(), Path.of("/x"), new Bitfield(torrent.pieceCount()), List.of(),
                0, 0, Instant.EPOCH, List.of());
        assertThat(ResumeValidator.decide(torrent, fewerFiles, someStates()).fullRecheck()).isTrue();
    }
}
