package org.peerwave.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.MetainfoException;
import org.peerwave.engine.metainfo.PathSanitizer;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A torrent stored in files under a save directory, with positional I/O on the disk executor.
 *
 * <ul>
 *   <li>Paths are resolved with {@link PathSanitizer#resolveUnder}: nothing is ever written outside
 *       the save directory. A multi-file torrent lives in {@code saveDir/<name>/...}.</li>
 *   <li>Files are created on their first write (sparse unless {@link StorageSettings.Allocation#FULL});
 *       empty files are created by {@link #flush()}.</li>
 *   <li>Pad files are never created; their bytes read as zeros and writes to them are dropped.</li>
 *   <li>Files not wanted (priority skip) are never created: bytes of theirs that arrive (pieces
 *       shared with wanted files) go to a hidden sparse part file {@code .<infohash>.parts} in the
 *       save directory, at their torrent offset, so shared pieces still verify.</li>
 *   <li>{@link #setWanted(boolean[])} changes the mask: a file that becomes wanted gets the bytes
 *       the part file holds for it; a file that becomes unwanted keeps its file if it has one (its
 *       bytes stay there and still serve shared pieces), else it is never created. The same holds across restarts: an unwanted file that
 *       exists on disk (it was wanted before) keeps its bytes there; one that does not exist has them
 *       in the part file. This is decided on the disk executor before the first I/O.</li>
 *   <li>At most {@link StorageSettings#openFileLimit()} files are open at once (LRU).</li>
 * </ul>
 */
public final class FileStorage extends AbstractPieceStorage {

    private static final Logger LOG = LoggerFactory.getLogger(FileStorage.class);
    private static final int ZERO_CHUNK = 1024 * 1024;

    private final StorageSettings settings;
    private final FileHandleCache handles;
    /** The wanted mask now. Guarded by {@link #lock}. */
    private final boolean[] wanted;
    /** Whether a file's bytes live in the file itself (else in the part file); never goes back to false. */
    private final boolean[] inFile;
    /** True once unwanted files that exist on disk were found ({@link #locate()}). */
    private volatile boolean located;
    private final String partFileName;
    /** Readers and writers hold the read lock; move, delete and close hold the write lock. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Path saveDir;
    private volatile Path[] paths;

    /**
     * @param wanted one flag per entry of {@code metainfo.files()} (pad files ignored), or
     *               {@code null} for all files
     * @throws StorageException when a file path would leave the save directory
     */
    public FileStorage(TorrentMetainfo metainfo, Path saveDir, StorageSettings settings, StorageExecutors executors,
                       boolean[] wanted) {
        super(metainfo, executors.disk(), executors.hash(), settings.checkParallelism());
        this.settings = settings;
        this.handles = new FileHandleCache(settings.openFileLimit());
        int n = metainfo.files().size();
        if (wanted != null && wanted.length != n) {
            throw new IllegalArgumentException("wanted mask has " + wanted.length + " entries for " + n + " files");
        }
        this.wanted = wanted == null ? all(n) : wanted.clone();
        this.inFile = this.wanted.clone();
        String hash = metainfo.infoHashes().v1Optional().orElseGet(() -> metainfo.infoHashes().v2()).hex();
        this.partFileName = "." + hash.substring(0, Math.min(40, hash.length())) + ".parts";
        this.saveDir = saveDir.toAbsolutePath().normalize();
        this.paths = resolve(this.saveDir);
    }

    public FileStorage(TorrentMetainfo metainfo, Path saveDir, StorageSettings settings, StorageExecutors executors) {
        this(metainfo, saveDir, settings, executors, null);
    }

    private static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    private Path[] resolve(Path dir) {
        List<FileEntry> files = layout.files();
        Path[] out = new Path[files.size()];
        for (int i = 0; i < out.length; i++) {
            FileEntry f = files.get(i);
            if (f.pad()) {
                continue;
            }
            List<String> components = new ArrayList<>();
            if (!metainfo.singleFile()) {
                components.add(metainfo.name());
            }
            components.addAll(f.path());
            try {
                out[i] = PathSanitizer.resolveUnder(dir, components);
            } catch (MetainfoException e) {
                throw new StorageException("refusing file " + f.pathString() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The save directory now. */
    public Path saveDir() {
        return saveDir;
    }

    /** Where file {@code index} of {@code metainfo.files()} is stored (null for pad files). */
    public Path pathOf(int index) {
        return paths[index];
    }

    /** The part file that holds bytes of unwanted files. */
    public Path partFile() {
        return saveDir.resolve(partFileName);
    }

    /** Number of file channels open now. */
    public int openFiles() {
        return handles.openCount();
    }

    @Override
    protected void writeRange(long pos, ByteBuffer src) throws IOException {
        locate();
        lock.readLock().lock();
        try {
            ensureOpen();
            for (StorageLayout.Slice s : layout.slices(pos, src.remaining())) {
                if (s.pad()) {
                    continue;
                }
                ByteBuffer part = src.slice(src.position() + s.rangeOffset(), s.length());
                if (inFile[s.fileIndex()]) {
                    write(paths[s.fileIndex()], layout.files().get(s.fileIndex()).length(), s.fileOffset(), part);
                } else {
                    write(partFile(), -1, pos + s.rangeOffset(), part);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private void write(Path path, long fullLength, long at, ByteBuffer data) {
        FileHandleCache.Handle h = null;
        try {
            h = handles.acquire(path, true);
            if (h.created && !h.allocated && fullLength > 0 && settings.allocation() == StorageSettings.Allocation.FULL) {
                allocate(h, fullLength);
            }
            long p = at;
            while (data.hasRemaining()) {
                p += h.channel.write(data, p);
            }
            if (settings.writeMode() == StorageSettings.WriteMode.WRITE_THROUGH) {
                h.channel.force(false);
            }
        } catch (IOException e) {
            throw ioError("writing", path, e);
        } finally {
            if (h != null) {
                handles.release(h);
            }
        }
    }

    private static void allocate(FileHandleCache.Handle h, long length) throws IOException {
        synchronized (h) {
            if (h.allocated || h.channel.size() >= length) {
                h.allocated = true;
                return;
            }
            ByteBuffer zeros = ByteBuffer.allocate(ZERO_CHUNK);
            for (long p = h.channel.size(); p < length; ) {
                zeros.clear().limit((int) Math.min(ZERO_CHUNK, length - p));
                p += h.channel.write(zeros, p);
            }
            h.allocated = true;
        }
    }

    @Override
    protected void readRange(long pos, byte[] dst, int length) throws IOException {
        readRange(pos, ByteBuffer.wrap(dst, 0, length));
    }

    /** Reads {@code dst.remaining()} bytes at {@code pos} into {@code dst} (heap or direct), advancing it. */
    @Override
    protected void readRange(long pos, ByteBuffer dst) throws IOException {
        int length = dst.remaining();
        int base = dst.position();
        locate();
        lock.readLock().lock();
        try {
            ensureOpen();
            for (StorageLayout.Slice s : layout.slices(pos, length)) {
                ByteBuffer part = dst.slice(base + s.rangeOffset(), s.length());
                if (s.pad()) {
                    zero(part);
                } else if (inFile[s.fileIndex()]) {
                    read(paths[s.fileIndex()], s.fileOffset(), part);
                } else {
                    read(partFile(), pos + s.rangeOffset(), part);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        dst.position(base + length);
    }

    private static void zero(ByteBuffer b) {
        while (b.hasRemaining()) {
            b.put((byte) 0);
        }
    }

    /** Fills {@code dst} from {@code path} at {@code at}; bytes past the end of the file (or of a missing file) read as zeros. */
    private void read(Path path, long at, ByteBuffer dst) {
        FileHandleCache.Handle h = null;
        int start = dst.position();
        try {
            h = handles.acquire(path, false);
            if (h != null) {
                while (dst.hasRemaining()) {
                    if (h.channel.read(dst, at + dst.position() - start) < 0) {
                        break;
                    }
                }
            }
            zero(dst);
        } catch (IOException e) {
            throw ioError("reading", path, e);
        } finally {
            if (h != null) {
                handles.release(h);
            }
        }
    }

    @Override
    protected boolean rangePresent(long pos, int length) throws IOException {
        locate();
        lock.readLock().lock();
        try {
            ensureOpen();
            for (StorageLayout.Slice s : layout.slices(pos, length)) {
                if (s.pad()) {
                    continue;
                }
                boolean w = inFile[s.fileIndex()];
                Path p = w ? paths[s.fileIndex()] : partFile();
                long end = (w ? s.fileOffset() : pos + s.rangeOffset()) + s.length();
                try {
                    if (Files.size(p) < end) {
                        return false;
                    }
                } catch (NoSuchFileException e) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Changes which files are wanted. Files that become wanted are created with the bytes the part
     * file holds for them; the part file is deleted once no file needs it.
     */
    public CompletableFuture<Void> setWanted(boolean[] newWanted) {
        if (newWanted.length != wanted.length) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("wanted mask has " + newWanted.length
                    + " entries for " + wanted.length + " files"));
        }
        boolean[] mask = newWanted.clone();
        return onDisk(() -> {
            locate();
            lock.writeLock().lock();
            try {
                ensureOpen();
                Path part = partFile();
                List<FileEntry> files = layout.files();
                for (int i = 0; i < mask.length; i++) {
                    FileEntry f = files.get(i);
                    if (mask[i] && !inFile[i] && !f.pad()) {
                        if (f.length() > 0 && Files.exists(part)) {
                            copyFromPartFile(part, f, paths[i]);
                        }
                        inFile[i] = true;
                    } else if (!mask[i] && inFile[i] && !f.pad() && !Files.exists(paths[i])) {
                        inFile[i] = false; // never written: its shared bytes go to the part file from now on
                    }
                    wanted[i] = mask[i];
                }
                boolean partNeeded = false;
                for (int i = 0; i < mask.length; i++) {
                    partNeeded |= !inFile[i] && !files.get(i).pad();
                }
                if (!partNeeded) {
                    handles.closeAll();
                    Files.deleteIfExists(part);
                }
            } finally {
                lock.writeLock().unlock();
            }
            return null;
        });
    }

    private void copyFromPartFile(Path part, FileEntry f, Path target) {
        FileHandleCache.Handle from = null;
        try {
            from = handles.acquire(part, false);
            long partSize = from.channel.size();
            if (partSize <= f.offset()) {
                return;
            }
            long end = Math.min(partSize, f.end());
            ByteBuffer buf = ByteBuffer.allocate(ZERO_CHUNK);
            for (long p = f.offset(); p < end; ) {
                buf.clear().limit((int) Math.min(ZERO_CHUNK, end - p));
                int r = from.channel.read(buf, p);
                if (r <= 0) {
                    break;
                }
                buf.flip();
                write(target, f.length(), p - f.offset(), buf);
                p += r;
            }
        } catch (IOException e) {
            throw ioError("copying from part file to", target, e);
        } finally {
            if (from != null) {
                handles.release(from);
            }
        }
    }

    @Override
    public CompletableFuture<Void> flush() {
        return onDisk(() -> {
            lock.readLock().lock();
            try {
                ensureOpen();
                flushLocked();
            } finally {
                lock.readLock().unlock();
            }
            return null;
        });
    }

    private void flushLocked() {
        try {
            handles.forceAll();
        } catch (IOException e) {
            throw ioError("flushing", saveDir, e);
        }
        List<FileEntry> files = layout.files();
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            if (!f.pad() && f.length() == 0 && wanted[i] && !Files.exists(paths[i])) {
                try {
                    Files.createDirectories(paths[i].getParent());
                    Files.createFile(paths[i]);
                } catch (IOException e) {
                    throw ioError("creating", paths[i], e);
                }
            }
        }
    }

    @Override
    public CompletableFuture<List<FileState>> fileStates() {
        return onDisk(() -> {
            locate();
            lock.readLock().lock();
            try {
                List<FileEntry> files = layout.files();
                List<FileState> out = new ArrayList<>(files.size());
                for (int i = 0; i < files.size(); i++) {
                    if (files.get(i).pad()) {
                        out.add(new FileState(0, 0));
                    } else {
                        out.add(stat(inFile[i] ? paths[i] : partFile()));
                    }
                }
                return out;
            } finally {
                lock.readLock().unlock();
            }
        });
    }

    /** Once, on the disk executor, before any I/O: unwanted files that exist hold their own bytes. */
    private void locate() {
        if (located) {
            return;
        }
        lock.writeLock().lock();
        try {
            if (!located) {
                List<FileEntry> files = layout.files();
                for (int i = 0; i < inFile.length; i++) {
                    if (!inFile[i] && !files.get(i).pad() && Files.exists(paths[i])) {
                        inFile[i] = true;
                    }
                }
                located = true;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static FileState stat(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new FileState(a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return FileState.MISSING;
        }
    }

    @Override
    public CompletableFuture<Void> moveTo(Path newSaveDir) {
        Path target = newSaveDir.toAbsolutePath().normalize();
        return onDisk(() -> {
            locate();
            lock.writeLock().lock();
            try {
                ensureOpen();
                handles.forceAll();
                handles.closeAll();
                Path[] newPaths = resolve(target);
                Path oldDir = saveDir;
                Path[] oldPaths = paths;
                List<Path[]> moved = new ArrayList<>();
                try {
                    for (int i = 0; i < oldPaths.length; i++) {
                        if (oldPaths[i] != null && Files.exists(oldPaths[i]) && !oldPaths[i].equals(newPaths[i])) {
                            move(oldPaths[i], newPaths[i]);
                            moved.add(new Path[] {oldPaths[i], newPaths[i]});
                        }
                    }
                    Path oldPart = oldDir.resolve(partFileName);
                    if (Files.exists(oldPart) && !oldDir.equals(target)) {
                        move(oldPart, target.resolve(partFileName));
                        moved.add(new Path[] {oldPart, target.resolve(partFileName)});
                    }
                } catch (IOException e) {
                    for (Path[] m : moved.reversed()) {
                        try {
                            Files.move(m[1], m[0]);
                        } catch (IOException undo) {
                            LOG.error("could not move {} back to {}: {}", m[1], m[0], undo.toString());
                        }
                    }
                    throw ioError("moving to", target, e);
                }
                saveDir = target;
                paths = newPaths;
                removeEmptyFolders(oldDir);
                LOG.info("moved {} from {} to {}", metainfo.name(), oldDir, target);
            } finally {
                lock.writeLock().unlock();
            }
            return null;
        });
    }

    private static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.move(from, to); // across file systems this copies, then deletes
    }

    @Override
    public CompletableFuture<Void> deleteFiles() {
        return onDisk(() -> {
            lock.writeLock().lock();
            try {
                handles.closeAll();
                for (Path p : paths) {
                    if (p != null) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(partFile());
                removeEmptyFolders(saveDir);
            } finally {
                lock.writeLock().unlock();
            }
            return null;
        });
    }

    /** Removes folders of a multi-file torrent under {@code dir} that are left empty. */
    private void removeEmptyFolders(Path dir) {
        if (metainfo.singleFile()) {
            return;
        }
        Path root;
        try {
            root = PathSanitizer.resolveUnder(dir, List.of(metainfo.name()));
        } catch (MetainfoException e) {
            return;
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        } catch (IOException e) {
            LOG.warn("could not list {}: {}", root, e.toString());
            return;
        }
        for (Path d : dirs) {
            try {
                Files.deleteIfExists(d);
            } catch (DirectoryNotEmptyException e) {
                // keeps files that are not ours
            } catch (IOException e) {
                LOG.warn("could not remove folder {}: {}", d, e.toString());
            }
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            try {
                handles.forceAll();
            } catch (IOException e) {
                LOG.warn("flushing {} on close failed: {}", metainfo.name(), e.toString());
            }
            closed = true;
            handles.closeAll();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("storage of " + metainfo.name() + " is closed");
        }
    }

    static StorageException ioError(String action, Path path, IOException e) {
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (msg.contains("no space left") || msg.contains("not enough space") || msg.contains("quota")
                || msg.contains("disk full")) {
            return new StorageException("disk full " + action + " " + path, e);
        }
        return new StorageException("I/O error " + action + " " + path + ": " + e, e);
    }
}
