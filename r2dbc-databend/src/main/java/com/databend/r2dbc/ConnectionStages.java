package com.databend.r2dbc;

import com.databend.r2dbc.api.DatabendLoadProgress;
import com.databend.r2dbc.api.DatabendStageFile;
import com.databend.r2dbc.api.DatabendStages;
import com.databend.r2dbc.internal.Assert;
import com.databend.r2dbc.internal.client.ClientSession;
import com.databend.r2dbc.internal.client.PresignedRequest;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The stages of one connection (docs/protocol.md §8): statements ({@code LIST}, {@code REMOVE}, {@code PRESIGN}) run
 * in the connection's session; bytes go through {@code /v1/upload_to_stage} or straight to the storage through
 * presigned URLs, as the {@link PresignMode} says. Each call takes one turn among the connection's statements
 * ({@link StatementQueue}), kept until its bytes are sent or received, so that calls and statements fired at once
 * see each other's files in the order they were subscribed.
 */
final class ConnectionStages implements DatabendStages {

    /** The path {@link PresignMode#DETECT} presigns to learn whether the storage can presign; nothing is written. */
    static final String PROBE = "@~/.r2dbc-databend/presign-probe";

    private final DatabendConnection connection;
    private final ClientSession session;
    private final PresignMode mode;
    private final boolean cloudHost;
    private final int retryCount;
    private volatile @Nullable Boolean detected;

    ConnectionStages(DatabendConnection connection, ClientSession session,
                     DatabendConnectionConfiguration configuration) {
        this.connection = connection;
        this.session = session;
        this.mode = configuration.presign();
        this.cloudHost = PresignMode.isCloudHost(configuration.host());
        this.retryCount = configuration.retryCount();
    }

    @Override
    public Mono<Void> upload(String location, Publisher<ByteBuffer> data) {
        return upload(location, data, progress -> {
        });
    }

    @Override
    public Mono<Void> upload(String location, Publisher<ByteBuffer> data, Consumer<DatabendLoadProgress> progress) {
        StageLocation file = StageLocation.parseFile(location);
        Assert.requireNonNull(data, "data must not be null");
        Assert.requireNonNull(progress, "progress must not be null");
        return connection.inTurn(() -> connection.whenOpen(session.uploadToStage(file.stage(), file.directory(),
                file.fileName(), LoadBodies.bytes(data, progress))));
    }

    @Override
    public Mono<Void> uploadFile(String location, Path file) {
        return uploadFile(location, file, progress -> {
        });
    }

    /** Sent again on a transient failure, presigned anew each time: storing the same file twice is harmless. */
    @Override
    public Mono<Void> uploadFile(String location, Path file, Consumer<DatabendLoadProgress> progress) {
        StageLocation target = StageLocation.parseFile(location);
        Assert.requireNonNull(file, "file must not be null");
        Assert.requireNonNull(progress, "progress must not be null");
        Mono<Void> attempt = connection.whenOpen(usePresign()).flatMap(presign -> presign
                ? presign("UPLOAD", target).zipWith(size(file)).flatMap(request -> session.putPresigned(
                        request.getT1(), request.getT2(), LoadBodies.bytes(FileChunks.of(file), progress),
                        target.sql()))
                : session.uploadToStage(target.stage(), target.directory(), target.fileName(),
                        LoadBodies.bytes(FileChunks.of(file), progress)));
        return connection.inTurn(() -> attempt.retryWhen(Retry.max(retryCount)
                .filter(R2dbcTransientResourceException.class::isInstance)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure())));
    }

    @Override
    public Flux<DatabendStageFile> list(String location) {
        StageLocation target = StageLocation.parse(location);
        return connection.inTurnMany(() -> rows("LIST " + target.sql(), ConnectionStages::stageFile));
    }

    @Override
    public Flux<ByteBuffer> download(String location) {
        StageLocation target = StageLocation.parseFile(location);
        return connection.inTurnMany(() -> presign("DOWNLOAD", target)
                .flatMapMany(request -> session.getPresigned(request, target.sql())));
    }

    @Override
    public Mono<Void> remove(String location) {
        StageLocation target = StageLocation.parse(location);
        return connection.inTurn(() -> connection.executeNow("REMOVE " + target.sql())
                .flatMapMany(Result::getRowsUpdated).then());
    }

    /** Whether uploads of files take presigned URLs on this connection; in the caller's turn. */
    Mono<Boolean> usePresign() {
        return switch (mode) {
            case ON -> Mono.just(true);
            case OFF -> Mono.just(false);
            case AUTO -> Mono.just(cloudHost);
            case DETECT -> Mono.defer(() -> {
                Boolean known = detected;
                if (known != null) {
                    return Mono.just(known);
                }
                // a lost connection says nothing of the storage: it fails the upload and is asked again next time
                return presign("UPLOAD", StageLocation.parse(PROBE)).thenReturn(true)
                        .onErrorResume(error -> error instanceof R2dbcException
                                && !(error instanceof R2dbcTransientResourceException), error -> Mono.just(false))
                        .doOnNext(presign -> detected = presign);
            });
        };
    }

    /** {@code PRESIGN UPLOAD|DOWNLOAD @stage/path}: one row of method, headers and URL. */
    private Mono<PresignedRequest> presign(String action, StageLocation target) {
        return rows("PRESIGN " + action + " " + target.sql(), row -> PresignedRequest.of(
                row.get(0, String.class), row.get(1, String.class), row.get(2, String.class))).single();
    }

    /** The rows of {@code sql}, run in the caller's turn. */
    private <T> Flux<T> rows(String sql, Function<Row, T> mapping) {
        return connection.executeNow(sql)
                .flatMapMany(result -> result.map((row, metadata) -> mapping.apply(row)));
    }

    private static Mono<Long> size(Path file) {
        // a stat, off the event loop
        return Mono.fromCallable(() -> Files.size(file)).subscribeOn(Schedulers.boundedElastic());
    }

    /** A row of {@code LIST}: {@code name}, {@code size}, and Databend's {@code md5} and {@code last_modified}. */
    private static DatabendStageFile stageFile(Row row) {
        Long size = row.get("size", Long.class);
        String md5 = has(row, "md5") ? row.get("md5", String.class) : null;
        if (md5 != null && md5.length() >= 2 && md5.startsWith("\"") && md5.endsWith("\"")) {
            md5 = md5.substring(1, md5.length() - 1);
        }
        return new DatabendStageFile(row.get("name", String.class), size == null ? 0 : size, md5,
                has(row, "last_modified") ? row.get("last_modified", String.class) : null);
    }

    private static boolean has(Row row, String column) {
        return row.getMetadata().contains(column);
    }
}
