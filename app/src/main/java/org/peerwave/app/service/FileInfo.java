package org.peerwave.app.service;

import org.peerwave.engine.session.FilePriority;

/**
 * One file of a torrent for a Files tab or the add dialog.
 *
 * @param index    its index in the torrent's file list (pad files included), what priorities use
 * @param path     its path inside the torrent, '/'-separated, without the torrent's top-level name
 * @param size     bytes
 * @param progress fraction verified, 0..1
 * @param priority its priority
 */
public record FileInfo(int index, String path, long size, double progress, FilePriority priority) {
}
