package org.peerwave.engine.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.DefaultEventExecutor;
import org.junit.jupiter.api.Test;

class EventLoopsTest {

    @Test
    void runsOnTheLoopAndRelaysTheResultOrTheUnwrappedError() throws Exception {
        DefaultEventExecutor loop = new DefaultEventExecutor();
        try {
            CompletableFuture<Boolean> onLoop = EventLoops.submit(loop,
                    () -> CompletableFuture.completedFuture(loop.inEventLoop()), IllegalStateException::new);
            assertThat(onLoop.get(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Object> failed = EventLoops.submit(loop,
                    () -> CompletableFuture.completedFuture(1).thenApply(x -> {
                        throw new IllegalArgumentException("boom");
                    }), IllegalStateException::new);
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("boom");

            CompletableFuture<Object> threw = EventLoops.submit(loop, () -> {
                throw new IllegalStateException("at once");
            }, IllegalStateException::new);
            assertThatThrownBy(() -> threw.get(5, TimeUnit.SECONDS)).cause().hasMessage("at once");

            // already on the loop: runs inline, before submit returns
            boolean doneAtReturn = loop.submit(() -> EventLoops.submit(loop,
                    () -> CompletableFuture.completedFuture(true), IllegalStateException::new).isDone()).get();
            assertThat(doneAtReturn).isTrue();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
        CompletableFuture<Object> closed = EventLoops.submit(loop, () -> CompletableFuture.completedFuture(1),
                () -> new IllegalStateException("closed"));
        assertThatThrownBy(() -> closed.get(5, TimeUnit.SECONDS)).cause().hasMessage("closed");
    }

    @Test
    void unwrapTakesTheCauseOfACompletionExceptionOnly() {
        IllegalStateException cause = new IllegalStateException();
        assertThat(EventLoops.unwrap(new CompletionException(cause))).isSameAs(cause);
        assertThat(EventLoops.unwrap(cause)).isSameAs(cause);
    }
}
