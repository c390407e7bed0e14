package com.databend.r2dbc.tck.server.http;

import com.databend.r2dbc.testsupport.Await;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A streaming load's body as its worker thread reads it: a reader waiting for a chunk is woken when the body is
 * discarded (its client went away, or the server closes), so it never holds its thread for a body that never ends.
 */
class BodyPipeTests {

    private static final long WAIT_SECONDS = 10;

    private static final Subscription UNBOUNDED = new Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    /** Reads {@code pipe} to its end on a thread of its own; completes with what was read, once it waits first. */
    private static CompletableFuture<String> readWaiting(BodyPipe pipe) {
        CompletableFuture<String> read = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                read.complete(new String(pipe.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                read.completeExceptionally(e);
            }
        }, "body-reader");
        reader.setDaemon(true);
        reader.start();
        Await.until(() -> reader.getState() == Thread.State.TIMED_WAITING);
        return read;
    }

    private static BodyPipe subscribed() {
        BodyPipe pipe = new BodyPipe();
        pipe.onSubscribe(UNBOUNDED);
        return pipe;
    }

    @Test
    void aBodyThatEndsIsReadWholeAndThenClosed() throws Exception {
        BodyPipe pipe = subscribed();
        CompletableFuture<String> read = readWaiting(pipe);
        pipe.onNext(Unpooled.copiedBuffer("1,a\n", StandardCharsets.UTF_8));
        pipe.onComplete();
        assertThat(read.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("1,a\n");
        pipe.close();
        assertThat(pipe.read()).isEqualTo(-1);
    }

    @Test
    void aReaderWaitingForAChunkFailsWhenTheBodyIsDiscarded() {
        BodyPipe pipe = subscribed();
        pipe.onNext(Unpooled.copiedBuffer("1,a\n", StandardCharsets.UTF_8));
        CompletableFuture<String> read = readWaiting(pipe);
        pipe.close();
        assertThatThrownBy(() -> read.get(WAIT_SECONDS, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(IOException.class)
            .hasMessage("the request body was discarded before its end");
    }

    /** A connection closed mid-body fails the body and ends the request at once: the reader fails either way. */
    @Test
    void aReaderWaitingForAChunkFailsWhenTheBodyFailsAndIsDiscardedAtOnce() {
        BodyPipe pipe = subscribed();
        CompletableFuture<String> read = readWaiting(pipe);
        pipe.onError(new IOException("Connection prematurely closed"));
        pipe.close();
        assertThatThrownBy(() -> read.get(WAIT_SECONDS, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(IOException.class);
    }
}
