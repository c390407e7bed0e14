package com.databend.r2dbc.tck.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Basic auth, users and grants, client sessions by cookie or header, login and logout (docs/protocol.md §2.5–§2.7, §7).
 */
class AuthenticationTests {

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b.user("config_user", "pw1"));

    private static DatabendTestServer server;

    private static Http root;

    private static Http as(String user, String password) {
        return new Http(server.baseUrl()).with("Authorization", Http.basic(user, password));
    }

    @Test
    void wrongPasswordUnknownUserAndMissingHeaderAre401() {
        Http.Response wrong = as("root", "nope").query("select 1");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body())
            .isEqualTo("{\"error\":{\"code\":5100,\"message\":\"Authentication failed: incorrect password\"}}");

        Http.Response unknown = as("mallory", "x").query("select 1");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body())
            .isEqualTo("{\"error\":{\"code\":2201,\"message\":\"User 'mallory'@'%' does not exist.\"}}");

        Http.Response missing = new Http(server.baseUrl()).query("select 1");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body()).isEqualTo(
            "{\"error\":{\"code\":5100,\"message\":\"Authentication error: no authorization header provided\"}}");
        assertThat(missing.header("X-DATABEND-VERSION")).isEqualTo("1.2.934-nightly");
    }

    @Test
    void configuredUserMayReadAndWriteAndIsNotAdmin() {
        Http user = as("config_user", "pw1");
        Map<String, Object> body = user.query("select 1").json();
        assertThat(body.get("state")).isEqualTo("Succeeded");
        assertThat(Json.at(body, "session.role")).isEqualTo("public");
        assertThat(user.query("create table config_user_t(a int)").json().get("error")).isNull();
    }

    @Test
    void usersWithoutGrantMayReadButNotWrite() {
        assertThat(root.query("create table granted_t(a int)").json().get("error")).isNull();
        assertThat(root.query("create user bob identified by 'b0b'").json().get("error")).isNull();
        Http bob = as("bob", "b0b");
        assertThat(bob.query("select count(*) from granted_t").json().get("data")).isEqualTo(List.of(List.of("0")));

        Map<String, Object> denied = bob.query("insert into granted_t values (1)").json();
        assertThat(denied.get("state")).isEqualTo("Failed");
        assertThat(Json.at(denied, "error.code")).isEqualTo(1063L);
        assertThat((String) Json.at(denied, "error.message"))
            .isEqualTo("Permission denied: privilege [Insert] is required on 'default'.'default'.'granted_t' for user 'bob'@'%'");
        assertThat(Json.at(bob.query("create table bob_t(a int)").json(), "error.code")).isEqualTo(1063L);
        assertThat(Json.at(bob.query("create user eve identified by 'x'").json(), "error.code")).isEqualTo(1063L);

        assertThat(root.query("grant all privileges on *.* to 'bob'@'%'").json().get("error")).isNull();
        assertThat(bob.query("insert into granted_t values (1)").json().get("data")).isEqualTo(List.of(List.of("1")));

        assertThat(root.query("revoke all on *.* from bob").json().get("error")).isNull();
        assertThat(Json.at(bob.query("delete from granted_t").json(), "error.code")).isEqualTo(1063L);

        assertThat(root.query("drop user bob").json().get("error")).isNull();
        assertThat(bob.query("select 1").status()).isEqualTo(401);
        assertThat(root.query("drop user if exists bob").json().get("error")).isNull();
        assertThat(Json.at(root.query("drop user bob").json(), "error.code")).isEqualTo(2201L);
    }

    @Test
    void createUserTwiceFailsUnlessIfNotExists() {
        assertThat(root.query("CREATE USER IF NOT EXISTS carol IDENTIFIED BY 'c'").json().get("error")).isNull();
        assertThat(root.query("CREATE USER IF NOT EXISTS carol IDENTIFIED BY 'c'").json().get("error")).isNull();
        assertThat(Json.at(root.query("CREATE USER carol IDENTIFIED BY 'c'").json(), "error.code")).isEqualTo(2202L);
        assertThat(as("carol", "c").query("select 1").status()).isEqualTo(200);
        assertThat(as("carol", "wrong").query("select 1").status()).isEqualTo(401);
    }

    @Test
    void cookieEnabledCreatesAClientSessionThatPollsMustRepeat() {
        Http.Response started = root.query("select number from numbers(6) order by number",
            "\"pagination\":{\"max_rows_per_page\":2}", "Cookie", "cookie_enabled=true");
        List<String> cookies = started.headers("Set-Cookie");
        assertThat(cookies).hasSize(2);
        assertThat(cookies.get(0)).matches("session_id=[0-9a-f-]{36}; Path=/");
        assertThat(cookies.get(1)).matches("last_refresh_time=[0-9]+; Path=/");
        String sessionId = cookies.get(0).substring("session_id=".length(), cookies.get(0).indexOf(';'));
        Map<String, Object> body = started.json();
        assertThat(body.get("session_id")).isEqualTo(sessionId);
        assertThat(started.header("X-DATABEND-SESSION-ID")).isEqualTo(sessionId);
        String id = (String) body.get("id");

        Http.Response withCookie = root.get("/v1/query/" + id + "/page/1", "Cookie", "session_id=" + sessionId);
        assertThat(withCookie.status()).isEqualTo(200);
        assertThat(withCookie.json().get("session_id")).isEqualTo(sessionId);
        assertThat(withCookie.headers("Set-Cookie")).isEmpty();

        Http.Response without = root.get("/v1/query/" + id + "/page/1");
        assertThat(without.status()).isEqualTo(401);
        assertThat(without.body()).isEqualTo("{\"error\":{\"code\":5100,\"message\":\"Authentication error: "
            + "wrong client_session_id, expected Some(\\\"" + sessionId + "\\\"), got None\"}}");
        assertThat(root.get("/v1/query/" + id + "/final", "Cookie", "session_id=other").status()).isEqualTo(401);
        assertThat(root.get("/v1/query/" + id + "/final", "Cookie", "session_id=" + sessionId).status())
            .isEqualTo(200);
    }

    @Test
    void clientCapsSessionCookieAlsoCreatesASession() {
        Http.Response started = root.query("select 1", null, "X-DATABEND-CLIENT-CAPS", "session_cookie");
        assertThat(started.headers("Set-Cookie")).hasSize(2);
        assertThat((String) started.json().get("session_id")).isNotEmpty();
        Http.Response plain = root.query("select 1");
        assertThat(plain.headers("Set-Cookie")).isEmpty();
        assertThat(plain.json().get("session_id")).isEqualTo("");
    }

    @Test
    void sessionHeaderModeCarriesTheClientSessionInAHeader() {
        Http.Response first = root.query("select number from numbers(4) order by number",
            "\"pagination\":{\"max_rows_per_page\":2}", "X-DATABEND-CLIENT-CAPS", "session_header");
        String header = first.header("X-DATABEND-SESSION");
        assertThat(header).isNotBlank();
        String decoded = new String(java.util.Base64.getUrlDecoder().decode(header),
            java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> session = Json.object(decoded);
        assertThat(Json.keys(session)).containsExactly("id", "last_refresh_time");
        assertThat(first.json().get("session_id")).isEqualTo(session.get("id"));
        assertThat(first.headers("Set-Cookie")).isEmpty();

        String page1 = "/v1/query/" + first.json().get("id") + "/page/1";
        Http.Response same = root.get(page1, "X-DATABEND-CLIENT-CAPS", "session_header", "X-DATABEND-SESSION", header);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("session_id")).isEqualTo(session.get("id"));
        assertThat(root.get(page1, "X-DATABEND-CLIENT-CAPS", "session_header").status()).isEqualTo(401);
    }

    @Test
    void pollsByAnotherUserAre401() {
        String id = (String) root.query("select 1").json().get("id");
        Http.Response response = as("config_user", "pw1").get("/v1/query/" + id + "/page/0");
        assertThat(response.status()).isEqualTo(401);
        assertThat((String) response.at("error.message"))
            .isEqualTo("Authentication error: query " + id + " expected user root, but got config_user");
        assertThat(as("config_user", "pw1").get("/v1/query/" + id + "/kill").status()).isEqualTo(401);
    }

    @Test
    void loginNeedsAClientSessionAndLogoutAnswersNullError() {
        Http.Response login = root.post("/v1/session/login?disable_session_token=true", "{}",
            "Cookie", "cookie_enabled=true");
        assertThat(login.status()).isEqualTo(200);
        Map<String, Object> body = login.json();
        assertThat(List.copyOf(body.keySet())).containsExactly("version", "session_id",
            "server_max_arrow_result_version");
        assertThat(body.get("version")).isEqualTo("1.2.934-nightly");
        assertThat((String) body.get("session_id")).isNotEmpty();

        Http.Response unknownDb = root.post("/v1/session/login", "{\"database\":\"no_such_db\"}",
            "Cookie", "cookie_enabled=true");
        assertThat(unknownDb.status()).isEqualTo(400);

        Http.Response panic = root.post("/v1/session/login", "{}");
        assertThat(panic.status()).isEqualTo(500);
        assertThat(panic.body()).isEqualTo("[HTTP-PANIC] Internal server error: request handler panicked");

        Http.Response logout = root.post("/v1/session/logout", "{}");
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.body()).isEqualTo("{\"error\":null}");
    }

    @Test
    void healthNeedsNoAuthentication() {
        Http.Response health = new Http(server.baseUrl()).get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
        assertThat(health.header("X-DATABEND-VERSION")).isEqualTo("1.2.934-nightly");
    }
}
