package org.peerwave.app.service;

import java.nio.file.Path;

/** A torrent made by {@link TorrentService#create}: now seeding; its .torrent file was written to {@code torrentFile}. */
public record CreatedTorrent(String id, String name, String magnet, Path torrentFile) {
}
