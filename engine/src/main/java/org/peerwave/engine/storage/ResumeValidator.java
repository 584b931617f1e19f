package org.peerwave.engine.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.peerwave.engine.metainfo.FileEntry;
import org.peerwave.engine.metainfo.TorrentMetainfo;

/**
 * Decides, on restart, how much of a torrent to rehash. When every file has the size and
 * modification time recorded in the resume data, the saved bitfield is trusted and nothing is read.
 * A changed file has its pieces rechecked (and only those); a file now missing loses its pieces
 * without reading; resume data that does not fit the torrent means a full recheck.
 */
public final class ResumeValidator {

    private static final int LANES = 4;

    private ResumeValidator() {
    }

    /**
     * The decision.
     *
     * @param trusted      pieces accepted without reading
     * @param recheck      pieces to hash before accepting
     * @param changedFiles indexes (in {@code metainfo.files()}) of files whose size or mtime changed
     * @param fullRecheck  true when the resume data cannot be used at all
     * @param reason       why, in one line
     */
    public record Decision(Bitfield trusted, Bitfield recheck, List<Integer> changedFiles, boolean fullRecheck,
                           String reason) {
        public Decision {
            trusted = trusted.copy();
            recheck = recheck.copy();
            changedFiles = List.copyOf(changedFiles);
        }
    }

    /** A full recheck, for a missing or corrupt resume file. */
    public static Decision fullRecheck(TorrentMetainfo metainfo, String reason) {
        int n = metainfo.pieceCount();
        return new Decision(new Bitfield(n), Bitfield.all(n), List.of(), true, reason);
    }

    /** Compares the saved file states with the current ones ({@link PieceStorage#fileStates()}). */
    public static Decision decide(TorrentMetainfo metainfo, ResumeData saved, List<FileState> current) {
        int pieces = metainfo.pieceCount();
        List<FileEntry> files = metainfo.files();
        if (!metainfo.infoHashes().v1Optional().orElseGet(() -> metainfo.infoHashes().v2()).equals(saved.infoHash())) {
            return fullRecheck(metainfo, "resume data is for another torrent");
        }
        if (saved.have().pieceCount() != pieces) {
            return fullRecheck(metainfo, "resume data has " + saved.have().pieceCount() + " pieces, the torrent " + pieces);
        }
        if (saved.files().size() != files.size() || current.size() != files.size()) {
            return fullRecheck(metainfo, "resume data lists " + saved.files().size() + " files, the torrent "
                    + files.size());
        }
        StorageLayout layout = new StorageLayout(metainfo);
        Bitfield trusted = saved.have();
        Bitfield recheck = new Bitfield(pieces);
        Bitfield lost = new Bitfield(pieces);
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            if (f.pad() || f.length() == 0) {
                continue;
            }
            FileState was = saved.files().get(i);
            FileState now = current.get(i);
            if (was.equals(now)) {
                continue;
            }
            changed.add(i);
            int[] range = layout.pieceRange(i);
            for (int p = range[0]; p < range[1]; p++) {
                if (now.missing()) {
                    lost.set(p);
                } else {
                    recheck.set(p);
                }
            }
        }
        recheck.andNot(lost);
        trusted.andNot(lost);
        trusted.andNot(recheck);
        String reason = changed.isEmpty() ? "all files unchanged"
                : changed.size() + " file(s) changed; " + recheck.count() + " piece(s) to recheck";
        return new Decision(trusted, recheck, changed, false, reason);
    }

    /**
     * What a restart ends with.
     *
     * @param have     pieces to treat as verified
     * @param decision how they were found
     * @param saved    the resume data when it was usable (priorities, counters, added time)
     */
    public record Outcome(Bitfield have, Decision decision, java.util.Optional<ResumeData> saved) {
        public Outcome {
            have = have.copy();
        }
    }

    /**
     * The whole restart path: a loaded resume file is checked against the files on disk and only
     * what changed is hashed; a missing or corrupt one means a full recheck.
     */
    public static CompletableFuture<Outcome> restore(ResumeStore.LoadResult loaded, TorrentMetainfo metainfo,
                                                     PieceStorage storage, PieceStorage.CheckProgress progress) {
        return switch (loaded) {
            case ResumeStore.Missing missing -> {
                Decision d = fullRecheck(metainfo, "no resume data");
                yield apply(storage, d, progress).thenApply(b -> new Outcome(b, d, java.util.Optional.empty()));
            }
            case ResumeStore.Corrupt corrupt -> {
                Decision d = fullRecheck(metainfo, "resume data unusable: " + corrupt.reason());
                yield apply(storage, d, progress).thenApply(b -> new Outcome(b, d, java.util.Optional.empty()));
            }
            case ResumeStore.Loaded ok -> storage.fileStates().thenCompose(states -> {
                Decision d = decide(metainfo, ok.data(), states);
                return apply(storage, d, progress).thenApply(b -> new Outcome(b, d,
                        d.fullRecheck() ? java.util.Optional.empty() : java.util.Optional.of(ok.data())));
            });
        };
    }

    /** Carries out a decision: hashes what must be hashed and returns the pieces to treat as complete. */
    public static CompletableFuture<Bitfield> apply(PieceStorage storage, Decision decision,
                                                    PieceStorage.CheckProgress progress) {
        if (decision.fullRecheck()) {
            return storage.checkExisting(progress);
        }
        Bitfield result = decision.trusted();
        List<Integer> todo = new ArrayList<>();
        for (int p = decision.recheck().nextSet(0); p >= 0; p = decision.recheck().nextSet(p + 1)) {
            todo.add(p);
        }
        CompletableFuture<Bitfield> done = new CompletableFuture<>();
        if (todo.isEmpty()) {
            done.complete(result);
            return done;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        int lanes = Math.min(LANES, todo.size());
        AtomicInteger open = new AtomicInteger(lanes);
        for (int l = 0; l < lanes; l++) {
            lane(storage, todo, next, finished, open, result, progress, done);
        }
        return done;
    }

    private static void lane(PieceStorage storage, List<Integer> todo, AtomicInteger next, AtomicInteger finished,
                             AtomicInteger open, Bitfield result, PieceStorage.CheckProgress progress,
                             CompletableFuture<Bitfield> done) {
        int i = next.getAndIncrement();
        if (i >= todo.size() || done.isDone()) {
            if (open.decrementAndGet() == 0) {
                done.complete(result);
            }
            return;
        }
        int piece = todo.get(i);
        storage.verifyPiece(piece).whenComplete((ok, error) -> {
            if (error != null) {
                done.completeExceptionally(error instanceof CompletionException c ? c.getCause() : error);
                return;
            }
            if (ok) {
                synchronized (result) {
                    result.set(piece);
                }
            }
            progress.progress(finished.incrementAndGet(), todo.size());
            lane(storage, todo, next, finished, open, result, progress, done);
        });
    }
}
