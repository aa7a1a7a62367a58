package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A web page elsewhere cannot drive the API through a browser: browsers are never invited to keep Basic credentials,
 * and a state-changing call a browser marks as coming from another site is refused. Scripts and integrations, which
 * send neither mark, work as before.
 */
class CrossSiteApiIT extends IntegrationTest {

    @Autowired
    StaffDirectory directory;

    @Test
    void anUnauthenticatedCallGetsNoBasicChallenge() {
        ApiClient.Response refused = anonymous().get("/api/cases");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().allValues("WWW-Authenticate"))
                .noneMatch(h -> h.toLowerCase().contains("basic"));
        assertThat(refused.json().get("detail").asString()).contains("HTTP Basic", "Bearer");
    }

    @Test
    void aCrossSiteStateChangingCallIsRefusedEvenWithValidCredentials() {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        String admin = staffWithoutDepartment(Role.ADMIN);
        String path = "/api/staff/" + agent + "/deactivate";

        // A form on another site posting to the API, the browser adding the Basic credentials it remembers.
        for (String[] marks : new String[][] {
            {"Sec-Fetch-Site", "cross-site"},
            {"Sec-Fetch-Site", "same-site"},
            {"Origin", "https://attacker.example"},
            {"Origin", "null"}
        }) {
            ApiClient.Response refused =
                    as(admin).send("POST", path, "x=1", "application/x-www-form-urlencoded", marks);
            assertThat(refused.status()).as(String.join(": ", marks)).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString()).contains("another site");
        }
        assertThat(directory.staffByUsername(agent).orElseThrow().active()).isTrue();
        ApiClient.Response json = as(dept.lead)
                .post(
                        "/api/cases",
                        Map.of(
                                "kind",
                                "COMPLAINT",
                                "channel",
                                "PHONE",
                                "subject",
                                "x",
                                "description",
                                "x",
                                "department",
                                dept.code,
                                "customer",
                                Map.of("name", "Ada")),
                        "Origin",
                        "https://attacker.example");
        assertThat(json.status()).isEqualTo(403);

        // Reading is not a change: a cross-site GET is answered (the browser keeps the answer from the other site).
        assertThat(as(admin)
                        .send("GET", "/api/cases", null, null, "Sec-Fetch-Site", "cross-site")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void sameOriginCallsAndClientsThatAreNotBrowsersStillWork() {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String first = dept.staff(Role.AGENT);
        String second = dept.staff(Role.AGENT);

        ApiClient.Response sameOrigin = as(admin)
                .send(
                        "POST",
                        "/api/staff/" + first + "/deactivate",
                        null,
                        null,
                        "Origin",
                        "http://localhost:" + port,
                        "Sec-Fetch-Site",
                        "same-origin");
        assertThat(sameOrigin.status()).isEqualTo(200);
        ApiClient.Response script = as(admin).send("POST", "/api/staff/" + second + "/deactivate", null, null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(directory.staffByUsername(second).orElseThrow().active()).isFalse();
    }
}
