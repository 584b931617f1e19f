package org.peerwave.bench.app;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.peerwave.app.AppContext;
import org.peerwave.app.PeerwaveApp;
import org.peerwave.app.service.CreateRequest;
import org.peerwave.app.service.DesktopActions;
import org.peerwave.app.service.EngineTorrentService;
import org.peerwave.app.service.PlayerLauncher;
import org.peerwave.app.service.TorrentStore;
import org.peerwave.app.ui.main.MainView;
import org.peerwave.app.ui.main.MainViewModel;
import org.peerwave.app.ui.main.TorrentColumn;
import org.peerwave.engine.session.EngineSettings;

/**
 * The desktop app with many torrents: how long the JavaFX thread stalls during a minute of
 * once-a-second refreshes, and how much memory the whole process holds.
 *
 * <pre>
 *   AppBench fake [torrents=1000] [seconds=60]   the real window on an in-memory service whose
 *                                                 1,000 torrents all change every second
 *   AppBench real [torrents=1000] [seconds=60]   the real app (engine and all) restoring 1,000
 *                                                 small seeding torrents made first
 * </pre>
 *
 * Two stall measures run side by side: an {@link AnimationTimer} (asks for a pulse every frame;
 * the longest gap between two pulses is the longest the thread could not draw) and
 * {@code Platform.runLater} round trips posted every 20 ms from another thread (the longest wait
 * is the longest an event waited), and the JavaFX thread's own CPU time between two pulses (the
 * work of one frame, which the machine's load does not inflate). The table is sorted by download rate (re-sorted every refresh)
 * and a row is selected (the details pane refreshes too). Prints a Markdown table row. Run by
 * {@code bench/app/app-bench.sh}, under Xvfb without a display.
 */
public final class AppBench {

    static volatile int torrents = 1000;
    static volatile Path dataDir;
    static volatile AppContext fakeContext;
    static volatile MainView fakeView;

    private AppBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "fake";
        torrents = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        dataDir = Files.createTempDirectory("peerwave-appbench");
        writeSettings(dataDir);
        long prepMs = 0;
        if (mode.equals("real")) {
            long t0 = System.nanoTime();
            prepare(dataDir, torrents);
            prepMs = (System.nanoTime() - t0) / 1_000_000;
        }
        System.setProperty(PeerwaveApp.DATA_DIR_PROPERTY, dataDir.toString());
        String m = mode;
        long prep = prepMs;
        Thread monitor = new Thread(() -> {
            try {
                measure(m, seconds, prep);
            } catch (Throwable e) {
                e.printStackTrace();
            } finally {
                Platform.exit();
                System.exit(0);
            }
        }, "bench-monitor");
        monitor.setDaemon(true);
        monitor.start();
        if (mode.equals("real")) {
            Application.launch(PeerwaveApp.class);
        } else {
            Application.launch(FakeApp.class);
        }
    }

    private static void writeSettings(Path data) throws IOException {
        Files.createDirectories(data.resolve("downloads"));
        Files.writeString(data.resolve("settings.properties"), "listenPort=0\ndht=false\nlistenAddress=127.0.0.1\n"
                + "defaultSaveDir=" + data.resolve("downloads") + "\nqueue.maxDownloads=0\nqueue.maxSeeds=0\n"
                + "add.confirmExternal=true\n");
    }

    /** Makes {@code n} torrents of one 16 KiB file each, seeded from where they are (as the create dialog does). */
    private static void prepare(Path data, int n) throws Exception {
        EngineSettings settings = EngineSettings.builder().listenAddress(InetAddress.getByName("127.0.0.1"))
                .listenPort(0).resumeDir(data.resolve("resume")).build();
        try (EngineTorrentService s = EngineTorrentService.start(settings, new TorrentStore(data.resolve("torrents")),
                data.resolve("downloads"))) {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Path dir = Files.createDirectories(data.resolve("shared/t" + i));
                byte[] bytes = new byte[16 * 1024];
                new java.util.Random(i).nextBytes(bytes);
                Files.write(dir.resolve("file-" + i + ".bin"), bytes);
                all.add(s.create(new CreateRequest(dir, "V1", List.of(), List.of(), false, 0, "")));
                if (all.size() >= 50) {
                    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    all.clear();
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    private static MainViewModel mainViewModel() {
        if (fakeContext != null) {
            return fakeContext.mainViewModel();
        }
        PeerwaveApp app = PeerwaveApp.running();
        return app == null ? null : app.context().mainViewModel();
    }

    private static MainView view() {
        if (fakeView != null) {
            return fakeView;
        }
        PeerwaveApp app = PeerwaveApp.running();
        return app == null ? null : app.view();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private static void measure(String mode, int seconds, long prepMs) throws Exception {
        long start = System.nanoTime();
        while (mainViewModel() == null || onFx(() -> mainViewModel().torrents().size()) < torrents) {
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException("the rows never all appeared");
            }
            Thread.sleep(100);
        }
        long loadedMs = (System.nanoTime() - start) / 1_000_000;
        onFx(() -> {
            mainViewModel().sortBy(List.of(new MainViewModel.SortKey(TorrentColumn.DOWN, false)));
            view().table().getSelectionModel().select(0);
            return null;
        });
        Thread.sleep(3000); // let the first layouts and the JIT settle

        List<Long> gaps = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> cpuGaps = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong last = new AtomicLong();
        AtomicLong lastCpu = new AtomicLong();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                long prev = last.getAndSet(t);
                long prevCpu = lastCpu.getAndSet(cpu);
                if (prev != 0) {
                    gaps.add(t - prev);
                    cpuGaps.add(cpu - prevCpu);
                }
            }
        };
        onFx(() -> {
            timer.start();
            return null;
        });
        int refreshesBefore = onFx(() -> mainViewModel().refreshesProperty().get());
        List<Long> waits = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            long posted = System.nanoTime();
            CompletableFuture<Long> ran = new CompletableFuture<>();
            Platform.runLater(() -> ran.complete(System.nanoTime()));
            waits.add(ran.get(10, TimeUnit.SECONDS) - posted);
            Thread.sleep(20);
        }
        onFx(() -> {
            timer.stop();
            return null;
        });
        int refreshes = onFx(() -> mainViewModel().refreshesProperty().get()) - refreshesBefore;
        long[] g = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] w = waits.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] c = cpuGaps.stream().mapToLong(Long::longValue).sorted().toArray();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.gc();
        Thread.sleep(500);
        String rss = procStatus("VmRSS");
        String hwm = procStatus("VmHWM");
        Runtime rt = Runtime.getRuntime();
        long heapMiB = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        System.out.printf(Locale.ROOT, "| mode | torrents | seconds | refreshes | load avg | FX CPU per frame max "
                + "| p99 | pulse gap max | p99 | gaps > 50 ms | runLater wait max | p99 | RSS | peak RSS | heap used "
                + "| rows loaded in |%n");
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d of %d "
                        + "| %.1f ms | %.1f ms | %s | %s | %d MiB | %d ms%s |%n",
                mode, torrents, seconds, refreshes, load, ms(c[c.length - 1]), ms(pct(c, 0.99)),
                ms(g[g.length - 1]), ms(pct(g, 0.99)),
                Arrays.stream(g).filter(x -> x > 50_000_000).count(), g.length, ms(w[w.length - 1]), ms(pct(w, 0.99)),
                rss, hwm, heapMiB, loadedMs, prepMs > 0 ? " (made in " + prepMs + " ms)" : "");
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String procStatus(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                return kb / 1024 + " MiB";
            }
        }
        return "?";
    }

    /** The real main window and view models (as PeerwaveApp builds them) on {@link BenchTorrentService}. */
    public static final class FakeApp extends Application {

        @Override
        public void start(Stage stage) {
            DesktopActions desktop = new DesktopActions() {
                @Override
                public void copyToClipboard(String text) {
                }

                @Override
                public void openFolder(Path folder) {
                }
            };
            AppContext context = AppContext.withService(dataDir, new BenchTorrentService(torrents), desktop,
                    PlayerLauncher.NONE, Platform::runLater);
            MainView.applyTheme(context.settings().theme());
            MainView view = new MainView(context.mainViewModel(), context.detailsViewModel(),
                    context::newAddViewModel, context::newCreateViewModel, context::newPreferencesViewModel);
            stage.setScene(new Scene(view.root(), PeerwaveApp.DEFAULT_WIDTH, PeerwaveApp.DEFAULT_HEIGHT));
            stage.setTitle("Peerwave (bench)");
            stage.show();
            fakeView = view;
            fakeContext = context;
            context.startRefreshing();
        }
    }
}
