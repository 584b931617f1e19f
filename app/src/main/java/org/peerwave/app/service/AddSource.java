package org.peerwave.app.service;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/** Where a torrent to add comes from: a .torrent file, its bytes, a magnet link or an http(s) link. */
public sealed interface AddSource {

    /** A .torrent file on disk. */
    record TorrentFile(Path path) implements AddSource {
        public TorrentFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The bytes of a .torrent file (already downloaded). */
    record TorrentBytes(byte[] bytes, String origin) implements AddSource {
        public TorrentBytes {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** A magnet: URI. */
    record Magnet(String uri) implements AddSource {
        public Magnet {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /** An http(s) link to a .torrent file. */
    record Url(URI uri) implements AddSource {
        public Url {
            Objects.requireNonNull(uri, "uri");
        }
    }
}
