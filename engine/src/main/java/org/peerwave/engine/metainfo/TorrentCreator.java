package org.peerwave.engine.metainfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.Bencode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates torrents from a file or a directory: v1, v2 or hybrid.
 *
 * <p>The {@code info} dictionary is byte-identical to what libtorrent 2.0's {@code create_torrent}
 * makes from the same files and piece length (see docs/decisions/0002-torrent-creation-like-libtorrent.md):
 * v2 and hybrid torrents list files sorted by path with BEP 47 pad files after every file that does
 * not end on a piece boundary (when there is more than one file); v1 torrents list files in the
 * order the file system returns them, without pad files. Hashing runs on all cores and reads the
 * files in piece-sized chunks, so memory stays at one piece per thread.
 */
public final class TorrentCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentCreator.class);

    /** What kind of torrent to make. */
    public enum Mode { V1, V2, HYBRID }

    /** Progress of hashing; called from hashing threads, so implementations must be thread-safe. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(long bytesHashed, long totalBytes);
    }

    /** The result: the .torrent bytes and their parsed form. */
    public record CreatedTorrent(byte[] bytes, TorrentMetainfo metainfo) {
        public CreatedTorrent {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** The size table of libtorrent's automatic piece size: total sizes up to which 16 KiB &lt;&lt; i is used. */
    private static final long[] AUTO_PIECE_TABLE = {
        2_684_355L, 10_737_418L, 42_949_673L, 171_798_692L, 687_194_767L,
        2_748_779_069L, 10_995_116_278L, 43_980_465_111L, 175_921_860_444L, 703_687_441_777L};

    private final Path source;
    private final Mode mode;
    private final int requestedPieceLength;
    private final List<List<String>> trackers;
    private final List<String> webSeeds;
    private final List<String> httpSeeds;
    private final boolean privateFlag;
    private final String comment;
    private final String createdBy;
    private final Instant creationDate;
    private final int threads;
    private final ProgressListener progress;

    private TorrentCreator(Builder b) {
        this.source = b.source;
        this.mode = b.mode;
        this.requestedPieceLength = b.pieceLength;
        this.trackers = b.trackers.stream().map(List::copyOf).toList();
        this.webSeeds = List.copyOf(b.webSeeds);
        this.httpSeeds = List.copyOf(b.httpSeeds);
        this.privateFlag = b.privateFlag;
        this.comment = b.comment;
        this.createdBy = b.createdBy;
        this.creationDate = b.creationDate;
        this.threads = b.threads;
        this.progress = b.progress;
    }

    public static Builder builder(Path source) {
        return new Builder(source);
    }

    /**
     * The piece length libtorrent picks for a total size: 16 KiB doubled once per table entry
     * below the size, up to 16 MiB.
     */
    public static int automaticPieceLength(long totalSize) {
        int i = 0;
        for (long s : AUTO_PIECE_TABLE) {
            if (s >= totalSize) {
                break;
            }
            i++;
        }
        return MerkleTree.BLOCK_SIZE << i;
    }

    /** Scans, hashes and builds the torrent. */
    public CreatedTorrent create() throws IOException {
        if (!Files.exists(source)) {
            throw new IOException("no such file or directory: " + source);
        }
        Path abs = source.toAbsolutePath().normalize();
        Path fileName = abs.getFileName();
        if (fileName == null) {
            throw new IOException("cannot make a torrent of the file system root");
        }
        String name = fileName.toString();
        boolean single = !Files.isDirectory(abs);
        List<SourceFile> scanned = new ArrayList<>();
        if (single) {
            if (!Files.isRegularFile(abs)) {
                throw new IOException("not a regular file: " + source);
            }
            scanned.add(new SourceFile(abs, List.of(name), Files.size(abs), attributes(abs)));
        } else {
            scanDirectory(abs, List.of(), scanned, new HashSet<>());
        }
        long total = 0;
        for (SourceFile f : scanned) {
            total += f.size();
        }
        if (scanned.isEmpty() || total == 0) {
            throw new IOException("nothing to share: " + source + (scanned.isEmpty() ? " has no files" : " has only empty files"));
        }
        int pieceLength = pieceLength(total);
        Layout layout = Layout.of(scanned, mode != Mode.V1, pieceLength);
        LOG.debug("creating a {} torrent of {} ({} files, {} bytes, pieces of {} bytes)", mode, source,
                scanned.size(), total, pieceLength);

        PieceHasher.Result hashes = new PieceHasher(layout, pieceLength, mode != Mode.V2, mode != Mode.V1,
                threads, progress).run();
        byte[] bytes = Bencode.encode(torrentDictionary(name, single, layout, pieceLength, hashes));
        TorrentMetainfo metainfo = new MetainfoParser(MetainfoLimits.DEFAULT.withBencode(
                MetainfoLimits.DEFAULT.bencode().withMaxInputSize(Math.max(bytes.length, 1))), PathSanitizer.posix())
                .parse(bytes);
        return new CreatedTorrent(bytes, metainfo);
    }

    private int pieceLength(long total) {
        int pl = requestedPieceLength > 0 ? requestedPieceLength : automaticPieceLength(total);
        if (mode != Mode.V1) {
            pl = Math.max(pl, MerkleTree.BLOCK_SIZE);
            if (Integer.bitCount(pl) != 1) {
                throw new IllegalArgumentException("piece length " + pl
                        + " is not a power of two, which v2 and hybrid torrents need");
            }
        } else if (pl % MerkleTree.BLOCK_SIZE != 0 && Integer.bitCount(pl) != 1) {
            throw new IllegalArgumentException("piece length " + pl
                    + " is neither a multiple of 16 KiB nor a power of two");
        }
        return pl;
    }

    /** Depth-first in the order the file system lists entries, as libtorrent's add_files does. */
    private static void scanDirectory(Path dir, List<String> prefix, List<SourceFile> out, Set<Object> visited)
            throws IOException {
        BasicFileAttributes dirAttrs = Files.readAttributes(dir, BasicFileAttributes.class);
        Object key = dirAttrs.fileKey() != null ? dirAttrs.fileKey() : dir.toRealPath();
        if (!visited.add(key)) {
            LOG.warn("skipping {}: a symbolic link loop", dir);
            return;
        }
        List<Path> children = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                children.add(p);
            }
        }
        for (Path child : children) {
            List<String> path = new ArrayList<>(prefix);
            path.add(child.getFileName().toString());
            if (Files.isDirectory(child)) {
                scanDirectory(child, path, out, visited);
            } else if (Files.isRegularFile(child)) {
                out.add(new SourceFile(child, List.copyOf(path), Files.size(child), attributes(child)));
            } else {
                LOG.warn("skipping {}: not a regular file", child);
            }
        }
        visited.remove(key);
    }

    /** BEP 47 attributes as libtorrent reads them: {@code x} when the owner may execute (lstat). */
    private static String attributes(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.permissions().contains(PosixFilePermission.OWNER_EXECUTE) ? "x" : "";
        } catch (UnsupportedOperationException | IOException e) {
            return "";
        }
    }

    private BDictionary torrentDictionary(String name, boolean single, Layout layout, int pieceLength,
                                          PieceHasher.Result hashes) {
        BDictionary.Builder info = BDictionary.builder();
        info.put("name", name);
        info.put("piece length", pieceLength);
        if (privateFlag) {
            info.put("private", 1);
        }
        boolean multi = !single;
        if (mode != Mode.V2) {
            if (!multi) {
                LayoutFile f = layout.files().getFirst();
                info.put("length", f.size());
                if (!f.attr().isEmpty()) {
                    info.put("attr", f.attr());
                }
            } else {
                List<BValue> files = new ArrayList<>();
                for (LayoutFile f : layout.files()) {
                    BDictionary.Builder fd = BDictionary.builder();
                    if (!f.attr().isEmpty()) {
                        fd.put("attr", f.attr());
                    }
                    fd.put("length", f.size());
                    fd.put("path", new BList(f.path().stream().map(s -> (BValue) BString.of(s)).toList()));
                    files.add(fd.build());
                }
                info.put("files", new BList(files));
            }
            info.put("pieces", hashes.v1Pieces());
        }
        BDictionary.Builder layers = BDictionary.builder();
        if (mode != Mode.V1) {
            FileTree tree = new FileTree();
            for (int i = 0; i < layout.files().size(); i++) {
                LayoutFile f = layout.files().get(i);
                if (f.pad()) {
                    continue;
                }
                BDictionary.Builder leaf = BDictionary.builder();
                if (!f.attr().isEmpty()) {
                    leaf.put("attr", f.attr());
                }
                leaf.put("length", f.size());
                if (f.size() > 0) {
                    byte[] root = hashes.fileRoot(i);
                    leaf.put("pieces root", root);
                    byte[] layer = hashes.pieceLayer(i);
                    if (layer.length > MerkleTree.HASH_SIZE) {
                        layers.put(BString.of(root), BString.of(layer));
                    }
                }
                tree.add(multi ? f.path() : List.of(name), leaf.build());
            }
            info.put("file tree", tree.toBencode());
            info.put("meta version", 2);
        }

        BDictionary.Builder torrent = BDictionary.builder();
        List<List<String>> tiers = dedupedTiers();
        if (!tiers.isEmpty()) {
            torrent.put("announce", tiers.getFirst().getFirst());
            if (tiers.stream().mapToInt(List::size).sum() > 1) {
                torrent.put("announce-list", new BList(tiers.stream()
                        .map(t -> (BValue) new BList(t.stream().map(u -> (BValue) BString.of(u)).toList()))
                        .toList()));
            }
        }
        if (comment != null && !comment.isEmpty()) {
            torrent.put("comment", comment);
        }
        if (creationDate != null) {
            torrent.put("creation date", creationDate.getEpochSecond());
        }
        if (createdBy != null && !createdBy.isEmpty()) {
            torrent.put("created by", createdBy);
        }
        putUrls(torrent, "url-list", webSeeds);
        putUrls(torrent, "httpseeds", httpSeeds);
        torrent.put("info", info.build());
        if (mode != Mode.V1) {
            torrent.put("piece layers", layers.build());
        }
        return torrent.build();
    }

    private List<List<String>> dedupedTiers() {
        Set<String> seen = new HashSet<>();
        List<List<String>> out = new ArrayList<>();
        for (List<String> tier : trackers) {
            List<String> t = new ArrayList<>();
            for (String url : tier) {
                String u = url.strip();
                if (!u.isEmpty() && seen.add(u)) {
                    t.add(u);
                }
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static void putUrls(BDictionary.Builder d, String key, List<String> urls) {
        List<String> list = List.copyOf(new LinkedHashSet<>(urls.stream().map(String::strip)
                .filter(u -> !u.isEmpty()).toList()));
        if (list.size() == 1) {
            d.put(key, list.getFirst());
        } else if (list.size() > 1) {
            d.put(key, new BList(list.stream().map(u -> (BValue) BString.of(u)).toList()));
        }
    }

    /** A file found on disk. */
    record SourceFile(Path file, List<String> path, long size, String attr) {
    }

    /** A file in the torrent's byte space: a source file or a pad file (file == null). */
    record LayoutFile(Path file, List<String> path, long size, long offset, String attr) {
        boolean pad() {
            return file == null;
        }

        long end() {
            return offset + size;
        }
    }

    /** The files in torrent order with their offsets. */
    record Layout(List<LayoutFile> files, long totalLength) {

        static Layout of(List<SourceFile> scanned, boolean canonical, int pieceLength) {
            List<SourceFile> order = new ArrayList<>(scanned);
            if (canonical) {
                order.sort(TorrentCreator::comparePaths);
            }
            boolean pad = canonical && scanned.size() > 1;
            List<LayoutFile> files = new ArrayList<>();
            long offset = 0;
            for (SourceFile f : order) {
                files.add(new LayoutFile(f.file(), f.path(), f.size(), offset, f.attr()));
                offset += f.size();
                if (pad && f.size() > 0 && offset % pieceLength != 0) {
                    long padSize = pieceLength - offset % pieceLength;
                    files.add(new LayoutFile(null, List.of(".pad", Long.toString(padSize)), padSize, offset, "p"));
                    offset += padSize;
                }
            }
            return new Layout(List.copyOf(files), offset);
        }
    }

    /** Path order of libtorrent's canonical file order: component by component, bytewise. */
    static int comparePaths(SourceFile a, SourceFile b) {
        List<String> x = a.path();
        List<String> y = b.path();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = BString.of(x.get(i)).compareTo(BString.of(y.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    /** Nested dictionaries of the v2 file tree, built from paths. */
    private static final class FileTree {
        private final java.util.Map<String, Object> root = new java.util.HashMap<>();

        @SuppressWarnings("unchecked")
        void add(List<String> path, BDictionary leaf) {
            java.util.Map<String, Object> node = root;
            for (String c : path) {
                Object child = node.get(c);
                if (child == null) {
                    child = new java.util.HashMap<String, Object>();
                    node.put(c, child);
                } else if (!(child instanceof java.util.Map)) {
                    throw new IllegalStateException("path conflict at " + String.join("/", path));
                }
                node = (java.util.Map<String, Object>) child;
            }
            if (!node.isEmpty()) {
                throw new IllegalStateException("path conflict at " + String.join("/", path));
            }
            node.put("", leaf);
        }

        BDictionary toBencode() {
            return toBencode(root);
        }

        @SuppressWarnings("unchecked")
        private static BDictionary toBencode(java.util.Map<String, Object> node) {
            BDictionary.Builder b = BDictionary.builder();
            for (var e : node.entrySet()) {
                BValue v = e.getValue() instanceof BDictionary leaf ? leaf
                        : toBencode((java.util.Map<String, Object>) e.getValue());
                b.put(e.getKey(), v);
            }
            return b.build();
        }
    }

    /** Settings for one creation. */
    public static final class Builder {
        private final Path source;
        private Mode mode = Mode.HYBRID;
        private int pieceLength;
        private final List<List<String>> trackers = new ArrayList<>();
        private final List<String> webSeeds = new ArrayList<>();
        private final List<String> httpSeeds = new ArrayList<>();
        private boolean privateFlag;
        private String comment;
        private String createdBy = "Peerwave";
        private Instant creationDate = Instant.now();
        private int threads = Runtime.getRuntime().availableProcessors();
        private ProgressListener progress = (done, total) -> { };

        private Builder(Path source) {
            this.source = Objects.requireNonNull(source);
        }

        public Builder mode(Mode m) {
            this.mode = Objects.requireNonNull(m);
            return this;
        }

        /** Piece length in bytes; 0 picks one from the total size (the default). */
        public Builder pieceLength(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("piece length must not be negative");
            }
            this.pieceLength = bytes;
            return this;
        }

        /** Adds a tier of trackers (BEP 12); the first URL of the first tier is the {@code announce}. */
        public Builder addTrackerTier(List<String> urls) {
            trackers.add(List.copyOf(urls));
            return this;
        }

        public Builder trackers(List<List<String>> tiers) {
            trackers.clear();
            tiers.forEach(this::addTrackerTier);
            return this;
        }

        public Builder webSeeds(List<String> urls) {
            webSeeds.clear();
            webSeeds.addAll(urls);
            return this;
        }

        public Builder httpSeeds(List<String> urls) {
            httpSeeds.clear();
            httpSeeds.addAll(urls);
            return this;
        }

        public Builder privateFlag(boolean p) {
            this.privateFlag = p;
            return this;
        }

        public Builder comment(String c) {
            this.comment = c;
            return this;
        }

        /** The {@code created by} text; null leaves it out. */
        public Builder createdBy(String c) {
            this.createdBy = c;
            return this;
        }

        /** The creation date; null leaves it out (for reproducible torrents). */
        public Builder creationDate(Instant date) {
            this.creationDate = date;
            return this;
        }

        public Builder threads(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("threads must be positive");
            }
            this.threads = n;
            return this;
        }

        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener);
            return this;
        }

        public TorrentCreator build() {
            return new TorrentCreator(this);
        }

        public CreatedTorrent create() throws IOException {
            return build().create();
        }
    }
}
