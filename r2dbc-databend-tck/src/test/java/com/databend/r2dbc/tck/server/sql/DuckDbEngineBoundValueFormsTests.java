package com.databend.r2dbc.tck.server.sql;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text forms the driver sends for interval, variant and map values, and tuples written in SQL, are stored in
 * typed columns and rendered back as Databend renders them: as SQL literals (older servers) and as string
 * {@code params} (newer servers).
 */
class DuckDbEngineBoundValueFormsTests {

    @RegisterExtension
    final EngineFixture fixture = new EngineFixture();

    @Test
    void literalFormsOfIntervalVariantMapAndTupleAreStored() {
        this.fixture.run("CREATE TABLE forms(iv INTERVAL, v VARIANT, m MAP(STRING, INT), ma MAP(STRING, ARRAY(INT)), "
            + "t TUPLE(INT, STRING), pairs ARRAY(TUPLE(INT, STRING)))");
        EngineFixture.Result insert = this.fixture.run("INSERT INTO forms VALUES ('1 year 2 months 3 days 4:05:06.5', "
            + "'{\"a\":[1,{\"n\":null}],\"k\":\"v\"}', {'one':1,'minus':(-2),'it''s':3}, {'a':[1,2],'none':[]}, "
            + "(7, 'p'), [(1, 'a'), (2, 'b')])");
        assertThat(insert.rows()).containsExactly(List.of("1"));
        this.fixture.run("INSERT INTO forms VALUES ('-10 months -2 days', '[1,\"x\",true]', {}, {}, NULL, [])");
        EngineFixture.Result result = this.fixture.run("SELECT * FROM forms");
        assertThat(result.types()).containsExactly("Nullable(Interval)", "Nullable(Variant)",
            "Nullable(Map(String, Int32))", "Nullable(Map(String, Array(Int32)))", "Nullable(Tuple(Int32, String))",
            "Nullable(Array(Tuple(Int32, String)))");
        assertThat(result.rows()).containsExactly(
            List.of("1 year 2 months 3 days 4:05:06.5", "{\"a\":[1,{\"n\":null}],\"k\":\"v\"}",
                "{\"one\":1,\"minus\":-2,\"it's\":3}", "{\"a\":[1,2],\"none\":[]}", "(7,\"p\")",
                "[(1,\"a\"),(2,\"b\")]"),
            java.util.Arrays.asList("-10 months -2 days", "[1,\"x\",true]", "{}", "{}", null, "[]"));
    }

    @Test
    void stringParamsAreReadAsIntervalsAndVariants() {
        this.fixture.run("CREATE TABLE params(iv INTERVAL, v VARIANT)");
        EngineFixture.Result insert = this.fixture.run("INSERT INTO params VALUES (?, ?)",
            List.of("1 day 6:00:00.25", "{\"a\": [1, 2], \"k\": \"v\"}"));
        assertThat(insert.rows()).containsExactly(List.of("1"));
        assertThat(this.fixture.run("SELECT iv, v FROM params").rows())
            .containsExactly(List.of("1 day 6:00:00.25", "{\"a\":[1,2],\"k\":\"v\"}"));
    }
}
