package org.peerwave.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Application;
import org.peerwave.app.PeerwaveApp;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers of the UI tests: a settings file for a temporary data folder, and waiting. */
final class UiTestSupport {

    private UiTestSupport() {
    }

    /** Settings that keep the app on loopback, on a free port, saving under {@code downloads}. */
    static void writeSettings(Path data, String address, Path downloads) throws IOException {
        Files.createDirectories(data);
        Files.createDirectories(downloads);
        Files.writeString(data.resolve("settings.properties"), "listenPort=0\ndht=false\nlsd=false\nlistenAddress=" + address
                + "\ndefaultSaveDir=" + downloads + "\nlastSaveDir=" + downloads + "\n");
    }

    /**
     * Starts the real app on the data folder {@code work/data} (settings from {@link #writeSettings},
     * listening on {@code address}, saving into {@code work/downloads}), as {@code ./peerwave} does.
     */
    static Application startApp(Path work, String address) throws Exception {
        writeSettings(work.resolve("data"), address, work.resolve("downloads"));
        System.setProperty(PeerwaveApp.DATA_DIR_PROPERTY, work.resolve("data").toString());
        FxToolkit.registerPrimaryStage();
        Application app = FxToolkit.setupApplication(PeerwaveApp::new);
        WaitForAsyncUtils.waitForFxEvents();
        return app;
    }

    /** Stops what {@link #startApp} started and closes every window. */
    static void stopApp(Application app) throws TimeoutException {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        System.clearProperty(PeerwaveApp.DATA_DIR_PROPERTY);
    }

    /** Waits for {@code condition}, failing with {@code state} after {@code timeout}. */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; " + state.get());
            }
            Thread.sleep(100);
        }
    }
}
