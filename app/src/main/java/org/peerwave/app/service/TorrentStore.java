package org.peerwave.app.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.peerwave.engine.session.FilePriority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's torrent list on disk, so that it survives a restart: per torrent a {@code <id>.properties}
 * (folder, date added, paused, sequential, its magnet link) and, once known, a {@code <id>.torrent}.
 * The engine keeps the matching resume data (pieces, priorities) in its own resume folder. Every
 * file is written atomically (temporary file, fsync, rename).
 */
public final class TorrentStore {

    private static final Logger log = LoggerFactory.getLogger(TorrentStore.class);

    /**
     * One saved torrent.
     *
     * @param torrent the .torrent bytes, or null while only the magnet is known
     * @param magnet  its magnet link (always known)
     */
    public record Entry(String id, byte[] torrent, String magnet, Path savePath, Instant added, boolean paused,
                        boolean sequential, List<FilePriority> priorities) {
        public Entry {
            priorities = List.copyOf(priorities);
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(magnet, "magnet");
            Objects.requireNonNull(savePath, "savePath");
            Objects.requireNonNull(added, "added");
        }

        public Entry withTorrent(byte[] bytes) {
            return new Entry(id, bytes, magnet, savePath, added, paused, sequential, priorities);
        }

        public Entry withSavePath(Path p) {
            return new Entry(id, torrent, magnet, p, added, paused, sequential, priorities);
        }

        public Entry withPaused(boolean p) {
            return new Entry(id, torrent, magnet, savePath, added, p, sequential, priorities);
        }

        /** One per file of the torrent, or empty (all normal, or not known yet). */
        public Entry withPriorities(List<FilePriority> p) {
            return new Entry(id, torrent, magnet, savePath, added, paused, sequential, p);
        }

        public Entry withSequential(boolean s) {
            return new Entry(id, torrent, magnet, savePath, added, paused, s, priorities);
        }
    }

    private final Path dir;

    public TorrentStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Where an entry's .torrent file is (or would be). */
    public Path torrentFile(String id) {
        return dir.resolve(id + ".torrent");
    }

    /** Every saved torrent, oldest first; unreadable entries are logged and skipped. */
    public synchronized List<Entry> loadAll() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path p : ds) {
                try {
                    out.add(load(p));
                } catch (IOException | RuntimeException e) {
                    log.warn("skipping the saved torrent {}: {}", p, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {}: {}", dir, e.toString());
        }
        out.sort(Comparator.comparing(Entry::added).thenComparing(Entry::id));
        return out;
    }

    private Entry load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String id = p.getProperty("id");
        Path torrentFile = torrentFile(id);
        byte[] torrent = Files.isRegularFile(torrentFile) ? Files.readAllBytes(torrentFile) : null;
        return new Entry(id, torrent, p.getProperty("magnet"), Path.of(p.getProperty("savePath")),
                Instant.ofEpochMilli(Long.parseLong(p.getProperty("added"))),
                Boolean.parseBoolean(p.getProperty("paused")), Boolean.parseBoolean(p.getProperty("sequential")),
                parsePriorities(p.getProperty("priorities", "")));
    }

    private static List<FilePriority> parsePriorities(String s) {
        List<FilePriority> out = new ArrayList<>();
        for (String x : s.split(",")) {
            if (!x.isBlank()) {
                out.add(FilePriority.valueOf(x.trim()));
            }
        }
        return out;
    }

    /** Writes (or replaces) an entry. */
    public synchronized void save(Entry e) throws IOException {
        Files.createDirectories(dir);
        if (e.torrent() != null && !Files.isRegularFile(torrentFile(e.id()))) {
            writeAtomically(torrentFile(e.id()), e.torrent());
        }
        Properties p = new Properties();
        p.setProperty("id", e.id());
        p.setProperty("magnet", e.magnet());
        p.setProperty("savePath", e.savePath().toString());
        p.setProperty("added", Long.toString(e.added().toEpochMilli()));
        p.setProperty("paused", Boolean.toString(e.paused()));
        p.setProperty("sequential", Boolean.toString(e.sequential()));
        p.setProperty("priorities", String.join(",", e.priorities().stream().map(Enum::name).toList()));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        p.store(bytes, null);
        writeAtomically(dir.resolve(e.id() + ".properties"), bytes.toByteArray());
    }

    /** Forgets a torrent. */
    public synchronized void delete(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(id + ".properties"));
        Files.deleteIfExists(torrentFile(id));
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            out.write(bytes);
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
