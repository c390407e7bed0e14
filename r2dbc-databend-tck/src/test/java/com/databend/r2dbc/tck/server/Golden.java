package com.databend.r2dbc.tck.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The recorded Databend responses of the r2dbc-databend-test-support module (class-path resources under
 * {@code databend-golden/}), and a member-by-member comparison with a server response.
 */
final class Golden {

    private Golden() {
    }

    static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/databend-golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No golden file " + name + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden JSON with its placeholders replaced. */
    static Object load(String name, String queryId, String nodeId) {
        return Json.parse(read(name).replace("${QUERY_ID}", queryId).replace("${NODE_ID}", nodeId));
    }

    /**
     * Asserts the same member names in the same order, the same JSON types, the same null-versus-absent choices and,
     * except at the paths in {@code valuesNotCompared} (prefixes), the same values.
     */
    static void assertSameResponse(Object expected, Object actual, Set<String> valuesNotCompared) {
        List<String> problems = new ArrayList<>();
        compare("", expected, actual, valuesNotCompared, problems);
        if (!problems.isEmpty()) {
            fail("response differs from golden:\n  " + String.join("\n  ", problems) + "\nactual: " + actual);
        }
    }

    @SuppressWarnings("unchecked")
    private static void compare(String path, Object expected, Object actual, Set<String> ignored,
                                List<String> problems) {
        boolean compareValue = ignored.stream().noneMatch(prefix -> prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "."));
        if (expected == null || actual == null) {
            if (expected != actual) {
                problems.add(path + ": expected " + expected + " but was " + actual);
            }
            return;
        }
        if (expected instanceof Map<?, ?> expectedMap) {
            if (!(actual instanceof Map<?, ?> actualMap)) {
                problems.add(path + ": expected an object but was " + actual);
                return;
            }
            List<String> expectedKeys = new ArrayList<>(((Map<String, Object>) expectedMap).keySet());
            List<String> actualKeys = new ArrayList<>(((Map<String, Object>) actualMap).keySet());
            if (!expectedKeys.equals(actualKeys)) {
                problems.add(path + ": members " + actualKeys + " instead of " + expectedKeys);
            }
            for (String key : expectedKeys) {
                if (actualMap.containsKey(key)) {
                    compare(path.isEmpty() ? key : path + "." + key, expectedMap.get(key), actualMap.get(key), ignored,
                        problems);
                }
            }
            return;
        }
        if (expected instanceof List<?> expectedList) {
            if (!(actual instanceof List<?> actualList)) {
                problems.add(path + ": expected an array but was " + actual);
                return;
            }
            if (compareValue && expectedList.size() != actualList.size()) {
                problems.add(path + ": " + actualList.size() + " elements instead of " + expectedList.size());
                return;
            }
            for (int i = 0; i < Math.min(expectedList.size(), actualList.size()); i++) {
                compare(path + "." + i, expectedList.get(i), actualList.get(i), ignored, problems);
            }
            return;
        }
        if (expected.getClass() != actual.getClass()) {
            problems.add(path + ": JSON type of " + actual + " differs from that of " + expected);
            return;
        }
        if (compareValue && !expected.equals(actual)) {
            problems.add(path + ": expected " + expected + " but was " + actual);
        }
    }

    static void assertSameShape(Object expected, Object actual) {
        assertSameResponse(expected, actual, Set.of(""));
        assertThat(actual).isNotNull();
    }
}
