package org.peerwave.engine.storage;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.BencodeDecoder;
import org.peerwave.engine.bencode.BencodeEncoder;
import org.peerwave.engine.bencode.BencodeException;
import org.peerwave.engine.bencode.BencodeLimits;
import org.peerwave.engine.metainfo.InfoHash;

/**
 * What a torrent needs to restart without a full recheck: the verified pieces, file priorities,
 * transfer counters, and the size and modification time of every file when the pieces were
 * saved. Stored bencoded by {@link ResumeStore}.
 *
 * @param infoHash       the torrent (v1 hash, or the v2 hash of a v2-only torrent)
 * @param savePath       the save directory
 * @param have           pieces verified when saved
 * @param filePriorities one per entry of {@code metainfo.files()} (0 = skip ... 7 = high)
 * @param uploaded       bytes uploaded over the torrent's life
 * @param downloaded     bytes downloaded over the torrent's life
 * @param addedTime      when the torrent was added (seconds precision)
 * @param files          {@link FileState} of each entry of {@code metainfo.files()} when saved
 */
public record ResumeData(InfoHash infoHash, Path savePath, Bitfield have, List<Integer> filePriorities,
                         long uploaded, long downloaded, Instant addedTime, List<FileState> files) {

    /** Version of the format written; files of other versions are rejected. */
    public static final int FORMAT_VERSION = 1;
    /** Largest resume file read. */
    public static final int MAX_SIZE = 16 * 1024 * 1024;

    public ResumeData {
        if (infoHash == null || savePath == null || have == null || addedTime == null) {
            throw new IllegalArgumentException("info hash, save path, bitfield and added time are required");
        }
        if (uploaded < 0 || downloaded < 0) {
            throw new IllegalArgumentException("negative transfer counters");
        }
        have = have.copy();
        filePriorities = List.copyOf(filePriorities);
        files = List.copyOf(files);
        addedTime = Instant.ofEpochSecond(addedTime.getEpochSecond());
    }

    @Override
    public Bitfield have() {
        return have.copy();
    }

    /** The bencoded form. */
    public byte[] encode() {
        List<BValue> prio = new ArrayList<>();
        for (int p : filePriorities) {
            prio.add(BInteger.of(p));
        }
        List<BValue> states = new ArrayList<>();
        for (FileState s : files) {
            states.add(BList.of(BInteger.of(s.size()), BInteger.of(s.mtimeMillis())));
        }
        BDictionary d = BDictionary.builder()
                .put("peerwave-resume", FORMAT_VERSION)
                .put("info-hash", infoHash.bytes())
                .put("save-path", savePath.toString())
                .put("piece-count", have.pieceCount())
                .put("pieces", have.toWire())
                .put("file-priorities", new BList(prio))
                .put("uploaded", uploaded)
                .put("downloaded", downloaded)
                .put("added-time", addedTime.getEpochSecond())
                .put("files", new BList(states))
                .build();
        return BencodeEncoder.encode(d);
    }

    /**
     * Parses and checks a resume file strictly.
     *
     * @throws ResumeDataException naming what is wrong
     */
    public static ResumeData decode(byte[] bytes) {
        BDictionary d;
        try {
            d = new BencodeDecoder(BencodeLimits.TORRENT_FILE.withMaxInputSize(MAX_SIZE)).decodeDictionary(bytes);
        } catch (BencodeException e) {
            throw new ResumeDataException("resume data is not valid bencode (" + e.getMessage() + ")", e);
        }
        long version = integer(d, "peerwave-resume");
        if (version != FORMAT_VERSION) {
            throw new ResumeDataException("resume data has format version " + version + ", expected " + FORMAT_VERSION);
        }
        byte[] hash = string(d, "info-hash").bytes();
        InfoHash infoHash = switch (hash.length) {
            case 20 -> InfoHash.v1(hash);
            case 32 -> InfoHash.v2(hash);
            default -> throw new ResumeDataException("resume data has an info hash of " + hash.length + " bytes");
        };
        Path savePath;
        try {
            savePath = Path.of(string(d, "save-path").utf8());
        } catch (InvalidPathException e) {
            throw new ResumeDataException("resume data has an invalid save path", e);
        }
        long pieceCount = integer(d, "piece-count");
        if (pieceCount < 0 || pieceCount > Integer.MAX_VALUE) {
            throw new ResumeDataException("resume data has a bad piece count " + pieceCount);
        }
        Bitfield have;
        try {
            have = Bitfield.fromWire(string(d, "pieces").bytes(), (int) pieceCount);
        } catch (IllegalArgumentException e) {
            throw new ResumeDataException("resume data has a bad bitfield: " + e.getMessage(), e);
        }
        List<Integer> prio = new ArrayList<>();
        for (BValue v : list(d, "file-priorities").values()) {
            if (!(v instanceof BInteger i) || i.value() < 0 || i.value() > 7) {
                throw new ResumeDataException("resume data has a bad file priority " + v);
            }
            prio.add((int) i.value());
        }
        List<FileState> states = new ArrayList<>();
        for (BValue v : list(d, "files").values()) {
            if (!(v instanceof BList l) || l.size() != 2 || !(l.get(0) instanceof BInteger size)
                    || !(l.get(1) instanceof BInteger mtime) || size.value() < -1) {
                throw new ResumeDataException("resume data has a bad file entry " + v);
            }
            states.add(new FileState(size.value(), mtime.value()));
        }
        long uploaded = integer(d, "uploaded");
        long downloaded = integer(d, "downloaded");
        if (uploaded < 0 || downloaded < 0) {
            throw new ResumeDataException("resume data has negative transfer counters");
        }
        Instant added;
        try {
            added = Instant.ofEpochSecond(integer(d, "added-time"));
        } catch (java.time.DateTimeException e) {
            throw new ResumeDataException("resume data has an added time out of range", e);
        }
        return new ResumeData(infoHash, savePath, have, prio, uploaded, downloaded, added, states);
    }

    private static BValue field(BDictionary d, String key) {
        BValue v = d.get(key);
        if (v == null) {
            throw new ResumeDataException("resume data has no '" + key + "'");
        }
        return v;
    }

    private static long integer(BDictionary d, String key) {
        if (field(d, key) instanceof BInteger i) {
            return i.value();
        }
        throw new ResumeDataException("resume data: '" + key + "' is not an integer");
    }

    private static BString string(BDictionary d, String key) {
        if (field(d, key) instanceof BString s) {
            return s;
        }
        throw new ResumeDataException("resume data: '" + key + "' is not a string");
    }

    private static BList list(BDictionary d, String key) {
        if (field(d, key) instanceof BList l) {
            return l;
        }
        throw new ResumeDataException("resume data: '" + key + "' is not a list");
    }
}
