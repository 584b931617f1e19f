package org.peerwave.media;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.peerwave.engine.stream.FileSpan;
import org.peerwave.engine.stream.TorrentFile;

/**
 * Something the player can read: a name, a size, and fresh seekable channels over its bytes (libvlc
 * may open a media more than once). A torrent file's channels block until the pieces they need are
 * verified.
 */
public interface MediaSource {

    /** The file name, for titles and for guessing the container from the extension. */
    String name();

    /** The length in bytes. */
    long size();

    /** A new channel at position 0; the caller closes it. */
    SeekableByteChannel openChannel() throws IOException;

    /** The parts that can be read without waiting, file-relative, in order (a seek bar shows them). */
    default CompletableFuture<List<FileSpan.Extent>> availableExtents() {
        return CompletableFuture.completedFuture(List.of(new FileSpan.Extent(0, size())));
    }

    /** One file of a torrent, read through {@link TorrentFile#openChannel()}. */
    static MediaSource of(TorrentFile file) {
        Objects.requireNonNull(file, "file");
        String path = file.path();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new MediaSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long size() {
                return file.size();
            }

            @Override
            public SeekableByteChannel openChannel() {
                return file.openChannel();
            }

            @Override
            public CompletableFuture<List<FileSpan.Extent>> availableExtents() {
                return file.verifiedExtents();
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }

    /** A local file (a finished download, or a test's reference). */
    static MediaSource of(Path file) throws IOException {
        long size = Files.size(file);
        String name = file.getFileName().toString();
        return new MediaSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public SeekableByteChannel openChannel() throws IOException {
                return FileChannel.open(file, StandardOpenOption.READ);
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }
}
