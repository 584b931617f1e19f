package org.peerwave.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.peerwave.engine.metainfo.InfoHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume files in one folder, one per torrent ({@code <info hash hex>.resume}). A save writes a
 * temporary file in the same folder, forces it to the device, renames it over the old file
 * atomically and forces the folder, so a crash at any moment leaves the old or the new state,
 * never a mix. Loading never throws for bad content: it says what is wrong, and the caller rechecks.
 *
 * <p>Saves are synchronous file I/O: call them on a disk thread, not on an event loop.
 */
public final class ResumeStore {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeStore.class);
    static final String SUFFIX = ".resume";
    static final String TEMP_SUFFIX = ".resume.tmp";

    /** Outcome of {@link #load(InfoHash)}. */
    public sealed interface LoadResult {
    }

    /** No resume file: a new torrent, or one to check from scratch. */
    public record Missing() implements LoadResult {
    }

    /** A valid resume file. */
    public record Loaded(ResumeData data) implements LoadResult {
    }

    /** A resume file that cannot be used; {@code reason} says why in one line. Recheck the torrent. */
    public record Corrupt(Path file, String reason) implements LoadResult {
    }

    private final Path dir;
    /** Test hook: runs after the temporary file is written and forced, before the rename. */
    private final Runnable beforeRename;

    public ResumeStore(Path dir) {
        this(dir, () -> { });
    }

    ResumeStore(Path dir, Runnable beforeRename) {
        this.dir = dir.toAbsolutePath().normalize();
        this.beforeRename = beforeRename;
    }

    public Path dir() {
        return dir;
    }

    public Path fileFor(InfoHash infoHash) {
        return dir.resolve(infoHash.hex() + SUFFIX);
    }

    /** Writes the resume data of one torrent atomically. */
    public synchronized void save(ResumeData data) {
        Path target = fileFor(data.infoHash());
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, data.infoHash().hex() + ".", TEMP_SUFFIX);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bb = ByteBuffer.wrap(data.encode());
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                ch.force(true);
            }
            beforeRename.run();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            forceFolder();
        } catch (IOException e) {
            throw FileStorage.ioError("saving resume data to", target, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("could not remove {}: {}", temp, e.toString());
                }
            }
        }
    }

    private void forceFolder() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot force folder {} (not supported here): {}", dir, e.toString());
        }
    }

    /** Reads and checks the resume file of a torrent. */
    public LoadResult load(InfoHash infoHash) {
        Path file = fileFor(infoHash);
        byte[] bytes;
        try {
            if (Files.size(file) > ResumeData.MAX_SIZE) {
                return corrupt(file, "resume file is larger than " + ResumeData.MAX_SIZE + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Missing();
        } catch (IOException e) {
            return corrupt(file, "cannot read resume file: " + e);
        }
        try {
            ResumeData data = ResumeData.decode(bytes);
            if (!data.infoHash().equals(infoHash)) {
                return corrupt(file, "resume file belongs to torrent " + data.infoHash().hex());
            }
            return new Loaded(data);
        } catch (ResumeDataException e) {
            return corrupt(file, e.getMessage());
        }
    }

    private static Corrupt corrupt(Path file, String reason) {
        LOG.warn("ignoring resume file {}: {}; the torrent will be rechecked", file, reason);
        return new Corrupt(file, reason);
    }

    /** Removes the resume file of a torrent (when it is removed). */
    public void delete(InfoHash infoHash) {
        try {
            Files.deleteIfExists(fileFor(infoHash));
        } catch (IOException e) {
            throw FileStorage.ioError("deleting", fileFor(infoHash), e);
        }
    }

    /** Deletes temporary files left by a crash during a save; returns how many. Call at start-up. */
    public int removeTemporaryFiles() {
        int n = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
            for (Path p : s) {
                Files.deleteIfExists(p);
                n++;
            }
        } catch (IOException e) {
            LOG.warn("could not clean temporary resume files in {}: {}", dir, e.toString());
        }
        return n;
    }
}
