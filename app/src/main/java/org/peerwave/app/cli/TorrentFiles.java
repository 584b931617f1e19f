package org.peerwave.app.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.peerwave.app.util.Sizes;
import org.peerwave.engine.bencode.BencodeException;
import org.peerwave.engine.metainfo.MetainfoException;
import org.peerwave.engine.metainfo.MetainfoLimits;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/** Reads .torrent files for the commands, turning every failure into one clear {@link CliException}. */
final class TorrentFiles {

    private static final String NOT_A_TORRENT = "not a valid torrent file: ";

    private TorrentFiles() {
    }

    /** The engine's reason, prefixed once with "not a valid torrent file: ". */
    private static String invalid(String reason) {
        String r = reason == null ? "" : reason.strip();
        return r.startsWith(NOT_A_TORRENT) ? r : NOT_A_TORRENT + r;
    }

    static TorrentMetainfo read(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new CliException(file + " is a folder, not a .torrent file");
            }
            long size = Files.size(file);
            int limit = MetainfoLimits.DEFAULT.bencode().maxInputSize();
            if (size > limit) {
                throw new CliException(file + ": " + NOT_A_TORRENT + Sizes.bytes(size)
                        + " is more than a torrent file may have (" + Sizes.bytes(limit) + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException("no such file: " + file, e);
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return TorrentMetainfo.parse(bytes);
        } catch (MetainfoException | BencodeException e) {
            throw new CliException(file + ": " + invalid(e.getMessage()), e);
        }
    }
}
