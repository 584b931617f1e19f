package org.peerwave.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
