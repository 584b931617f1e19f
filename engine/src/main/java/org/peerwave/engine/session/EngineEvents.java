package org.peerwave.engine.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded event queue of an engine: producers never block (when it is full the oldest event is
 * dropped and counted); the consumer drains a batch, or waits for the next event. Thread-safe.
 */
public final class EngineEvents {

    private final ArrayBlockingQueue<EngineEvent> queue;
    private long dropped;

    EngineEvents(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    synchronized void publish(EngineEvent event) {
        while (!queue.offer(event)) {
            queue.poll();
            dropped++;
        }
    }

    /** Waits up to {@code timeout} for the next event; null when none came. */
    public EngineEvent poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Every event queued now (possibly none), oldest first. */
    public List<EngineEvent> drain() {
        List<EngineEvent> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    /** Events dropped because the queue was full. */
    public synchronized long dropped() {
        return dropped;
    }
}
