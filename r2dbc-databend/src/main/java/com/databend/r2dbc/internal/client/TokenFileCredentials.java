package com.databend.r2dbc.internal.client;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * A Bearer token read from a file, which another process rewrites when the token rotates: read at the first request
 * and again after a refusal (401), on a thread that may block, never on an event loop. The file's content is trimmed.
 */
final class TokenFileCredentials implements Credentials {

    private final Path file;
    private volatile Authorization current;

    TokenFileCredentials(Path file) {
        this.file = requireNonNull(file, "file must not be null");
    }

    @Override
    public Mono<Authorization> authorization(boolean replayable) {
        Authorization known = current;
        return known != null ? Mono.just(known) : read();
    }

    /** Reads the file again; a request is repeated only when the file now holds another token. */
    @Override
    public Mono<Boolean> renew(Authorization used, int code) {
        return read().map(fresh -> !fresh.header().equals(used.header()));
    }

    private Mono<Authorization> read() {
        return Mono.fromCallable(() -> {
                    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                    if (token.isEmpty()) {
                        throw new IOException("the file is empty");
                    }
                    Authorization read = Authorization.bearer(token);
                    current = read;
                    return read;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(IOException.class, e -> new R2dbcNonTransientResourceException(
                        "Cannot read the access token file " + file + ": " + e.getMessage(), "28000", 0, e));
    }

    @Override
    public String toString() {
        return "TokenFileCredentials{file=" + file + '}';
    }
}
