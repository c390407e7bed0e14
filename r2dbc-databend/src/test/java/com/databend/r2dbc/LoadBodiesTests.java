package com.databend.r2dbc;

import com.databend.r2dbc.api.DatabendLoadProgress;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the CSV rows of a load are cut into the chunks of the request body. */
class LoadBodiesTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static List<String> texts(Flux<ByteBuf> chunks) {
        return chunks.map(chunk -> chunk.toString(StandardCharsets.UTF_8)).collectList().block(TIMEOUT);
    }

    @Test
    void aBatchIsCutIntoChunksOfAtLeastTheChunkSizeAtRowBoundaries() {
        List<@Nullable Object[]> rows = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (long id = 0; id < 20_000; id++) {
            rows.add(new Object[] {id, "name-" + id, id * 0.25});
            expected.append(id).append(",\"name-").append(id).append("\",").append(id * 0.25).append('\n');
        }

        List<String> chunks = texts(LoadBodies.csv(rows, 3, false));

        assertThat(String.join("", chunks)).isEqualTo(expected.toString());
        assertThat(chunks).hasSizeGreaterThan(3);
        for (String chunk : chunks.subList(0, chunks.size() - 1)) {
            assertThat(chunk.length()).isBetween(LoadBodies.BATCH_CHUNK_BYTES, LoadBodies.BATCH_CHUNK_BYTES + 40);
        }
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk).endsWith("\n"));
    }

    @Test
    void aRowLargerThanAChunkIsAChunkOfItsOwn() {
        String large = "x".repeat(LoadBodies.BATCH_CHUNK_BYTES * 2);
        List<@Nullable Object[]> rows = List.of(new Object[] {1}, new Object[] {large}, new Object[] {2});

        assertThat(texts(LoadBodies.csv(rows, 1, false))).containsExactly("1\n\"" + large + "\"\n", "2\n");
    }

    @Test
    void rowsOfAPublisherGoOutAFixedNumberAChunkWithTheProgressOfEach() {
        List<DatabendLoadProgress> progress = new ArrayList<>();
        Flux<Object> rows = Flux.range(0, 1_000).map(i -> i % 2 == 0 ? new Object[] {i} : List.of(i));

        List<String> chunks = texts(LoadBodies.csv(rows, 1, false, progress::add));

        assertThat(chunks).hasSize(4);
        assertThat(chunks.get(0)).startsWith("0\n1\n").endsWith("\n255\n");
        assertThat(chunks.get(3)).startsWith("768\n").endsWith("\n999\n");
        long bytes = 0;
        List<DatabendLoadProgress> expected = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            bytes += chunks.get(i).length();
            expected.add(new DatabendLoadProgress(Math.min(1_000, (i + 1) * LoadBodies.ROWS_PER_CHUNK), bytes));
        }
        assertThat(progress).isEqualTo(expected);
    }

    @Test
    void aRowThatCannotBeLoadedEndsTheBodyWithTheReason() {
        Flux<Object> rows = Flux.just(new Object[] {1, "a"}, new Object[] {2, List.of(3)});

        assertThatThrownBy(() -> texts(LoadBodies.csv(rows, 2, false, progress -> {
        }))).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Value 2 of a row, a ");
    }
}
