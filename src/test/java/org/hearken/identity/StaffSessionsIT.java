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

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private String cookie;

    private HttpResponse<String> browse(HttpRequest.Builder request) throws Exception {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("HEARKEN_SESSION=")).findFirst()
                .ifPresent(c -> {
                    assertThat(c).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
                    cookie = c.substring(0, c.indexOf(';'));
                });
        return response;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    @Test
    void deactivatingAMemberOfStaffEndsTheirSession() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(browse(HttpRequest.newBuilder(uri("/login"))).body());
        assertThat(token.find()).isTrue();
        String form = "username=" + agent + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + token.group(1);
        HttpResponse<String> login = browse(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(agent).query(Integer.class).single())
                .isEqualTo(1);
        assertThat(browse(HttpRequest.newBuilder(uri("/"))).headers().firstValue("Location").orElse("")).endsWith("/cases/mine");

        accounts.deactivate(agent);

        assertThat(browse(HttpRequest.newBuilder(uri("/"))).headers().firstValue("Location").orElse("")).endsWith("/login");
    }
}
