package org.peerwave.engine.session;

import java.util.ArrayList;
import java.util.List;

import org.peerwave.engine.metainfo.MagnetLink;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.storage.ResumeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which file priorities a torrent starts with. */
final class FileSelection {

    private static final Logger LOG = LoggerFactory.getLogger(FileSelection.class);

    private FileSelection() {
    }

    /**
     * In this order: the priorities of {@code options} (checked: one per file); those saved in the
     * resume data; a magnet's BEP 53 {@code so=} selection (selected files {@link FilePriority#NORMAL},
     * the others {@link FilePriority#SKIP}); else an empty list (every file normal). Reads the resume
     * file: call it off the event loops.
     *
     * @param magnet the magnet the torrent came from, or null
     * @throws IllegalArgumentException when {@code options} give a priority list of the wrong size
     */
    static List<FilePriority> initialPriorities(TorrentMetainfo metainfo, AddOptions options, ResumeStore store,
                                                MagnetLink magnet) {
        int n = metainfo.files().size();
        if (!options.filePriorities().isEmpty()) {
            if (options.filePriorities().size() != n) {
                throw new IllegalArgumentException(options.filePriorities().size() + " file priorities for "
                        + n + " files");
            }
            return options.filePriorities();
        }
        List<FilePriority> saved = saved(metainfo, store);
        if (saved != null) {
            return saved;
        }
        if (magnet != null && !magnet.selectedFiles().isEmpty()) {
            return fromSelection(magnet, n);
        }
        return List.of();
    }

    /** BEP 53: selected files normal, the others skipped (indices past the last file are ignored). */
    static List<FilePriority> fromSelection(MagnetLink magnet, int fileCount) {
        List<FilePriority> out = new ArrayList<>(fileCount);
        for (int i = 0; i < fileCount; i++) {
            out.add(magnet.isSelected(i) ? FilePriority.NORMAL : FilePriority.SKIP);
        }
        return out;
    }

    private static List<FilePriority> saved(TorrentMetainfo metainfo, ResumeStore store) {
        if (store == null) {
            return null;
        }
        if (!(store.load(Engine.resumeKey(metainfo.infoHashes())) instanceof ResumeStore.Loaded loaded)) {
            return null;
        }
        List<Integer> values = loaded.data().filePriorities();
        if (values.size() != metainfo.files().size()) {
            LOG.warn("{}: resume data has {} file priorities for {} files; ignoring them", metainfo.name(),
                    values.size(), metainfo.files().size());
            return null;
        }
        List<FilePriority> out = new ArrayList<>(values.size());
        for (int v : values) {
            out.add(FilePriority.fromResumeValue(v));
        }
        return out;
    }
}
