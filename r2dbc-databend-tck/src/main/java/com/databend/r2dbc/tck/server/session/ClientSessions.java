package com.databend.r2dbc.tck.server.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Finds or creates the client session of a request from its cookies or its session header (docs/protocol.md §2.6, §10).
 */
public final class ClientSessions {

    private static final JsonFactory JSON = new JsonFactory();

    private ClientSessions() {
    }

    /**
     * @param cookieHeader  the {@code Cookie} header, or {@code null}
     * @param capsHeader    the {@code X-DATABEND-CLIENT-CAPS} header, or {@code null}
     * @param sessionHeader the {@code X-DATABEND-SESSION} header, or {@code null}
     */
    public static ClientSession resolve(String cookieHeader, String capsHeader, String sessionHeader) {
        String caps = capsHeader == null ? "" : capsHeader.toLowerCase(Locale.ROOT);
        boolean headerMode = List.of(caps.split(";")).stream().map(String::trim).anyMatch("session_header"::equals);
        boolean cookieCaps = List.of(caps.split(";")).stream().map(String::trim).anyMatch("session_cookie"::equals);
        if (headerMode) {
            String id = idFromSessionHeader(sessionHeader);
            long now = System.currentTimeMillis() / 1000;
            if (id == null) {
                id = UUID.randomUUID().toString();
            }
            String json = "{\"id\":\"" + id + "\",\"last_refresh_time\":" + now + "}";
            return new ClientSession(id, List.of(),
                Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        }
        String cookieSessionId = cookie(cookieHeader, "session_id");
        if (cookieSessionId != null && !cookieSessionId.isEmpty()) {
            return new ClientSession(cookieSessionId, List.of(), null);
        }
        if (cookieCaps || cookie(cookieHeader, "cookie_enabled") != null) {
            String id = UUID.randomUUID().toString();
            long now = System.currentTimeMillis() / 1000;
            return new ClientSession(id, List.of("session_id=" + id + "; Path=/", "last_refresh_time=" + now + "; Path=/"),
                null);
        }
        return ClientSession.none();
    }

    private static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String pair = part.trim();
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq).trim();
            if (key.equals(name)) {
                return eq < 0 ? "" : pair.substring(eq + 1).trim();
            }
        }
        return null;
    }

    private static String idFromSessionHeader(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String json = header.trim();
        if (!json.startsWith("{")) {
            try {
                json = new String(Base64.getUrlDecoder().decode(json), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new AuthenticationFailure(5100, "Authentication error: invalid session header " + header);
            }
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if ("id".equals(name)) {
                    return parser.getValueAsString();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new AuthenticationFailure(5100, "Authentication error: invalid session header");
        }
    }
}
