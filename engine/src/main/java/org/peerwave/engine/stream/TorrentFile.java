package org.peerwave.engine.stream;

import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.FilePriority;
import org.peerwave.engine.session.TorrentHandle;

/**
 * One file of a torrent, for streaming: {@link #openChannel()} gives a seekable, read-only,
 * blocking channel over its bytes while the torrent downloads. Channels are independent: several
 * may be open on the same or different files at once.
 *
 * <p>Opening a file whose priority is {@link FilePriority#SKIP} sets it to
 * {@link FilePriority#NORMAL} (saved like any priority change; it stays selected after the channels
 * close): a file being watched is a file wanted.
 */
public final class TorrentFile {

    private final TorrentHandle handle;
    private final int index;
    private final FileEntry entry;
    private final FileSpan span;
    private final StreamSettings settings;

    private TorrentFile(TorrentHandle handle, int index, FileEntry entry, FileSpan span, StreamSettings settings) {
        this.handle = handle;
        this.index = index;
        this.entry = entry;
        this.span = span;
        this.settings = settings;
    }

    /** {@link #open(TorrentHandle, int, StreamSettings)} with {@link StreamSettings#DEFAULT}. */
    public static CompletableFuture<TorrentFile> open(TorrentHandle handle, int fileIndex) {
        return open(handle, fileIndex, StreamSettings.DEFAULT);
    }

    /**
     * File {@code fileIndex} of {@code handle}'s torrent, an index into its metainfo's
     * {@link TorrentMetainfo#files()} (the same list {@link TorrentHandle#setFilePriorities} takes);
     * fails for a pad file or an index out of range. For a magnet, completes once the metadata
     * arrived.
     */
    public static CompletableFuture<TorrentFile> open(TorrentHandle handle, int fileIndex, StreamSettings settings) {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(settings, "settings");
        return handle.metadata().thenCompose(meta -> {
            FileSpan span = FileSpan.of(meta.files(), fileIndex, meta.pieceLength());
            TorrentFile file = new TorrentFile(handle, fileIndex, meta.files().get(fileIndex), span, settings);
            return handle.filePriorities().thenCompose(priorities -> {
                if (priorities.get(fileIndex).isWanted()) {
                    return CompletableFuture.completedFuture(file);
                }
                List<FilePriority> raised = new ArrayList<>(priorities);
                raised.set(fileIndex, FilePriority.NORMAL);
                return handle.setFilePriorities(raised).thenApply(v -> file);
            });
        });
    }

    /** A new channel positioned at 0; close it when done (that drops its time-critical pieces). */
    public TorrentFileChannel openChannel() {
        return new TorrentFileChannel(handle, span, describe(), settings);
    }

    /** A new blocking stream over a new channel from the start of the file. */
    public InputStream openInputStream() {
        return Channels.newInputStream(openChannel());
    }

    /**
     * The parts of this file downloaded and verified now, as file-relative extents in order: what a
     * seek bar shows as available.
     */
    public CompletableFuture<List<FileSpan.Extent>> verifiedExtents() {
        return handle.pieces().thenApply(span::extentsOf);
    }

    public TorrentHandle handle() {
        return handle;
    }

    /** The index in the metainfo's files (pad files counted). */
    public int index() {
        return index;
    }

    public FileEntry entry() {
        return entry;
    }

    public FileSpan span() {
        return span;
    }

    /** The file's length in bytes. */
    public long size() {
        return entry.length();
    }

    /** The path inside the torrent, joined with {@code /}. */
    public String path() {
        return entry.pathString();
    }

    private String describe() {
        return "file " + index + " (" + entry.pathString() + ")";
    }

    @Override
    public String toString() {
        return "TorrentFile[" + describe() + " of " + handle.infoHashes() + "]";
    }
}
