package org.peerwave.engine.metainfo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed torrent file: v1 (BEP 3), v2 (BEP 52) or hybrid. Immutable.
 *
 * <p>Parse with {@link #parse(byte[])} or a {@link MetainfoParser} with other limits. The info
 * hashes are computed over the original bytes of the {@code info} dictionary.
 */
public final class TorrentMetainfo {

    /** The three kinds of torrent. */
    public enum Kind { V1, V2, HYBRID }

    private final byte[] infoBytes;
    private final InfoHashes infoHashes;
    private final String name;
    private final int pieceLength;
    private final int pieceCount;
    private final List<FileEntry> files;
    private final boolean singleFile;
    private final boolean isPrivate;
    private final byte[] v1Pieces;
    private final Map<ByteKey, byte[]> pieceLayers;
    private final List<List<String>> trackers;
    private final List<String> webSeeds;
    private final List<String> httpSeeds;
    private final String comment;
    private final String createdBy;
    private final Instant creationDate;

    /** A 32-byte pieces root as a map key. */
    record ByteKey(String hex) {
    }

    TorrentMetainfo(byte[] infoBytes, InfoHashes infoHashes, String name, int pieceLength, int pieceCount,
                    List<FileEntry> files, boolean singleFile, boolean isPrivate, byte[] v1Pieces,
                    Map<ByteKey, byte[]> pieceLayers, List<List<String>> trackers, List<String> webSeeds,
                    List<String> httpSeeds, String comment, String createdBy, Instant creationDate) {
        this.infoBytes = infoBytes;
        this.infoHashes = infoHashes;
        this.name = name;
        this.pieceLength = pieceLength;
        this.pieceCount = pieceCount;
        this.files = List.copyOf(files);
        this.singleFile = singleFile;
        this.isPrivate = isPrivate;
        this.v1Pieces = v1Pieces;
        this.pieceLayers = Map.copyOf(pieceLayers);
        this.trackers = trackers.stream().map(List::copyOf).toList();
        this.webSeeds = List.copyOf(webSeeds);
        this.httpSeeds = List.copyOf(httpSeeds);
        this.comment = comment;
        this.createdBy = createdBy;
        this.creationDate = creationDate;
    }

    /** Parses a .torrent file with the default limits. */
    public static TorrentMetainfo parse(byte[] torrentFile) {
        return new MetainfoParser().parse(torrentFile);
    }

    /** A copy of the original bytes of the info dictionary (what the info hashes are computed over). */
    public byte[] infoBytes() {
        return infoBytes.clone();
    }

    public InfoHashes infoHashes() {
        return infoHashes;
    }

    public Kind kind() {
        return infoHashes.isHybrid() ? Kind.HYBRID : infoHashes.hasV2() ? Kind.V2 : Kind.V1;
    }

    /** The sanitized name: the file name of a single-file torrent, the folder name otherwise. */
    public String name() {
        return name;
    }

    public int pieceLength() {
        return pieceLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** All files in torrent order, pad files included (see {@link FileEntry#pad()}). */
    public List<FileEntry> files() {
        return files;
    }

    /** The files without pad files. */
    public List<FileEntry> contentFiles() {
        return files.stream().filter(f -> !f.pad()).toList();
    }

    /** True for a torrent that describes one file (no folder). */
    public boolean singleFile() {
        return singleFile;
    }

    /** Sum of the lengths of the real files (pad files excluded). */
    public long totalLength() {
        long total = 0;
        for (FileEntry f : files) {
            if (!f.pad()) {
                total += f.length();
            }
        }
        return total;
    }

    /** Length of the torrent's byte space, pad files included: what the pieces cover. */
    public long storageLength() {
        return files.getLast().end();
    }

    /** BEP 27: the torrent is private (no DHT, PEX or LSD). */
    public boolean isPrivate() {
        return isPrivate;
    }

    /** The SHA-1 of piece {@code index} (v1 and hybrid torrents). */
    public byte[] pieceHashV1(int index) {
        if (v1Pieces == null) {
            throw new IllegalStateException("a v2-only torrent has no v1 piece hashes");
        }
        byte[] h = new byte[20];
        System.arraycopy(v1Pieces, index * 20, h, 0, 20);
        return h;
    }

    /**
     * The v2 piece layer of a file (the SHA-256 merkle roots of its pieces, back to back), when
     * the torrent carries it; files of at most one piece have none (their root is the piece hash).
     */
    public Optional<byte[]> pieceLayer(FileEntry file) {
        byte[] root = file.piecesRoot();
        if (root == null) {
            return Optional.empty();
        }
        byte[] layer = pieceLayers.get(new ByteKey(java.util.HexFormat.of().formatHex(root)));
        return Optional.ofNullable(layer).map(byte[]::clone);
    }

    /** BEP 12 tracker tiers (a plain {@code announce} is one tier of one URL). */
    public List<List<String>> trackers() {
        return trackers;
    }

    /** BEP 19 web seeds ({@code url-list}). */
    public List<String> webSeeds() {
        return webSeeds;
    }

    /** BEP 17 HTTP seeds ({@code httpseeds}). */
    public List<String> httpSeeds() {
        return httpSeeds;
    }

    public Optional<String> comment() {
        return Optional.ofNullable(comment);
    }

    public Optional<String> createdBy() {
        return Optional.ofNullable(createdBy);
    }

    public Optional<Instant> creationDate() {
        return Optional.ofNullable(creationDate);
    }

    @Override
    public String toString() {
        return "TorrentMetainfo[" + name + ", " + kind() + ", " + files.size() + " files, " + pieceCount + " pieces]";
    }
}
