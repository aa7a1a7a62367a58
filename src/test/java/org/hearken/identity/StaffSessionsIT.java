package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Web sessions live in PostgreSQL with a Secure, HttpOnly cookie, and end at once when a member of staff is deactivated. */
class StaffSessionsIT extends IntegrationTest {

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final java.util.Map<String, String> cookies = new java.util.LinkedHashMap<>();

    private HttpResponse<String> browse(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    String.join(
                            "; ",
                            cookies.entrySet().stream()
                                    .map(c -> c.getKey() + "=" + c.getValue())
                                    .toList()));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String c : response.headers().allValues("Set-Cookie")) {
            assertThat(c).contains("Secure").contains("HttpOnly");
            if (c.startsWith("HEARKEN_SESSION=")) {
                assertThat(c).contains("SameSite=Lax");
            }
            String pair = c.substring(0, c.indexOf(';'));
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return response;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    @Test
    void deactivatingAMemberOfStaffEndsTheirSession() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(browse(HttpRequest.newBuilder(uri("/login"))).body());
        assertThat(token.find()).isTrue();
        String form = "username=" + agent + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + token.group(1);
        HttpResponse<String> login = browse(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?")
                        .param(agent)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(browse(HttpRequest.newBuilder(uri("/")))
                        .headers()
                        .firstValue("Location")
                        .orElse(""))
                .endsWith("/cases/mine");

        accounts.deactivate(agent);

        assertThat(browse(HttpRequest.newBuilder(uri("/")))
                        .headers()
                        .firstValue("Location")
                        .orElse(""))
                .endsWith("/login");
    }

    @Test
    void anonymousVisitsStoreNoSessionUntilSomeoneSignsIn() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        java.util.Set<String> before = sessionIds();

        // A page that needs signing in sends there, and remembers where to come back to without a session.
        HttpResponse<String> asked = browse(HttpRequest.newBuilder(uri("/cases/queue?kind=COMPLAINT")));
        assertThat(asked.headers().firstValue("Location").orElse("")).endsWith("/login");
        HttpResponse<String> page = browse(HttpRequest.newBuilder(uri("/login")));
        browse(HttpRequest.newBuilder(uri("/login")));
        HttpResponse<String> wrong = signIn(agent, "not the password", page.body());

        assertThat(wrong.headers().firstValue("Location").orElse("")).contains("/login?error");
        assertThat(cookies).doesNotContainKey("HEARKEN_SESSION");
        assertThat(newSince(before))
                .as("session rows written by anonymous visits")
                .isEmpty();

        // CSRF still applies: without the page's token the sign-in is refused; with it, it works and the session
        // starts.
        HttpResponse<String> forged = browse(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "username=" + agent + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> signedIn = signIn(
                agent, PASSWORD, browse(HttpRequest.newBuilder(uri("/login"))).body());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/cases/queue?kind=COMPLAINT");
        assertThat(newSince(before)).hasSize(1);
        assertThat(browse(HttpRequest.newBuilder(uri("/")))
                        .headers()
                        .firstValue("Location")
                        .orElse(""))
                .endsWith("/cases/mine");
    }

    private HttpResponse<String> signIn(String username, String password, String loginPage) throws Exception {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(token.find()).isTrue();
        String form = "username=" + username + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        return browse(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private java.util.Set<String> newSince(java.util.Set<String> before) {
        java.util.Set<String> now = sessionIds();
        now.removeAll(before);
        return now;
    }
}
