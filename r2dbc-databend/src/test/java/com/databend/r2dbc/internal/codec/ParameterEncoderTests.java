package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.r2dbc.spi.Blob;
import io.r2dbc.spi.Clob;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParameterEncoderTests {

    private static final List<String> HOSTILE = List.of(
        "", "'", "''", "\\", "\\'", "'\\", "a'b", "Robert'); DROP TABLE t;--", "x' OR '1'='1", "-- comment",
        "/* open comment", "*/", "line1\nline2", "cr\r\nlf", "tab\there", "nul\0byte", "emoji 😀 and 你好",
        "\\\\'';--/*", "trailing backslash \\", "$1 ? :name", "\"double\"", "\u001f\u007f", "''''\\\\\\'");

    @Test
    void supportedClasses() {
        for (Class<?> type : List.of(String.class, Boolean.class, Byte.class, Short.class, Integer.class, Long.class,
            BigInteger.class, Float.class, Double.class, BigDecimal.class, LocalDate.class, LocalDateTime.class,
            LocalTime.class, Instant.class, OffsetDateTime.class, ZonedDateTime.class, ByteBuffer.class, byte[].class,
            UUID.class, DatabendInterval.class, Duration.class, List.class, ArrayList.class, Set.class, int[].class,
            String[].class, ByteBuffer.wrap(new byte[1]).getClass(), Blob.class, Clob.class, Map.class, HashMap.class,
            LinkedHashMap.class)) {
            assertThat(ParameterEncoder.supports(type)).as(type.getName()).isTrue();
        }
        for (Class<?> type : List.of(Object.class, Thread.class, java.util.Date.class)) {
            assertThat(ParameterEncoder.supports(type)).as(type.getName()).isFalse();
        }
        assertThat(ParameterEncoder.supports(null)).isFalse();
    }

    @Test
    void hostileStringsStayOneLiteral() {
        for (String value : HOSTILE) {
            assertSingleLiteral(value);
        }
    }

    @Test
    void randomHostileStringsStayOneLiteral() {
        String alphabet = "'\\\"-/*;\n\r\t\0 ax😀";
        int[] codePoints = alphabet.codePoints().toArray();
        Random random = new Random(20261126L);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                value.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
            }
            assertSingleLiteral(value.toString());
        }
    }

    @Test
    void literalsInsideAStatementKeepItsStructure() {
        for (String value : HOSTILE) {
            String sql = "SELECT " + ParameterEncoder.toSqlLiteral(value) + " AS x FROM t WHERE id = 1";
            List<String> tokens = SqlTokenizer.tokens(sql);
            assertThat(tokens).as(value)
                .containsExactly("SELECT", "'" + value, "AS", "x", "FROM", "t", "WHERE", "id", "=", "1");
        }
    }

    @Test
    void negativeNumbersCannotStartAComment() {
        for (Object negative : List.<Object>of(-5, -5L, (short) -5, new BigInteger("-5"), new BigDecimal("-5"), -5.0, -5.0f)) {
            String sql = "SELECT 1-" + ParameterEncoder.toSqlLiteral(negative) + " AS x";
            assertThat(SqlTokenizer.tokens(sql)).as(sql).startsWith("SELECT", "1", "-", "(", "-", "5").endsWith("AS", "x");
        }
    }

    @Test
    void scalarLiterals() {
        assertThat(ParameterEncoder.toSqlLiteral(null)).isEqualTo("NULL");
        assertThat(ParameterEncoder.toSqlLiteral(true)).isEqualTo("TRUE");
        assertThat(ParameterEncoder.toSqlLiteral(false)).isEqualTo("FALSE");
        assertThat(ParameterEncoder.toSqlLiteral((byte) -5)).isEqualTo("(-5)");
        assertThat(ParameterEncoder.toSqlLiteral((short) 300)).isEqualTo("300");
        assertThat(ParameterEncoder.toSqlLiteral(42)).isEqualTo("42");
        assertThat(ParameterEncoder.toSqlLiteral(Long.MIN_VALUE)).isEqualTo("(-9223372036854775808)");
        assertThat(ParameterEncoder.toSqlLiteral(new BigInteger("18446744073709551615"))).isEqualTo("18446744073709551615");
        assertThat(ParameterEncoder.toSqlLiteral(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(ParameterEncoder.toSqlLiteral(new BigDecimal("-0.050"))).isEqualTo("(-0.050)");
        assertThat(ParameterEncoder.toSqlLiteral(-2.5)).isEqualTo("(-2.5)");
        assertThat(ParameterEncoder.toSqlLiteral(1.5)).isEqualTo("1.5");
        assertThat(ParameterEncoder.toSqlLiteral(1e300)).isEqualTo("1.0e300");
        assertThat(ParameterEncoder.toSqlLiteral(2.5f)).isEqualTo("2.5");
        assertThat(ParameterEncoder.toSqlLiteral(Double.NaN)).isEqualTo("CAST('nan' AS DOUBLE)");
        assertThat(ParameterEncoder.toSqlLiteral(Double.POSITIVE_INFINITY)).isEqualTo("CAST('inf' AS DOUBLE)");
        assertThat(ParameterEncoder.toSqlLiteral(Float.NEGATIVE_INFINITY)).isEqualTo("CAST('-inf' AS FLOAT)");
        assertThat(ParameterEncoder.toSqlLiteral('q')).isEqualTo("'q'");
    }

    @Test
    void temporalLiterals() {
        assertThat(ParameterEncoder.toSqlLiteral(LocalDate.of(2024, 4, 10))).isEqualTo("'2024-04-10'");
        assertThat(ParameterEncoder.toSqlLiteral(LocalDateTime.of(2021, 12, 20, 17, 1, 1)))
            .isEqualTo("'2021-12-20 17:01:01.000000'");
        assertThat(ParameterEncoder.toSqlLiteral(LocalDateTime.of(2021, 12, 20, 17, 1, 1, 123_456_789)))
            .isEqualTo("'2021-12-20 17:01:01.123456'");
        assertThat(ParameterEncoder.toSqlLiteral(LocalTime.of(4, 5, 6, 500_000_000))).isEqualTo("'04:05:06.500000'");
        assertThat(ParameterEncoder.toSqlLiteral(Instant.parse("2021-12-20T17:01:01Z")))
            .isEqualTo("'2021-12-20 17:01:01.000000 +0000'");
        assertThat(ParameterEncoder.toSqlLiteral(OffsetDateTime.of(2024, 4, 16, 12, 34, 56, 789_000_000,
            ZoneOffset.ofHoursMinutes(-5, -30)))).isEqualTo("'2024-04-16 12:34:56.789000 -0530'");
        assertThat(ParameterEncoder.toSqlLiteral(ZonedDateTime.of(2021, 12, 21, 1, 1, 1, 0, ZoneId.of("Asia/Shanghai"))))
            .isEqualTo("'2021-12-21 01:01:01.000000 +0800'");
        assertThat(ParameterEncoder.toSqlLiteral(DatabendInterval.of(14, 3, 1))).isEqualTo("'1 year 2 months 3 days 0:00:00.000001'");
        assertThat(ParameterEncoder.toSqlLiteral(Duration.ofHours(25))).isEqualTo("'1 day 1:00:00'");
    }

    @Test
    void timestampsWithOffsetDecodeBackToTheSameInstant() {
        OffsetDateTime value = OffsetDateTime.of(2024, 4, 16, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(6));
        String literal = ParameterEncoder.toSqlLiteral(value);
        String text = literal.substring(1, literal.length() - 1);
        assertThat(Codecs.decode(text, DatabendType.parse("Timestamp_Tz"), DecodeContext.defaults())).isEqualTo(value);
    }

    @Test
    void binaryUuidAndArrayLiterals() {
        assertThat(ParameterEncoder.toSqlLiteral(new byte[] {0x68, 0x69, (byte) 0xFF, 0})).isEqualTo("FROM_HEX('6869FF00')");
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3});
        buffer.get();
        assertThat(ParameterEncoder.toSqlLiteral(buffer)).isEqualTo("FROM_HEX('0203')");
        assertThat(buffer.remaining()).isEqualTo(2);
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(ParameterEncoder.toSqlLiteral(uuid)).isEqualTo("'123e4567-e89b-12d3-a456-426614174000'");
        assertThat(ParameterEncoder.toSqlLiteral(List.of(1, 2, 3))).isEqualTo("[1,2,3]");
        assertThat(ParameterEncoder.toSqlLiteral(Arrays.asList("a'b", null))).isEqualTo("['a''b',NULL]");
        assertThat(ParameterEncoder.toSqlLiteral(new int[] {4, 5})).isEqualTo("[4,5]");
        assertThat(ParameterEncoder.toSqlLiteral(new String[][] {{"x"}, {}})).isEqualTo("[['x'],[]]");
        assertThat(ParameterEncoder.toSqlLiteral(List.of())).isEqualTo("[]");
    }

    @Test
    void mapLiteralsKeepIterationOrderAndQuoteKeysAndValues() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("b", 2);
        map.put("it's", -1);
        map.put("n", null);
        map.put("list", List.of("x", "y"));
        assertThat(ParameterEncoder.toSqlLiteral(map)).isEqualTo("{'b':2,'it''s':(-1),'n':NULL,'list':['x','y']}");
        assertThat(ParameterEncoder.toSqlLiteral(Map.of())).isEqualTo("{}");
        assertThat(ParameterEncoder.toSqlLiteral(Map.of(7, Map.of("k", true)))).isEqualTo("{7:{'k':TRUE}}");
        assertThat(ParameterEncoder.toSqlLiteral(List.of(Map.of("k", 1)))).isEqualTo("[{'k':1}]");
        for (String value : HOSTILE) {
            String literal = ParameterEncoder.toSqlLiteral(Map.of(value, value));
            String quoted = ParameterEncoder.toSqlLiteral(value);
            assertThat(literal).as(value).isEqualTo("{" + quoted + ":" + quoted + "}");
        }
    }

    @Test
    void unsupportedValuesAreRejected() {
        assertThatThrownBy(() -> ParameterEncoder.toSqlLiteral(new Object()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> json(new Thread()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> ParameterEncoder.toSqlLiteral(List.of(new Object())))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParameterEncoder.toSqlLiteral(Clob.from(Mono.just("x"))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read into");
    }

    @Test
    void jsonParams() throws IOException {
        assertThat(json(null)).isEqualTo("null");
        assertThat(json(true)).isEqualTo("true");
        assertThat(json(42)).isEqualTo("42");
        assertThat(json((byte) -1)).isEqualTo("-1");
        assertThat(json(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
        assertThat(json(new BigInteger("18446744073709551615"))).isEqualTo("18446744073709551615");
        assertThat(json(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(json(new BigDecimal("3.00"))).isEqualTo("3.00");
        assertThat(json(1.5)).isEqualTo("1.5");
        assertThat(json(0.1f)).isEqualTo("0.1");
        assertThat(json(Double.NaN)).isEqualTo("\"nan\"");
        assertThat(json(Double.NEGATIVE_INFINITY)).isEqualTo("\"-inf\"");
        assertThat(json("he said \"hi\"\n\\")).isEqualTo("\"he said \\\"hi\\\"\\n\\\\\"");
        assertThat(json("Robert'); DROP TABLE t;--")).isEqualTo("\"Robert'); DROP TABLE t;--\"");
        assertThat(json(LocalDate.of(2024, 4, 10))).isEqualTo("\"2024-04-10\"");
        assertThat(json(LocalDateTime.of(2021, 12, 20, 17, 1, 1))).isEqualTo("\"2021-12-20 17:01:01.000000\"");
        assertThat(json(Instant.parse("2021-12-20T17:01:01.5Z"))).isEqualTo("\"2021-12-20 17:01:01.500000 +0000\"");
        assertThat(json(DatabendInterval.of(0, 1, 0))).isEqualTo("\"1 day\"");
        assertThat(json(new byte[] {(byte) 0xAB})).isEqualTo("\"AB\"");
        assertThat(json(List.of(1, "a", true))).isEqualTo("[1,\"a\",true]");
        assertThat(json(new long[] {7, 8})).isEqualTo("[7,8]");
        assertThat(json(Arrays.asList(List.of(1.5), null))).isEqualTo("[[1.5],null]");
    }

    @Test
    void binaryHasNoFaithfulJsonForm() {
        assertThat(ParameterEncoder.hasJsonForm("x")).isTrue();
        assertThat(ParameterEncoder.hasJsonForm(null)).isTrue();
        assertThat(ParameterEncoder.hasJsonForm(List.of(1, 2))).isTrue();
        assertThat(ParameterEncoder.hasJsonForm(new int[] {1})).isTrue();
        assertThat(ParameterEncoder.hasJsonForm(new byte[] {1})).isFalse();
        assertThat(ParameterEncoder.hasJsonForm(ByteBuffer.allocate(1))).isFalse();
        assertThat(ParameterEncoder.hasJsonForm(List.of(new byte[] {1}))).isFalse();
        assertThat(ParameterEncoder.hasJsonForm(new Object[] {ByteBuffer.allocate(1)})).isFalse();
    }

    @Test
    void mapsHaveNoJsonFormAndTravelAsLiterals() {
        assertThat(ParameterEncoder.hasJsonForm(Map.of("k", 1))).isFalse();
        assertThat(ParameterEncoder.hasJsonForm(Map.of())).isFalse();
        assertThat(ParameterEncoder.hasJsonForm(List.of(Map.of("k", 1)))).isFalse();
        assertThat(ParameterEncoder.hasJsonForm(new Object[] {Map.of()})).isFalse();
    }

    private static String json(Object value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            ParameterEncoder.writeJson(generator, value);
        }
        return out.toString();
    }

    private static void assertSingleLiteral(String value) {
        String literal = ParameterEncoder.toSqlLiteral(value);
        SqlTokenizer tokenizer = new SqlTokenizer(literal);
        String token = tokenizer.next();
        assertThat(token).as("literal of %s", printable(value)).isEqualTo("'" + value);
        assertThat(tokenizer.next()).as("after the literal of %s", printable(value)).isNull();
        assertThat(literal).doesNotContain("\n", "\r", "\0");
    }

    private static String printable(String value) {
        return value.replace("\n", "\\n").replace("\r", "\\r").replace("\0", "\\0");
    }

    /**
     * A tokenizer of the Databend lexer's shapes that matter here: whitespace, {@code --} and {@code /* * /}
     * comments (dropped), single-quoted strings ({@code ''} and backslash escapes; returned as {@code '} plus
     * their unescaped content), words and single punctuation characters.
     */
    static final class SqlTokenizer {

        private final String sql;
        private int pos;

        SqlTokenizer(String sql) {
            this.sql = sql;
        }

        static List<String> tokens(String sql) {
            SqlTokenizer tokenizer = new SqlTokenizer(sql);
            List<String> tokens = new ArrayList<>();
            for (String token = tokenizer.next(); token != null; token = tokenizer.next()) {
                tokens.add(token);
            }
            return tokens;
        }

        String next() {
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (sql.startsWith("--", pos)) {
                    int end = sql.indexOf('\n', pos);
                    pos = end < 0 ? sql.length() : end + 1;
                } else if (sql.startsWith("/*", pos)) {
                    int end = sql.indexOf("*/", pos + 2);
                    pos = end < 0 ? sql.length() : end + 2;
                } else {
                    break;
                }
            }
            if (pos >= sql.length()) {
                return null;
            }
            char c = sql.charAt(pos);
            if (c == '\'') {
                return string();
            }
            if (Character.isLetterOrDigit(c) || c == '_') {
                int start = pos;
                while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
                    pos++;
                }
                return sql.substring(start, pos);
            }
            pos++;
            return String.valueOf(c);
        }

        private String string() {
            StringBuilder content = new StringBuilder("'");
            pos++;
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (c == '\'') {
                    if (pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
                        content.append('\'');
                        pos += 2;
                        continue;
                    }
                    pos++;
                    return content.toString();
                }
                if (c == '\\' && pos + 1 < sql.length()) {
                    char escaped = sql.charAt(pos + 1);
                    switch (escaped) {
                        case 'n':
                            content.append('\n');
                            break;
                        case 'r':
                            content.append('\r');
                            break;
                        case 't':
                            content.append('\t');
                            break;
                        case '0':
                            content.append('\0');
                            break;
                        default:
                            content.append(escaped);
                    }
                    pos += 2;
                    continue;
                }
                content.append(c);
                pos++;
            }
            throw new IllegalStateException("Unterminated string literal in " + sql);
        }
    }
}
