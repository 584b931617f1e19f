package org.peerwave.bench.e2e;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.peerwave.engine.metainfo.TorrentCreator;
import org.peerwave.engine.metainfo.TorrentMetainfo;
import org.peerwave.engine.session.AddOptions;
import org.peerwave.engine.session.Engine;
import org.peerwave.engine.session.EngineSettings;
import org.peerwave.engine.session.TorrentHandle;
import org.peerwave.engine.stream.TorrentFile;
import org.peerwave.engine.testing.peers.LibtorrentPeer;
import org.peerwave.media.FrameProbe;
import org.peerwave.media.MediaSource;
import org.peerwave.media.TestMedia;
import org.peerwave.media.TorrentPlayer;

/**
 * End-to-end streaming latency with the real player: libtorrent seeds the ffmpeg test MP4 (60 s,
 * its index at the end) with its upload limited to {@code ratio} × the video's bit rate; Peerwave
 * adds the torrent and libvlc opens the file at once through the torrent's channel. Measured per
 * run: the time from adding the torrent to the first decoded frame, and from a seek to 80 % to the
 * first frame at that time. The same two figures for the file played from the local disk (libvlc's
 * own floor) are measured in the same run, and the ratios reported.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.peerwave.bench.e2e.StreamLatencyBench [runs] [ratio]</pre>
 */
public final class StreamLatencyBench {

    private static final List<String> HEADLESS = List.of("--aout=dummy");

    private record Sample(double firstFrameMs, double seekFrameMs) {
    }

    private StreamLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double ratio = args.length > 1 ? Double.parseDouble(args[1]) : 4.0;
        PrintStream out = System.out;
        Path mp4 = TestMedia.mp4();
        long size = Files.size(mp4);
        double bitrate = size * 8.0 / TestMedia.MP4_SECONDS;
        int limit = (int) Math.round(ratio * bitrate / 8);
        Path work = Files.createTempDirectory("peerwave-stream-bench");
        Path seedDir = Files.createDirectories(work.resolve("seed"));
        Files.copy(mp4, seedDir.resolve("movie.mp4"));
        TorrentCreator.CreatedTorrent created = TorrentCreator.builder(seedDir.resolve("movie.mp4"))
                .mode(TorrentCreator.Mode.HYBRID).creationDate(null).create();
        Path torrent = Files.write(work.resolve("movie.torrent"), created.bytes());
        TorrentMetainfo meta = TorrentMetainfo.parse(created.bytes());
        out.printf(Locale.ROOT, "video: %d bytes, %.0f kbit/s; piece %d KiB; seeder limit %d KB/s (%.1f x)%n", size,
                bitrate / 1000, meta.pieceLength() / 1024, limit / 1000, ratio);

        List<Sample> local = new ArrayList<>();
        List<Sample> streamed = new ArrayList<>();
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrent, seedDir, "127.0.0.201", work.resolve("lt"),
                "--upload-limit", Integer.toString(limit))) {
            for (int i = 0; i < runs; i++) {
                local.add(playLocal(mp4));
                streamed.add(playTorrent(meta, seed, work.resolve("out-" + i)));
                out.printf(Locale.ROOT, "run %d: local %.0f / %.0f ms, torrent %.0f / %.0f ms%n", i + 1,
                        local.getLast().firstFrameMs(), local.getLast().seekFrameMs(),
                        streamed.getLast().firstFrameMs(), streamed.getLast().seekFrameMs());
            }
        }
        out.println();
        out.println("| | first frame (median) | seek to 80 % → frame (median) |");
        out.println("|---|---|---|");
        out.printf(Locale.ROOT, "| local file (libvlc floor) | %.0f ms | %.0f ms |%n",
                median(local, true), median(local, false));
        out.printf(Locale.ROOT, "| torrent, seeder at %.1f× bit rate | %.0f ms | %.0f ms |%n", ratio,
                median(streamed, true), median(streamed, false));
        out.printf(Locale.ROOT, "| ratio torrent / local | %.2f | %.2f |%n",
                median(streamed, true) / median(local, true), median(streamed, false) / median(local, false));
    }

    private static Sample playLocal(Path mp4) throws Exception {
        FrameProbe probe = new FrameProbe();
        try (TorrentPlayer player = TorrentPlayer.create(probe.surface(), HEADLESS)) {
            probe.clock(player::lastKnownTime);
            long t0 = System.nanoTime();
            player.open(MediaSource.of(mp4));
            return measure(player, probe, t0);
        }
    }

    private static Sample playTorrent(TorrentMetainfo meta, LibtorrentPeer seed, Path out) throws Exception {
        FrameProbe probe = new FrameProbe();
        try (Engine engine = Engine.create(EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.202"))
                .listenPort(0).ioThreads(2).build());
             TorrentPlayer player = TorrentPlayer.create(probe.surface(), HEADLESS)) {
            probe.clock(player::lastKnownTime);
            long t0 = System.nanoTime();
            TorrentHandle h = engine.add(meta, Files.createDirectories(out), AddOptions.DEFAULT);
            h.connectPeer(seed.peerAddress());
            TorrentFile file = TorrentFile.open(h, 0).get(10, TimeUnit.SECONDS);
            player.open(MediaSource.of(file));
            return measure(player, probe, t0);
        }
    }

    private static Sample measure(TorrentPlayer player, FrameProbe probe, long t0) throws Exception {
        await(() -> probe.count() > 0, "a first frame");
        double first = (probe.frames().getFirst().nanos() - t0) / 1e6;
        Thread.sleep(1000);
        long length = player.length();
        long target = (long) (length * 0.8);
        long before = System.nanoTime();
        player.seekToFraction(0.8);
        await(() -> !probe.framesSince(before, t -> t >= target - 2000).isEmpty(), "a frame after the seek");
        double seek = (probe.framesSince(before, t -> t >= target - 2000).getFirst().nanos() - before) / 1e6;
        return new Sample(first, seek);
    }

    private interface Condition {
        boolean holds();
    }

    private static void await(Condition c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within 60 s");
            }
            Thread.sleep(5);
        }
    }

    private static double median(List<Sample> samples, boolean first) {
        double[] v = samples.stream().mapToDouble(s -> first ? s.firstFrameMs() : s.seekFrameMs()).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
