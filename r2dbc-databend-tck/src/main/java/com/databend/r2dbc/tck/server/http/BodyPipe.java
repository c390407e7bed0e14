package com.databend.r2dbc.tck.server.http;

import io.netty.buffer.ByteBuf;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A request body as an {@link InputStream} for a worker thread, while it arrives: at most {@value #PREFETCH} chunks
 * are asked of the connection ahead of the reader, so a large body never sits in memory. Closing it discards what is
 * left of the body, and a read short of the body's end then fails, so that a reader waiting for a chunk (a load
 * whose client went away, or whose server closes) ends at once instead of holding its worker thread.
 */
final class BodyPipe extends InputStream implements CoreSubscriber<ByteBuf> {

    private static final int PREFETCH = 8;

    private static final long STALL_MINUTES = 5;

    private static final byte[] END = new byte[0];

    private static final Object DISCARDED = new Object();

    // room for every chunk asked for and the terminal signal
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(PREFETCH + 1);

    private volatile Subscription subscription;

    private volatile boolean closed;

    private byte[] current = new byte[0];

    private int offset;

    private boolean ended;

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
        subscription.request(PREFETCH);
    }

    @Override
    public void onNext(ByteBuf chunk) {
        if (this.closed) {
            return;
        }
        byte[] bytes = new byte[chunk.readableBytes()];
        chunk.readBytes(bytes);
        this.chunks.offer(bytes);
    }

    @Override
    public void onError(Throwable error) {
        this.chunks.offer(error);
    }

    @Override
    public void onComplete() {
        this.chunks.offer(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int from, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (this.offset == this.current.length) {
            if (this.ended) {
                return -1;
            }
            if (this.closed) {
                throw discarded();
            }
            take();
        }
        int count = Math.min(length, this.current.length - this.offset);
        System.arraycopy(this.current, this.offset, target, from, count);
        this.offset += count;
        return count;
    }

    private void take() throws IOException {
        Object next;
        try {
            next = this.chunks.poll(STALL_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the request body", e);
        }
        if (next == null) {
            throw new IOException("the request body stalled for " + STALL_MINUTES + " minutes");
        }
        if (next instanceof Throwable error) {
            this.ended = true;
            throw new IOException("the request body failed: " + error.getMessage(), error);
        }
        if (next == END) {
            this.ended = true;
            return;
        }
        if (next == DISCARDED) {
            throw discarded();
        }
        this.current = (byte[]) next;
        this.offset = 0;
        this.subscription.request(1);
    }

    private static IOException discarded() {
        return new IOException("the request body was discarded before its end");
    }

    /**
     * Discards the rest of the body, so that the connection can answer and carry the next request; a reader waiting
     * for a chunk is woken and fails.
     */
    @Override
    public synchronized void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        // a terminal signal just offered may go too: the reader fails all the same
        this.chunks.clear();
        this.chunks.offer(DISCARDED);
        Subscription current = this.subscription;
        if (current != null) {
            current.request(Long.MAX_VALUE);
        }
    }
}
