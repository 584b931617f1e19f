package org.peerwave.engine.session;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import org.peerwave.engine.picker.Block;
import org.peerwave.engine.picker.BlockResult;
import org.peerwave.engine.picker.PeerBlock;
import org.peerwave.engine.webseed.Segment;
import org.peerwave.engine.webseed.WebSeedClient;
import org.peerwave.engine.webseed.WebSeedException;
import org.peerwave.engine.webseed.WebSeedSettings;
import org.peerwave.engine.webseed.WebSeedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A web seed of one torrent as the picker sees it: a virtual peer that has every piece and never
 * chokes. It picks blocks like a peer ({@code requestSize} at a time), joins them into runs of
 * contiguous torrent bytes, and fetches each run with HTTP requests ({@link WebSeedSource#segments}:
 * BEP 19 range requests per file, or BEP 17 piece requests), at most {@code maxConnections} at once.
 * Each block is handed to the picker and the storage as soon as its bytes are in, so request
 * time-outs, the end game, hash checks and the rate meters work as for peers. Errors release the
 * unfinished blocks and back off ({@code retryBase} doubling, a 503's {@code Retry-After}); a
 * wrong size or a piece that fails its hash counts as a failure, and {@code failureLimit} failures
 * drop the web seed for good. Everything but the HTTP callbacks runs on the session's loop.
 */
final class WebSeedPeer implements DownloadSource {

    private static final Logger LOG = LoggerFactory.getLogger(WebSeedPeer.class);

    /** The state a web seed is in, for {@link WebSeedInfo}. */
    enum Status { IDLE, DOWNLOADING, BACKING_OFF, DROPPED }

    private final TorrentSession session;
    private final WebSeedSource source;
    private final Set<Job> jobs = new LinkedHashSet<>();
    private final Set<Integer> contributed = new HashSet<>();
    private RateMeter down;
    private long downloaded;
    private int consecutiveErrors;
    private int failures;
    private long retryAt;
    private ScheduledFuture<?> retryTimer;
    private boolean registered;
    private boolean dropped;
    private String lastError;

    WebSeedPeer(TorrentSession session, WebSeedSource source) {
        this.session = session;
        this.source = source;
        this.down = new RateMeter(10, System.nanoTime());
    }

    String url() {
        return source.url();
    }

    private WebSeedSettings settings() {
        return session.engine.settings().webSeeds();
    }

    // ---------------------------------------------------------------- lifecycle (session loop)

    /** The torrent downloads: join the picker as a seed that does not choke. */
    void start() {
        if (registered || dropped) {
            return;
        }
        long now = System.nanoTime();
        session.picker.peerConnected(this, false, now);
        session.picker.peerHaveAll(this);
        session.picker.peerUnchoked(this);
        registered = true;
        LOG.debug("{}: web seed {} started", session.metainfo.name(), source.url());
        requestMore();
    }

    /** The torrent stops downloading (paused, seeding, removed): abort the requests, leave the picker. */
    void stop() {
        if (!registered) {
            return;
        }
        registered = false;
        for (Job j : List.copyOf(jobs)) {
            j.abort("torrent stopped");
        }
        jobs.clear();
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
        session.picker.peerDisconnected(this);
    }

    boolean isDropped() {
        return dropped;
    }

    // ---------------------------------------------------------------- DownloadSource

    @Override
    public void requestMore() {
        try {
            fill();
        } catch (RuntimeException e) {
            // never let one web seed break the session's loop tasks (the tick, block arrivals)
            LOG.warn("{}: web seed {}: {}", session.metainfo.name(), source.url(), e.toString(), e);
        }
    }

    private void fill() {
        if (!registered || dropped || !session.isActive() || session.isSeeding()) {
            return;
        }
        long now = System.nanoTime();
        if (now - retryAt < 0) {
            return;
        }
        WebSeedSettings s = settings();
        int blockSize = session.layout.blockSize();
        while (jobs.size() < s.maxConnections()) {
            int budget = session.downloadAllowance(Math.max(1, s.requestSize() / blockSize), blockSize);
            if (budget == 0) {
                return;
            }
            List<Block> blocks = session.picker.pick(this, budget, now);
            if (blocks.isEmpty()) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: nothing to pick for {} (wanted {}, outstanding {})", session.metainfo.name(),
                            source.url(), session.picker.wantedRemaining(), session.picker.outstanding(this).size());
                }
                return;
            }
            startJob(blocks);
        }
    }

    @Override
    public void sendRequest(Block block) {
        // a late critical block asked of us too (streaming): one small request, within the connection limit
        if (!registered || dropped || jobs.size() >= settings().maxConnections() + 1) {
            session.picker.blockRejected(this, block);
            return;
        }
        startJob(List.of(block));
    }

    @Override
    public void cancelRequest(Block block) {
        // HTTP has no cancel for part of a response: the block is accepted or dropped when it comes
    }

    @Override
    public long downloadRate(long now) {
        return down.rate(now);
    }

    // ---------------------------------------------------------------- jobs

    private void startJob(List<Block> blocks) {
        Job job = new Job(blocks);
        LOG.debug("{}: {} blocks from {}", session.metainfo.name(), blocks.size(), source.url());
        jobs.add(job);
        job.run().whenComplete((v, e) -> session.execute(() -> jobDone(job, e)));
    }

    private void jobDone(Job job, Throwable error) {
        LOG.debug("{}: batch of {} done ({} left, error {})", source.url(), job.order.size(), job.pending.size(),
                error == null ? null : error.toString());
        if (!jobs.remove(job) || !registered) {
            return;
        }
        long now = System.nanoTime();
        for (Block b : job.pending) {
            session.picker.blockRejected(this, b);
        }
        job.pending.clear();
        if (error == null) {
            consecutiveErrors = 0;
            lastError = null;
            requestMore();
            return;
        }
        Throwable c = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        WebSeedException.Kind kind = c instanceof WebSeedException w ? w.kind() : WebSeedException.Kind.TRANSIENT;
        lastError = c.getMessage();
        WebSeedSettings s = settings();
        Duration wait;
        if (kind == WebSeedException.Kind.BUSY && ((WebSeedException) c).retryAfter() != null) {
            wait = s.clampRetryAfter(((WebSeedException) c).retryAfter());
            consecutiveErrors++;
        } else {
            wait = s.retryDelay(++consecutiveErrors);
        }
        LOG.info("{}: web seed {}: {}; next request in {} ms", session.metainfo.name(), source.url(), lastError,
                wait.toMillis());
        if (kind == WebSeedException.Kind.WRONG_SIZE) {
            failed("wrong size: " + c.getMessage());
        }
        if (!dropped) {
            backOff(wait, now);
        }
        session.requestMoreFromAll();
    }

    private void backOff(Duration wait, long now) {
        long at = now + wait.toNanos();
        if (at - retryAt > 0) {
            retryAt = at;
        }
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        retryTimer = session.loop.schedule(() -> {
            retryTimer = null;
            requestMore();
        }, Math.max(1, retryAt - now), TimeUnit.NANOSECONDS);
    }

    /** A block's bytes arrived (on the loop). */
    private void blockArrived(Job job, Block block, byte[] data) {
        if (!registered || !job.pending.remove(block)) {
            return;
        }
        long now = System.nanoTime();
        BlockResult<DownloadSource> r = session.picker.blockReceived(this, block, now);
        if (r.outcome() == BlockResult.Outcome.ACCEPTED) {
            down.add(data.length, now);
            downloaded += data.length;
            contributed.add(block.piece());
            session.countDownloaded(data.length, now);
            session.writeBlock(block.piece(), block.offset(), Unpooled.wrappedBuffer(data), r.pieceComplete());
        }
        for (PeerBlock<DownloadSource> c : r.cancels()) {
            c.peer().cancelRequest(c.block());
        }
    }

    /** Once a second: abort requests whose body stalled. */
    void tick(long now) {
        long stall = settings().stallTimeout().toNanos();
        for (Job j : List.copyOf(jobs)) {
            if (now - j.lastProgress() > stall) {
                j.abort("no data for " + settings().stallTimeout().toSeconds() + " s");
            }
        }
    }

    // ---------------------------------------------------------------- failures

    /** A piece this web seed sent blocks of failed its hash check. */
    void pieceFailed(int piece) {
        failed("piece " + piece + " failed its hash check");
    }

    private void failed(String why) {
        failures++;
        lastError = why;
        if (failures >= settings().failureLimit() && !dropped) {
            drop(failures + " failures, the last: " + why);
        }
    }

    private void drop(String reason) {
        LOG.warn("{}: dropping web seed {}: {}", session.metainfo.name(), source.url(), reason);
        dropped = true;
        stop();
        session.webSeedDropped(this, reason);
    }

    /** Pieces this web seed sent accepted blocks of (to forget its partial pieces when it is dropped). */
    Set<Integer> contributedPieces() {
        return contributed;
    }

    WebSeedInfo info(long now) {
        Status st = dropped ? Status.DROPPED : now - retryAt < 0 ? Status.BACKING_OFF
                : jobs.isEmpty() ? Status.IDLE : Status.DOWNLOADING;
        return new WebSeedInfo(source.url(), st.name().toLowerCase(java.util.Locale.ROOT), downloaded,
                down.rate(now), failures, lastError);
    }

    @Override
    public String toString() {
        return "WebSeed[" + source.url() + "]";
    }

    // ---------------------------------------------------------------- one batch of blocks

    /**
     * Blocks picked together, fetched as runs of contiguous torrent bytes, one segment after the
     * other. The HTTP callbacks fill one block at a time and hand each full block to the loop.
     */
    private final class Job {
        /** Blocks not yet handed over (loop only). */
        final Set<Block> pending = new LinkedHashSet<>();
        private final List<Block> order;
        private volatile WebSeedClient.Transfer current;
        private volatile boolean aborted;
        private volatile long started = System.nanoTime();
        // filled by one HTTP thread at a time (segments run one after the other)
        private int blockIndex;
        private byte[] buf;
        private int filled;

        Job(List<Block> blocks) {
            List<Block> sorted = new ArrayList<>(blocks);
            long pieceLength = session.layout.pieceLength();
            sorted.sort(Comparator.comparingLong(b -> b.piece() * pieceLength + b.offset()));
            this.order = List.copyOf(sorted);
            pending.addAll(order);
        }

        long lastProgress() {
            WebSeedClient.Transfer t = current;
            return t == null ? started : Math.max(started, t.lastProgressNanos());
        }

        void abort(String why) {
            aborted = true;
            WebSeedClient.Transfer t = current;
            if (t != null) {
                t.abort(why);
            }
        }

        /** Fetches every run; completes when all blocks were handed over. */
        CompletableFuture<Void> run() {
            long pieceLength = session.layout.pieceLength();
            List<Segment> segments = new ArrayList<>();
            int i = 0;
            while (i < order.size()) {
                long start = order.get(i).piece() * pieceLength + order.get(i).offset();
                long end = start + order.get(i).length();
                int j = i + 1;
                while (j < order.size() && order.get(j).piece() * pieceLength + order.get(j).offset() == end) {
                    end += order.get(j).length();
                    j++;
                }
                segments.addAll(source.segments(start, end - start));
                i = j;
            }
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Segment seg : segments) {
                chain = chain.thenCompose(v -> runSegment(seg));
            }
            return chain;
        }

        private CompletableFuture<Void> runSegment(Segment seg) {
            if (aborted) {
                return CompletableFuture.failedFuture(new WebSeedException(WebSeedException.Kind.ABORTED, "aborted"));
            }
            started = System.nanoTime();
            switch (seg) {
                case Segment.Zeros z -> {
                    long left = z.length();
                    ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(left, 64 * 1024));
                    while (left > 0) {
                        int n = (int) Math.min(left, zeros.capacity());
                        accept(zeros.clear().limit(n));
                        left -= n;
                    }
                    return CompletableFuture.completedFuture(null);
                }
                case Segment.Fetch f -> {
                    WebSeedClient.Transfer t = session.engine.webSeedClient().fetch(f, this::accept);
                    current = t;
                    if (aborted) {
                        t.abort("aborted");
                    }
                    return t.done();
                }
            }
        }

        /** Bytes of the runs, in order (one thread at a time). */
        private void accept(ByteBuffer data) {
            while (data.hasRemaining()) {
                if (blockIndex >= order.size()) {
                    throw new IllegalStateException("more bytes than blocks");
                }
                Block b = order.get(blockIndex);
                if (buf == null) {
                    buf = new byte[b.length()];
                    filled = 0;
                }
                int n = Math.min(data.remaining(), buf.length - filled);
                data.get(buf, filled, n);
                filled += n;
                if (filled == buf.length) {
                    byte[] full = buf;
                    buf = null;
                    blockIndex++;
                    session.execute(() -> blockArrived(this, b, full));
                }
            }
        }
    }
}
