package org.peerwave.engine.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A least-recently-used set of open file channels with a size limit. A handle in use is never
 * closed under its user: when it is evicted while in use it closes on its last release.
 */
final class FileHandleCache {

    private static final Logger LOG = LoggerFactory.getLogger(FileHandleCache.class);

    /** An open channel and how many operations use it. */
    static final class Handle {
        final Path path;
        final FileChannel channel;
        final boolean created;
        /** Set once a FULL allocation of a created file is done. */
        volatile boolean allocated;
        private int users;
        private boolean evicted;

        Handle(Path path, FileChannel channel, boolean created) {
            this.path = path;
            this.channel = channel;
            this.created = created;
        }
    }

    private final int limit;
    private final Map<Path, Handle> open = new LinkedHashMap<>(16, 0.75f, true);

    FileHandleCache(int limit) {
        this.limit = limit;
    }

    /**
     * A handle for {@code path}, opened for reading and writing; when {@code create} the file (and
     * its folders) is created if missing, otherwise a missing file gives {@code null}.
     */
    synchronized Handle acquire(Path path, boolean create) throws IOException {
        Handle h = open.get(path);
        if (h == null) {
            boolean exists = Files.exists(path);
            if (!exists && !create) {
                return null;
            }
            if (!exists) {
                Files.createDirectories(path.getParent());
            }
            Set<OpenOption> options = exists
                    ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.SPARSE);
            h = new Handle(path, FileChannel.open(path, options), !exists);
            open.put(path, h);
            evictOverLimit();
        }
        h.users++;
        return h;
    }

    synchronized void release(Handle h) {
        h.users--;
        if (h.evicted && h.users == 0) {
            closeQuietly(h);
        }
    }

    private void evictOverLimit() {
        Iterator<Handle> it = open.values().iterator();
        while (open.size() > limit && it.hasNext()) {
            Handle eldest = it.next();
            it.remove();
            eldest.evicted = true;
            if (eldest.users == 0) {
                closeQuietly(eldest);
            }
        }
    }

    /** Number of channels open now (for tests). */
    synchronized int openCount() {
        return open.size();
    }

    /** Forces every open channel to the device. */
    void forceAll() throws IOException {
        List<Handle> handles;
        synchronized (this) {
            handles = new ArrayList<>(open.values());
            handles.forEach(h -> h.users++);
        }
        try {
            for (Handle h : handles) {
                h.channel.force(false);
            }
        } finally {
            handles.forEach(this::release);
        }
    }

    /** Closes every channel that is not in use and forgets all of them. */
    synchronized void closeAll() {
        for (Handle h : open.values()) {
            h.evicted = true;
            if (h.users == 0) {
                closeQuietly(h);
            }
        }
        open.clear();
    }

    private static void closeQuietly(Handle h) {
        try {
            h.channel.close();
        } catch (IOException e) {
            LOG.warn("closing {} failed: {}", h.path, e.toString());
        }
    }
}
