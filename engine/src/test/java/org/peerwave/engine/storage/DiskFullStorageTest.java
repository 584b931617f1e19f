package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.testing.ExternalTool;
import org.peerwave.engine.testing.TestTrees;

/**
 * A real full disk: a 1 MiB tmpfs mounted for the test (needs root, as in the CI container).
 * Writing past it fails with "disk full ..." and the pieces written before still verify.
 */
@Timeout(120)
class DiskFullStorageTest {

    @Test
    void writingPastAFullDiskFailsClearlyAndKeepsEarlierData(@TempDir Path work) throws Exception {
        Path source = work.resolve("src/payload");
        TestTrees.file(source.resolve("first.bin"), 300_000, 1);
        TestTrees.file(source.resolve("second.bin"), 2_000_000, 2);
        TorrentMetainfo m = TorrentCreator.builder(source).mode(TorrentCreator.Mode.HYBRID).pieceLength(64 * 1024)
                .threads(1).create().metainfo();
        byte[] ref = StorageFixtures.reference(m, source);

        Path mnt = Files.createDirectories(work.resolve("small disk"));
        ExternalTool.Result mount = ExternalTool.runAllowingFailure(Duration.ofSeconds(20),
                List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString()));
        if (mount.exitCode() != 0) {
            fail("this test needs to mount a 1 MiB tmpfs (run as root in the CI container): mount said "
                    + mount.stderr().strip());
        }
        try {
            try (StorageExecutors ex = new StorageExecutors(StorageSettings.defaults());
                 FileStorage storage = new FileStorage(m, mnt, StorageSettings.defaults(), ex)) {
                StorageLayout layout = storage.layout();
                StorageException failure = null;
                int written = 0;
                for (int p = 0; p < layout.pieceCount() && failure == null; p++) {
                    for (int o = 0; o < layout.pieceSize(p); o += StorageFixtures.BLOCK) {
                        StorageFixtures.Block b = new StorageFixtures.Block(p, o,
                                Math.min(StorageFixtures.BLOCK, layout.pieceSize(p) - o));
                        try {
                            storage.writeBlock(p, o, StorageFixtures.slice(ref, layout, b)).join();
                        } catch (CompletionException e) {
                            assertThat(e.getCause()).isInstanceOf(StorageException.class);
                            failure = (StorageException) e.getCause();
                            break;
                        }
                    }
                    if (failure == null) {
                        written = p + 1;
                    }
                }
                assertThat(failure).as("a write past 1 MiB fails").isNotNull();
                assertThat(failure.getMessage()).startsWith("disk full writing ").contains("second.bin");
                assertThat(failure.diskFull()).isTrue();
                assertThat(written).as("pieces written before the disk filled").isGreaterThan(5);
                for (int p = 0; p < written; p++) {
                    assertThat(storage.verifyPiece(p).join()).as("piece %d still verifies", p).isTrue();
                }
                // the storage keeps working for reads
                assertThat(storage.readBlock(0, 0, 100).join()).isEqualTo(java.util.Arrays.copyOf(ref, 100));
            }
        } finally {
            ExternalTool.runAllowingFailure(Duration.ofSeconds(20), List.of("umount", mnt.toString()));
        }
    }
}
