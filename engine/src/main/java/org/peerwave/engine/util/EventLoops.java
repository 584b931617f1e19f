package org.peerwave.engine.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.netty.util.concurrent.EventExecutor;

/** Running work that owns no lock on the one Netty event loop that owns its state. */
public final class EventLoops {

    private EventLoops() {
    }

    /**
     * Runs {@code action} on {@code loop} (at once when the caller is already on it) and completes
     * with the future the action returns, unwrapped from {@link CompletionException}. An action that
     * throws fails the result; a loop that no longer takes tasks fails it with {@code whenClosed}.
     */
    public static <T> CompletableFuture<T> submit(EventExecutor loop, Supplier<CompletableFuture<T>> action,
                                                  Supplier<? extends Throwable> whenClosed) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                action.get().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(unwrap(e));
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (loop.inEventLoop()) {
            r.run();
        } else {
            try {
                loop.execute(r);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(whenClosed.get());
            }
        }
        return result;
    }

    /** The cause of a {@link CompletionException}, else {@code e} itself. */
    public static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
