package org.peerwave.engine.metainfo;

import java.util.Objects;
import java.util.Optional;

/**
 * The identity of a torrent: a v1 info hash, a v2 info hash, or both (a hybrid torrent).
 *
 * @param v1 the SHA-1 info hash, or {@code null} for a v2-only torrent
 * @param v2 the SHA-256 info hash, or {@code null} for a v1-only torrent
 */
public record InfoHashes(InfoHash v1, InfoHash v2) {

    public InfoHashes {
        if (v1 == null && v2 == null) {
            throw new IllegalArgumentException("a torrent needs a v1 or a v2 info hash");
        }
        if (v1 != null && v1.version() != InfoHash.Version.V1) {
            throw new IllegalArgumentException("v1 slot holds a " + v1.version() + " hash");
        }
        if (v2 != null && v2.version() != InfoHash.Version.V2) {
            throw new IllegalArgumentException("v2 slot holds a " + v2.version() + " hash");
        }
    }

    public static InfoHashes ofV1(InfoHash v1) {
        return new InfoHashes(Objects.requireNonNull(v1), null);
    }

    public static InfoHashes ofV2(InfoHash v2) {
        return new InfoHashes(null, Objects.requireNonNull(v2));
    }

    public boolean hasV1() {
        return v1 != null;
    }

    public boolean hasV2() {
        return v2 != null;
    }

    public boolean isHybrid() {
        return v1 != null && v2 != null;
    }

    public Optional<InfoHash> v1Optional() {
        return Optional.ofNullable(v1);
    }

    public Optional<InfoHash> v2Optional() {
        return Optional.ofNullable(v2);
    }

    /** The hash a torrent is known by on the wire: v1 when present, otherwise the truncated v2. */
    public byte[] wireBytes() {
        return v1 != null ? v1.bytes() : v2.wireBytes();
    }

    /** True when this and the other share a v1 or a v2 hash (the same swarm). */
    public boolean overlaps(InfoHashes other) {
        return (v1 != null && v1.equals(other.v1)) || (v2 != null && v2.equals(other.v2));
    }
}
