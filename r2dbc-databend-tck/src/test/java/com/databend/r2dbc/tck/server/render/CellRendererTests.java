package com.databend.r2dbc.tck.server.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.databend.r2dbc.tck.server.sql.DatabendError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CellRendererTests {

    private final CellRenderer utc = new CellRenderer(ZoneOffset.UTC, BinaryOutputFormat.HEX);

    private static DatabendType type(String text) {
        return DatabendTypeParser.parse(text);
    }

    @Test
    void rendersScalarsAtTopLevel() {
        assertThat(this.utc.render(type("BOOLEAN"), true)).isEqualTo("1");
        assertThat(this.utc.render(type("BOOLEAN"), false)).isEqualTo("0");
        assertThat(this.utc.render(type("INT8"), (byte) -5)).isEqualTo("-5");
        assertThat(this.utc.render(type("UINT64"), new BigInteger("18446744073709551615")))
            .isEqualTo("18446744073709551615");
        assertThat(this.utc.render(type("DECIMAL(10, 2)"), new BigDecimal("3"))).isEqualTo("3.00");
        assertThat(this.utc.render(type("DECIMAL(10, 2)"), new BigDecimal("-0.05"))).isEqualTo("-0.05");
        assertThat(this.utc.render(type("DECIMAL(10, 0)"), new BigDecimal("0"))).isEqualTo("0");
        assertThat(this.utc.render(type("STRING"), "a\"b\\c\n")).isEqualTo("a\"b\\c\n");
        assertThat(this.utc.render(type("DATE"), LocalDate.of(2024, 4, 10))).isEqualTo("2024-04-10");
        assertThat(this.utc.render(type("FLOAT64"), 1.0)).isEqualTo("1.0");
        assertThat(this.utc.render(type("FLOAT32"), Float.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(this.utc.render(type("INTERVAL"), "1 year 2 months 3 days 04:05:06.5"))
            .isEqualTo("1 year 2 months 3 days 4:05:06.5");
        assertThat(this.utc.render(type("INT NULL"), null)).isNull();
        assertThat(this.utc.render(DatabendType.of(DatabendType.Kind.NULL), null)).isNull();
    }

    @Test
    void rendersTimestampsAsWallTimeInTheSessionZone() {
        OffsetDateTime instant = OffsetDateTime.of(2021, 12, 20, 17, 1, 1, 0, ZoneOffset.UTC);
        assertThat(this.utc.render(type("TIMESTAMP"), instant)).isEqualTo("2021-12-20 17:01:01.000000");
        CellRenderer shanghai = new CellRenderer(ZoneId.of("Asia/Shanghai"), BinaryOutputFormat.HEX);
        assertThat(shanghai.render(type("TIMESTAMP"), instant)).isEqualTo("2021-12-21 01:01:01.000000");
        assertThat(this.utc.render(type("TIMESTAMP"), instant.withNano(123_456_000)))
            .isEqualTo("2021-12-20 17:01:01.123456");
    }

    @Test
    void rendersBinaryInEveryOutputFormat() {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(this.utc.render(type("BINARY"), hello)).isEqualTo("68656C6C6F");
        assertThat(new CellRenderer(ZoneOffset.UTC, BinaryOutputFormat.BASE64).render(type("BINARY"), hello))
            .isEqualTo("aGVsbG8=");
        assertThat(new CellRenderer(ZoneOffset.UTC, BinaryOutputFormat.UTF8).render(type("BINARY"), hello))
            .isEqualTo("hello");
        byte[] invalid = {(byte) 0xFF, 'a'};
        assertThat(new CellRenderer(ZoneOffset.UTC, BinaryOutputFormat.UTF8_LOSSY).render(type("BINARY"), invalid))
            .isEqualTo("\uFFFDa");
        assertThatThrownBy(() -> new CellRenderer(ZoneOffset.UTC, BinaryOutputFormat.UTF8).render(type("BINARY"), invalid))
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1006));
        assertThat(BinaryOutputFormat.fromSetting("utf-8-lossy")).isEqualTo(BinaryOutputFormat.UTF8_LOSSY);
        assertThat(BinaryOutputFormat.fromSetting(null)).isEqualTo(BinaryOutputFormat.HEX);
    }

    @Test
    void rendersVariantAsCompactJson() {
        assertThat(this.utc.render(type("VARIANT"), "{\"k\": \"v\", \"a\": [1, 2, \"3\"]}"))
            .isEqualTo("{\"k\":\"v\",\"a\":[1,2,\"3\"]}");
        assertThat(this.utc.render(type("VARIANT"), "\"abc\"")).isEqualTo("\"abc\"");
        assertThat(this.utc.render(type("VARIANT"), "1.34")).isEqualTo("1.34");
    }

    @Test
    void rendersNestedValuesWithQuotedStringsAndBareNulls() {
        assertThat(this.utc.render(type("ARRAY(INT NULL)"), new Object[]{1, 2, null})).isEqualTo("[1,2,NULL]");
        assertThat(this.utc.render(type("ARRAY(STRING)"), List.of("x", "y"))).isEqualTo("[\"x\",\"y\"]");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k1", "v1");
        map.put("k2", "v2");
        assertThat(this.utc.render(type("MAP(STRING, STRING)"), map)).isEqualTo("{\"k1\":\"v1\",\"k2\":\"v2\"}");
        assertThat(this.utc.render(type("TUPLE(INT, STRING)"), List.of(7, "p\"q"))).isEqualTo("(7,\"p\\\"q\")");
        assertThat(this.utc.render(type("ARRAY(BINARY)"), List.of("x".getBytes(StandardCharsets.UTF_8),
            "y\"z".getBytes(StandardCharsets.UTF_8)))).isEqualTo("[78,79227A]");
        assertThat(this.utc.render(type("TUPLE(ARRAY(INT), DATE)"), List.of(List.of(1, 2), LocalDate.of(2024, 4, 10))))
            .isEqualTo("([1,2],\"2024-04-10\")");
        assertThat(this.utc.render(type("ARRAY(BOOLEAN)"), List.of(true, false))).isEqualTo("[1,0]");
        assertThat(this.utc.render(type("ARRAY(DECIMAL(5, 2))"), List.of(new BigDecimal("1.5")))).isEqualTo("[1.50]");
        assertThat(this.utc.render(type("ARRAY(VARIANT)"), List.of("{\"a\": 1}"))).isEqualTo("[{\"a\":1}]");
        assertThat(this.utc.render(type("ARRAY(TIMESTAMP)"),
            List.of(OffsetDateTime.of(2021, 12, 20, 17, 1, 1, 0, ZoneOffset.UTC))))
            .isEqualTo("[\"2021-12-20 17:01:01.000000\"]");
        assertThat(this.utc.render(DatabendType.of(DatabendType.Kind.EMPTY_ARRAY), List.of())).isEqualTo("[]");
        assertThat(this.utc.render(DatabendType.of(DatabendType.Kind.EMPTY_MAP), Map.of())).isEqualTo("{}");
    }
}
