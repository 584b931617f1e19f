package org.peerwave.app.service;

import java.util.List;

/**
 * What the add dialog shows of a torrent before it is added: read from a .torrent file (every
 * file known) or a magnet link (files known once the metadata arrives: {@code files} empty).
 *
 * @param source the source to add
 * @param id     the torrent's key
 * @param name   its name
 * @param size   bytes of the whole torrent (0 for a magnet)
 * @param files  its files (pad files left out; each keeps its index)
 */
public record TorrentPreview(AddSource source, String id, String name, long size, List<FileInfo> files) {

    public TorrentPreview {
        files = List.copyOf(files);
    }

    /** True for a magnet link whose file list is not known yet. */
    public boolean isMagnet() {
        return source instanceof AddSource.Magnet;
    }
}
