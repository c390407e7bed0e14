package com.databend.r2dbc;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file read a chunk at a time with {@link AsynchronousFileChannel}, one read per chunk demanded, so no thread waits
 * on the disk and the file is never held whole. Each subscription reads the file from its start again, which is
 * what lets a load of a file be sent again.
 */
final class FileChunks {

    static final int CHUNK_SIZE = 64 * 1024;

    private FileChunks() {
    }

    static Flux<ByteBuffer> of(Path file) {
        return Flux.using(() -> AsynchronousFileChannel.open(file, StandardOpenOption.READ),
                channel -> read(channel, 0).expand(chunk -> chunk.position() < 0 ? Mono.empty()
                                : read(channel, chunk.position()))
                        .takeWhile(chunk -> chunk.position() >= 0)
                        .map(Chunk::bytes),
                FileChunks::closeQuietly);
    }

    /** The bytes read at {@code position}; {@code position} of the next read, or -1 at the end of the file. */
    private record Chunk(ByteBuffer bytes, long position) {
    }

    private static Mono<Chunk> read(AsynchronousFileChannel channel, long position) {
        return Mono.create(sink -> {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_SIZE);
            channel.read(buffer, position, null, new CompletionHandler<Integer, Object>() {
                @Override
                public void completed(Integer read, Object attachment) {
                    sink.success(read < 0 ? new Chunk(buffer.flip(), -1)
                            : new Chunk(buffer.flip(), position + read));
                }

                @Override
                public void failed(Throwable error, Object attachment) {
                    sink.error(error);
                }
            });
        });
    }

    private static void closeQuietly(AsynchronousFileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // every chunk has been read or the load ended: nothing is left to lose
        }
    }
}
