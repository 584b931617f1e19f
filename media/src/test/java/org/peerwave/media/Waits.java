package org.peerwave.media;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or the time-out ends (then fails with what was awaited). */
final class Waits {

    private Waits() {
    }

    static void until(BooleanSupplier condition, long timeout, TimeUnit unit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " " + unit + " waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
