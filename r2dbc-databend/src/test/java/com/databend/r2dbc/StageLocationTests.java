package com.databend.r2dbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stage locations go into SQL unquoted and into HTTP headers: only those that cannot end or extend a statement pass.
 */
class StageLocationTests {

    @Test
    void theUserStageAndNamedStagesWithPaths() {
        assertThat(StageLocation.parse("@~/dir/sub/books.csv")).isEqualTo(new StageLocation("~", "dir/sub/books.csv"));
        assertThat(StageLocation.parse("@my_stage")).isEqualTo(new StageLocation("my_stage", ""));
        assertThat(StageLocation.parse("@s1//a=1/b-2.parquet")).isEqualTo(new StageLocation("s1", "a=1/b-2.parquet"));
        assertThat(StageLocation.parse("@~/dir/").sql()).isEqualTo("@~/dir/");
        assertThat(StageLocation.parse("@s1").sql()).isEqualTo("@s1");
    }

    @Test
    void aFileSplitsIntoDirectoryAndName() {
        StageLocation file = StageLocation.parseFile("@~/a/b/c.csv");
        assertThat(file.directory()).isEqualTo("a/b");
        assertThat(file.fileName()).isEqualTo("c.csv");
        StageLocation atRoot = StageLocation.parseFile("@s/c.csv");
        assertThat(atRoot.directory()).isEmpty();
        assertThat(atRoot.fileName()).isEqualTo("c.csv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"~/a.csv", "stage/a.csv", "", "'@~/a.csv'"})
    void aLocationWithoutTheAtSignIsRefused(String location) {
        assertThatThrownBy(() -> StageLocation.parse(location)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A stage location starts with @");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@~/a.csv; DROP TABLE t", "@~/a'.csv", "@~/a\".csv", "@~/a`.csv", "@~/a\\.csv",
            "@~/a(1).csv", "@~/a,b.csv", "@~/a\tb.csv", "@~/a\nb.csv", "@~/caf\u00e9.csv"})
    void aPathThatCouldEndOrExtendTheStatementIsRefused(String location) {
        assertThatThrownBy(() -> StageLocation.parse(location)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A stage path takes printable ASCII");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@/a.csv", "@1stage/a.csv", "@my-stage/a.csv", "@~x/a.csv", "@s;/a.csv"})
    void aStageNameThatIsNotAnIdentifierIsRefused(String location) {
        assertThatThrownBy(() -> StageLocation.parse(location)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A stage is ~ or a name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@~", "@~/", "@s/dir/"})
    void anUploadOrDownloadNeedsAFile(String location) {
        assertThatThrownBy(() -> StageLocation.parseFile(location)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A stage file's location names a file");
    }
}
