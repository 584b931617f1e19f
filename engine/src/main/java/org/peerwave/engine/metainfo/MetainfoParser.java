package org.peerwave.engine.metainfo;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.BencodeDecoder;
import org.peerwave.engine.bencode.BencodeException;

/**
 * Parses .torrent files: v1 (single and multi-file), v2 (BEP 52) and hybrid, with BEP 12 tiers,
 * BEP 17/19 seeds, BEP 27 private flag and BEP 47 pad files and attributes.
 *
 * <p>Checks: the info dictionary is complete and typed right; piece counts match the data size;
 * v2 piece lengths are powers of two of at least 16 KiB; piece layers match their roots; the v1 and
 * v2 views of a hybrid torrent describe the same files at piece-aligned offsets. File names pass
 * through a {@link PathSanitizer}.
 */
public final class MetainfoParser {

    private static final String BITCOMET_PAD_PREFIX = "_____padding_file_";
    private static final HexFormat HEX = HexFormat.of();

    private final MetainfoLimits limits;
    private final PathSanitizer sanitizer;

    public MetainfoParser(MetainfoLimits limits, PathSanitizer sanitizer) {
        this.limits = limits;
        this.sanitizer = sanitizer;
    }

    public MetainfoParser() {
        this(MetainfoLimits.DEFAULT, PathSanitizer.forCurrentOs());
    }

    /** A v1 or v2 file as announced, before sanitizing. */
    private record RawFile(List<String> path, long length, String attr, byte[] root) {
        boolean pad() {
            return attr.indexOf('p') >= 0;
        }
    }

    /** Parses a .torrent file; every problem is a {@link MetainfoException} with a one-line message. */
    public TorrentMetainfo parse(byte[] data) {
        try {
            return parseUnchecked(data);
        } catch (ArithmeticException e) {
            throw new MetainfoException("file sizes in the torrent add up to more than 64 bits can hold");
        }
    }

    private TorrentMetainfo parseUnchecked(byte[] data) {
        BDictionary root;
        try {
            BValue v = new BencodeDecoder(limits.bencode()).decode(data);
            if (!(v instanceof BDictionary d)) {
                throw new MetainfoException("not a torrent file: the top level is a " + v.typeName()
                        + ", not a dictionary");
            }
            root = d;
        } catch (BencodeException e) {
            throw new MetainfoException("not a valid torrent file: " + e.getMessage(), e);
        }
        BDictionary info = dict(root, "info", "torrent");
        if (info == null) {
            throw new MetainfoException("not a torrent file: it has no 'info' dictionary");
        }
        byte[] infoBytes = java.util.Arrays.copyOfRange(data, info.sourceOffset(),
                info.sourceOffset() + info.sourceLength());

        long pieceLengthL = requiredInt(info, "piece length", "info");
        if (pieceLengthL <= 0 || pieceLengthL > limits.maxPieceLength()) {
            throw new MetainfoException("piece length " + pieceLengthL + " is out of range (1 to "
                    + limits.maxPieceLength() + " bytes)");
        }
        int pieceLength = (int) pieceLengthL;

        BValue metaVersion = info.get("meta version");
        boolean v2 = false;
        if (metaVersion != null) {
            if (!(metaVersion instanceof BInteger mv)) {
                throw new MetainfoException("'meta version' must be an integer");
            }
            if (mv.value() != 2) {
                throw new MetainfoException("unsupported meta version " + mv.value() + " (only 2 is known)");
            }
            v2 = true;
        }
        boolean v1 = info.containsKey("pieces");
        if (!v1 && !v2) {
            throw new MetainfoException("info dictionary has neither 'pieces' (v1) nor 'meta version' 2 (v2)");
        }

        String rawName = text(info, "name", "info");
        if (rawName == null) {
            throw new MetainfoException("info dictionary has no 'name'");
        }

        List<RawFile> v1Files = null;
        boolean singleFile = false;
        byte[] pieces = null;
        int v1PieceCount = 0;
        if (v1) {
            BString p = string(info, "pieces", "info");
            if (p.length() % 20 != 0) {
                throw new MetainfoException("'pieces' is " + p.length() + " bytes, not a multiple of 20");
            }
            pieces = p.bytes();
            v1PieceCount = p.length() / 20;
            if (info.containsKey("files")) {
                v1Files = v1FileList(info);
            } else if (info.containsKey("length")) {
                long length = requiredInt(info, "length", "info");
                if (length < 0) {
                    throw new MetainfoException("file length " + length + " is negative");
                }
                v1Files = List.of(new RawFile(List.of(rawName), length, attr(info), null));
                singleFile = true;
            } else {
                throw new MetainfoException("info dictionary has neither 'length' nor 'files'");
            }
            long total = 0;
            for (RawFile f : v1Files) {
                total = Math.addExact(total, f.length());
            }
            long expected = total == 0 ? 0 : (total + pieceLength - 1) / pieceLength;
            if (expected != v1PieceCount) {
                throw new MetainfoException("'pieces' has " + v1PieceCount + " hashes but the files need "
                        + expected + " pieces of " + pieceLength + " bytes");
            }
            if (total == 0) {
                throw new MetainfoException("the torrent has no data: all files are empty");
            }
        }

        List<RawFile> v2Files = null;
        int v2PieceCount = 0;
        Map<TorrentMetainfo.ByteKey, byte[]> layers = new HashMap<>();
        if (v2) {
            if (pieceLength < MerkleTree.BLOCK_SIZE || Integer.bitCount(pieceLength) != 1) {
                throw new MetainfoException("a v2 piece length must be a power of two of at least 16 KiB, not "
                        + pieceLength);
            }
            BDictionary tree = dict(info, "file tree", "info");
            if (tree == null) {
                throw new MetainfoException("v2 info dictionary has no 'file tree'");
            }
            v2Files = new ArrayList<>();
            walkFileTree(tree, new ArrayList<>(), v2Files);
            if (v2Files.isEmpty()) {
                throw new MetainfoException("the 'file tree' lists no files");
            }
            long total = 0;
            for (RawFile f : v2Files) {
                v2PieceCount = Math.addExact(v2PieceCount, Math.toIntExact((f.length() + pieceLength - 1) / pieceLength));
                total += f.length();
            }
            if (total == 0) {
                throw new MetainfoException("the torrent has no data: all files are empty");
            }
            if (!v1) {
                // like libtorrent: a v2 tree whose only entry is a file is a single-file torrent
                singleFile = tree.size() == 1 && v2Files.size() == 1 && v2Files.getFirst().path().size() == 1;
                if (singleFile) {
                    rawName = v2Files.getFirst().path().getFirst();
                }
            }
            layers = pieceLayers(root, v2Files, pieceLength);
        }

        if (v1 && v2) {
            checkHybrid(v1Files, v2Files, pieceLength, v1PieceCount, v2PieceCount);
        }

        InfoHash h1 = v1 ? InfoHash.v1(digest(MerkleTree.sha1(), infoBytes)) : null;
        InfoHash h2 = v2 ? InfoHash.v2(digest(MerkleTree.sha256(), infoBytes)) : null;
        InfoHashes hashes = new InfoHashes(h1, h2);

        String fallback = (h1 != null ? h1 : h2).hex().substring(0, 16);
        String name = sanitizer.name(rawName, fallback);
        List<FileEntry> files = v1
                ? entries(v1Files, singleFile, name, pieceLength, false, v2Files)
                : entries(v2Files, singleFile, name, pieceLength, true, null);

        if (files.stream().allMatch(f -> f.pad() || f.length() == 0)) {
            throw new MetainfoException("the torrent has no data: all its files are empty or padding");
        }
        boolean isPrivate = info.get("private") instanceof BInteger pi && pi.value() == 1;

        return new TorrentMetainfo(infoBytes, hashes, name, pieceLength, v1 ? v1PieceCount : v2PieceCount,
                files, singleFile, isPrivate, pieces, layers, trackers(root), urlList(root, "url-list"),
                urlList(root, "httpseeds"), text(root, "comment", "torrent"), text(root, "created by", "torrent"),
                creationDate(root));
    }

    private List<RawFile> v1FileList(BDictionary info) {
        BValue filesValue = info.get("files");
        if (!(filesValue instanceof BList list)) {
            throw new MetainfoException("'files' must be a list");
        }
        if (list.size() == 0) {
            throw new MetainfoException("'files' is empty");
        }
        if (list.size() > limits.maxFiles()) {
            throw new MetainfoException("the torrent lists " + list.size() + " files, more than the limit of "
                    + limits.maxFiles());
        }
        List<RawFile> out = new ArrayList<>(list.size());
        int index = 0;
        for (BValue v : list.values()) {
            String where = "files[" + index++ + "]";
            if (!(v instanceof BDictionary fd)) {
                throw new MetainfoException(where + " must be a dictionary");
            }
            long length = requiredInt(fd, "length", where);
            if (length < 0) {
                throw new MetainfoException(where + " has a negative length " + length);
            }
            BValue pathValue = fd.containsKey("path.utf-8") ? fd.get("path.utf-8") : fd.get("path");
            if (!(pathValue instanceof BList pl)) {
                throw new MetainfoException(where + " has no 'path' list");
            }
            if (pl.size() == 0) {
                throw new MetainfoException(where + " has an empty 'path'");
            }
            if (pl.size() > limits.maxPathDepth()) {
                throw new MetainfoException(where + " has a path of " + pl.size() + " components, more than "
                        + limits.maxPathDepth());
            }
            List<String> path = new ArrayList<>(pl.size());
            for (BValue c : pl.values()) {
                if (!(c instanceof BString cs)) {
                    throw new MetainfoException(where + " has a path component that is not a string");
                }
                path.add(cs.utf8());
            }
            String attr = attr(fd);
            if (attr.indexOf('p') < 0 && path.getLast().startsWith(BITCOMET_PAD_PREFIX)) {
                attr = attr + "p";
            }
            out.add(new RawFile(path, length, attr, null));
        }
        return out;
    }

    private void walkFileTree(BDictionary node, List<String> prefix, List<RawFile> out) {
        if (prefix.size() > limits.maxPathDepth()) {
            throw new MetainfoException("the 'file tree' is deeper than " + limits.maxPathDepth() + " levels");
        }
        List<Map.Entry<BString, BValue>> entries = new ArrayList<>(node.entries().entrySet());
        entries.sort(Map.Entry.comparingByKey());
        for (Map.Entry<BString, BValue> e : entries) {
            String key = e.getKey().utf8();
            if (!(e.getValue() instanceof BDictionary child)) {
                throw new MetainfoException("'file tree' entry '" + String.join("/", prefix) + "/" + key
                        + "' must be a dictionary");
            }
            if (e.getKey().length() == 0) {
                if (prefix.isEmpty()) {
                    throw new MetainfoException("the 'file tree' has a file without a name at its top");
                }
                if (node.size() != 1) {
                    throw new MetainfoException("'" + String.join("/", prefix) + "' is both a file and a directory");
                }
                long length = requiredInt(child, "length", "file '" + String.join("/", prefix) + "'");
                if (length < 0) {
                    throw new MetainfoException("file '" + String.join("/", prefix) + "' has a negative length");
                }
                byte[] rootHash = null;
                if (length > 0) {
                    BString r = string(child, "pieces root", "file '" + String.join("/", prefix) + "'");
                    if (r.length() != MerkleTree.HASH_SIZE) {
                        throw new MetainfoException("file '" + String.join("/", prefix) + "' has a 'pieces root' of "
                                + r.length() + " bytes, not 32");
                    }
                    rootHash = r.bytes();
                }
                if (out.size() >= limits.maxFiles()) {
                    throw new MetainfoException("the torrent lists more files than the limit of " + limits.maxFiles());
                }
                out.add(new RawFile(List.copyOf(prefix), length, attr(child), rootHash));
            } else {
                prefix.add(key);
                walkFileTree(child, prefix, out);
                prefix.removeLast();
            }
        }
    }

    private Map<TorrentMetainfo.ByteKey, byte[]> pieceLayers(BDictionary root, List<RawFile> files, int pieceLength) {
        BValue value = root.get("piece layers");
        Map<TorrentMetainfo.ByteKey, byte[]> layers = new HashMap<>();
        if (value == null) {
            return layers;
        }
        if (!(value instanceof BDictionary dict)) {
            throw new MetainfoException("'piece layers' must be a dictionary");
        }
        byte[] pad = MerkleTree.padHash(pieceLength / MerkleTree.BLOCK_SIZE);
        for (RawFile f : files) {
            if (f.length() <= pieceLength) {
                continue;
            }
            BValue layerValue = dict.get(BString.of(f.root()));
            if (layerValue == null) {
                continue; // may be fetched from peers later (BEP 52 hash requests)
            }
            String where = "the piece layer of '" + String.join("/", f.path()) + "'";
            if (!(layerValue instanceof BString layer)) {
                throw new MetainfoException(where + " must be a string");
            }
            long pieces = (f.length() + pieceLength - 1) / pieceLength;
            if (layer.length() != pieces * MerkleTree.HASH_SIZE) {
                throw new MetainfoException(where + " has " + layer.length() + " bytes, expected "
                        + pieces * MerkleTree.HASH_SIZE + " (" + pieces + " hashes)");
            }
            byte[] bytes = layer.bytes();
            byte[] computed = MerkleTree.root(bytes, 0, (int) pieces, pad);
            if (!MessageDigest.isEqual(computed, f.root())) {
                throw new MetainfoException(where + " does not match its pieces root");
            }
            layers.put(new TorrentMetainfo.ByteKey(HEX.formatHex(f.root())), bytes);
        }
        return layers;
    }

    private static void checkHybrid(List<RawFile> v1Files, List<RawFile> v2Files, int pieceLength,
                                    int v1PieceCount, int v2PieceCount) {
        List<RawFile> content = v1Files.stream().filter(f -> !f.pad()).toList();
        boolean single = v1Files.size() == 1;
        if (content.size() != v2Files.size()) {
            throw new MetainfoException("hybrid torrent: the v1 part lists " + content.size()
                    + " files and the v2 part " + v2Files.size());
        }
        for (int i = 0; i < content.size(); i++) {
            RawFile a = content.get(i);
            RawFile b = v2Files.get(i);
            if (!a.path().equals(single ? List.of(b.path().getLast()) : b.path()) || a.length() != b.length()) {
                throw new MetainfoException("hybrid torrent: v1 file " + String.join("/", a.path()) + " ("
                        + a.length() + " bytes) does not match v2 file " + String.join("/", b.path()) + " ("
                        + b.length() + " bytes)");
            }
        }
        long offset = 0;
        for (RawFile f : v1Files) {
            if (!f.pad() && f.length() > 0 && offset % pieceLength != 0) {
                throw new MetainfoException("hybrid torrent: v1 file " + String.join("/", f.path())
                        + " does not start on a piece boundary (pad files missing)");
            }
            offset += f.length();
        }
        if (v1PieceCount != v2PieceCount) {
            throw new MetainfoException("hybrid torrent: the v1 part has " + v1PieceCount + " pieces and the v2 part "
                    + v2PieceCount);
        }
    }

    private List<FileEntry> entries(List<RawFile> raw, boolean singleFile, String name, int pieceLength,
                                    boolean alignEachFile, List<RawFile> v2Files) {
        List<FileEntry> out = new ArrayList<>(raw.size());
        Set<String> seen = new HashSet<>();
        Map<List<String>, byte[]> roots = new HashMap<>();
        if (v2Files != null) {
            for (RawFile f : v2Files) {
                roots.put(singleFile ? List.of(f.path().getLast()) : f.path(), f.root());
            }
        }
        long offset = 0;
        for (RawFile f : raw) {
            if (alignEachFile && offset % pieceLength != 0) {
                offset += pieceLength - offset % pieceLength;
            }
            List<String> path;
            boolean rewritten;
            if (singleFile) {
                path = List.of(name);
                rewritten = !name.equals(f.path().getLast());
            } else {
                path = sanitizer.path(f.path());
                rewritten = !path.equals(f.path());
            }
            if (!f.pad()) {
                String unique = uniqueKey(path);
                if (!seen.add(unique)) {
                    path = deduplicate(path, seen);
                    rewritten = true;
                }
            }
            byte[] root = f.root() != null ? f.root() : (f.pad() ? null : roots.get(f.path()));
            out.add(new FileEntry(path, f.length(), offset, f.attr(), f.length() > 0 ? root : null, rewritten));
            offset += f.length();
        }
        return out;
    }

    private String uniqueKey(List<String> path) {
        String joined = String.join("/", path);
        return sanitizer.windowsRules() ? joined.toLowerCase(Locale.ROOT) : joined;
    }

    private List<String> deduplicate(List<String> path, Set<String> seen) {
        String last = path.getLast();
        int dot = last.lastIndexOf('.');
        String stem = dot > 0 ? last.substring(0, dot) : last;
        String ext = dot > 0 ? last.substring(dot) : "";
        for (int n = 1; ; n++) {
            List<String> candidate = new ArrayList<>(path.subList(0, path.size() - 1));
            candidate.add(stem + " (" + n + ")" + ext);
            if (seen.add(uniqueKey(candidate))) {
                return List.copyOf(candidate);
            }
        }
    }

    private static List<List<String>> trackers(BDictionary root) {
        List<List<String>> tiers = new ArrayList<>();
        Set<String> all = new HashSet<>();
        if (root.get("announce-list") instanceof BList list) {
            for (BValue tierValue : list.values()) {
                if (!(tierValue instanceof BList tierList)) {
                    continue;
                }
                List<String> tier = new ArrayList<>();
                for (BValue u : tierList.values()) {
                    if (u instanceof BString s) {
                        String url = s.utf8().strip();
                        if (!url.isEmpty() && all.add(url)) {
                            tier.add(url);
                        }
                    }
                }
                if (!tier.isEmpty()) {
                    tiers.add(tier);
                }
            }
        }
        if (tiers.isEmpty() && root.get("announce") instanceof BString s) {
            String url = s.utf8().strip();
            if (!url.isEmpty()) {
                tiers.add(List.of(url));
            }
        }
        return tiers;
    }

    private static List<String> urlList(BDictionary root, String key) {
        Set<String> out = new LinkedHashSet<>();
        BValue v = root.get(key);
        if (v instanceof BString s) {
            if (s.length() > 0) {
                out.add(s.utf8().strip());
            }
        } else if (v instanceof BList list) {
            for (BValue u : list.values()) {
                if (u instanceof BString s && s.length() > 0) {
                    out.add(s.utf8().strip());
                }
            }
        }
        out.remove("");
        return List.copyOf(out);
    }

    private static Instant creationDate(BDictionary root) {
        if (root.get("creation date") instanceof BInteger i && i.value() > 0 && i.value() < 253402300800L) {
            return Instant.ofEpochSecond(i.value());
        }
        return null;
    }

    private static String attr(BDictionary d) {
        return d.get("attr") instanceof BString s ? s.utf8() : "";
    }

    private static BDictionary dict(BDictionary d, String key, String where) {
        BValue v = d.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof BDictionary r) {
            return r;
        }
        throw new MetainfoException("'" + key + "' in the " + where + " dictionary must be a dictionary, not a "
                + v.typeName());
    }

    private static BString string(BDictionary d, String key, String where) {
        BValue v = d.get(key);
        if (v == null) {
            throw new MetainfoException(where + " has no '" + key + "'");
        }
        if (v instanceof BString s) {
            return s;
        }
        throw new MetainfoException("'" + key + "' in " + where + " must be a string, not a " + v.typeName());
    }

    /** Text from {@code key.utf-8} or {@code key}; null when absent or not a string. */
    private static String text(BDictionary d, String key, String where) {
        if (d.get(key + ".utf-8") instanceof BString s) {
            return s.utf8();
        }
        BValue v = d.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof BString s) {
            return s.utf8();
        }
        if ("info".equals(where)) {
            throw new MetainfoException("'" + key + "' in the info dictionary must be a string, not a " + v.typeName());
        }
        return null;
    }

    private static long requiredInt(BDictionary d, String key, String where) {
        BValue v = d.get(key);
        if (v == null) {
            throw new MetainfoException(where + " has no '" + key + "'");
        }
        if (v instanceof BInteger i) {
            return i.value();
        }
        throw new MetainfoException("'" + key + "' in " + where + " must be an integer, not a " + v.typeName());
    }

    private static byte[] digest(MessageDigest md, byte[] data) {
        return md.digest(data);
    }
}
