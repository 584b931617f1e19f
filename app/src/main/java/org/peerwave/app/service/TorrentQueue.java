package org.peerwave.app.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The queue of active torrents: at most {@code maxDownloads} torrents download and at most
 * {@code maxSeeds} seed at once (0: no limit); the others wait "Queued", the earliest added first
 * to get a slot. Pure: it is handed the torrents in the order added and which of them it queued
 * before, and answers which to pause into the queue and which to let run again. Torrents the user
 * paused, errored ones and ones being checked are left alone.
 */
public final class TorrentQueue {

    /** One torrent as the queue sees it. */
    public record Entry(String id, TorrentStatus status, boolean complete) {
    }

    /** What to do now: pause these into the queue, resume these out of it. */
    public record Plan(List<String> queue, List<String> start) {

        public boolean isEmpty() {
            return queue.isEmpty() && start.isEmpty();
        }
    }

    private TorrentQueue() {
    }

    /**
     * @param torrents every torrent in the order added ({@link TorrentStatus#QUEUED} for the queued ones)
     * @param queued   the ids the queue paused earlier (the rest of the paused ones are the user's)
     */
    public static Plan plan(List<Entry> torrents, Set<String> queued, int maxDownloads, int maxSeeds) {
        List<String> toQueue = new ArrayList<>();
        List<String> toStart = new ArrayList<>();
        decide(torrents, queued, false, maxDownloads, toQueue, toStart);
        decide(torrents, queued, true, maxSeeds, toQueue, toStart);
        return new Plan(toQueue, toStart);
    }

    private static void decide(List<Entry> torrents, Set<String> queued, boolean seeds, int max,
                               List<String> toQueue, List<String> toStart) {
        int active = 0;
        for (Entry e : torrents) {
            boolean mine = e.complete() == seeds;
            if (!mine) {
                continue;
            }
            boolean waiting = queued.contains(e.id());
            boolean running = !waiting && isRunning(e.status());
            if (running) {
                if (max > 0 && active >= max) {
                    toQueue.add(e.id());
                } else {
                    active++;
                }
            } else if (waiting && (max == 0 || active < max)) {
                toStart.add(e.id());
                active++;
            }
        }
    }

    private static boolean isRunning(TorrentStatus s) {
        return s == TorrentStatus.DOWNLOADING || s == TorrentStatus.METADATA || s == TorrentStatus.SEEDING;
    }
}
