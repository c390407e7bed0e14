package com.databend.r2dbc.tck.server.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code ?} and {@code :name} markers with literal tokens (docs/protocol.md §2.1). The values become single
 * tokens, so they can never change the statement's structure.
 */
final class ParamSubstitution {

    private ParamSubstitution() {
    }

    static List<Token> apply(List<Token> tokens, Object params) {
        if (params == null) {
            return tokens;
        }
        List<Token> out = new ArrayList<>(tokens.size());
        if (params instanceof List) {
            List<?> values = (List<?>) params;
            int used = 0;
            for (Token token : tokens) {
                if (token.kind() == Token.Kind.POSITIONAL_PARAM) {
                    if (used >= values.size()) {
                        throw new DatabendError(1006, "not enough params: the statement has more ? placeholders than "
                            + values.size() + " params given");
                    }
                    out.add(literal(values.get(used++), token));
                } else {
                    out.add(token);
                }
            }
            if (used != values.size()) {
                throw new DatabendError(1006, "the statement has " + used + " ? placeholders but " + values.size()
                    + " params were given");
            }
            return out;
        }
        if (params instanceof Map) {
            Map<?, ?> values = (Map<?, ?>) params;
            for (Token token : tokens) {
                if (token.kind() == Token.Kind.NAMED_PARAM) {
                    if (!values.containsKey(token.text())) {
                        throw new DatabendError(1006, "missing param value for :" + token.text());
                    }
                    out.add(literal(values.get(token.text()), token));
                } else if (token.kind() == Token.Kind.POSITIONAL_PARAM) {
                    throw new DatabendError(1006, "? placeholders need params given as a JSON array");
                } else {
                    out.add(token);
                }
            }
            return out;
        }
        throw new DatabendError(1006, "params must be a JSON array or object");
    }

    private static Token literal(Object value, Token marker) {
        if (value == null) {
            return new Token(Token.Kind.WORD, "NULL", marker.start(), marker.end());
        }
        if (value instanceof String) {
            return new Token(Token.Kind.STRING, (String) value, marker.start(), marker.end());
        }
        if (value instanceof Boolean) {
            return new Token(Token.Kind.WORD, ((Boolean) value) ? "TRUE" : "FALSE", marker.start(), marker.end());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
            || value instanceof java.math.BigInteger) {
            return new Token(Token.Kind.NUMBER, value.toString(), marker.start(), marker.end());
        }
        if (value instanceof BigDecimal) {
            return new Token(Token.Kind.NUMBER, ((BigDecimal) value).toPlainString(), marker.start(), marker.end());
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new DatabendError(1006, "param value " + number + " is not a finite number");
            }
            String text = Double.toString(number);
            return new Token(Token.Kind.NUMBER, text.contains("E") ? text : text + "e0", marker.start(), marker.end());
        }
        throw new DatabendError(1006, "unsupported param value of type " + value.getClass().getSimpleName()
            + ": only strings, numbers, booleans and null are accepted");
    }
}
