package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * API tokens expire (90 days unless another term of at most a year is chosen), carry a scope (read, or read and act),
 * are issued and revoked only by someone who signed in with their password, and end with their owner's account.
 */
class ApiTokensIT extends IntegrationTest {

    private JsonNode issue(String username, Map<String, Object> body) {
        ApiClient.Response issued = as(username).post("/api/tokens", body);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    private ApiClient bearer(JsonNode issued) {
        return ApiClient.bearer(port, issued.get("token").asString());
    }

    private CaseBuilder newCase(String department) {
        return aComplaint()
                .by(PHONE)
                .subject("Token " + unique())
                .description("Logged with a token")
                .inDepartment(department)
                .from("Ada")
                .phone("0400 000 000");
    }

    @Test
    void aTokenExpiresAfterNinetyDaysUnlessAnotherTermIsChosen() {
        String agent = department().staff(Role.AGENT);
        JsonNode issued = issue(agent, Map.of("name", "integration"));
        OffsetDateTime expires = OffsetDateTime.parse(issued.get("expiresAt").asString());
        assertThat(Duration.between(clock.instant(), expires.toInstant()))
                .isBetween(Duration.ofDays(90).minusMinutes(1), Duration.ofDays(90));
        assertThat(bearer(issued).get("/api/cases").status()).isEqualTo(200);

        clock.advance(Duration.ofDays(90).plusMinutes(1));

        ApiClient.Response expired = bearer(issued).get("/api/cases");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("detail").asString()).contains("expired");

        JsonNode week = issue(agent, Map.of("name", "short", "expiresInDays", 7));
        assertThat(Duration.between(
                        clock.instant(),
                        OffsetDateTime.parse(week.get("expiresAt").asString()).toInstant()))
                .isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7));
    }

    @Test
    void aTokenLastsAtMostOneYear() {
        String agent = department().staff(Role.AGENT);
        ApiClient.Response tooLong = as(agent).post("/api/tokens", Map.of("name", "forever", "expiresInDays", 366));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.header("Content-Type")).startsWith("application/problem+json");
        assertThat(as(agent)
                        .post("/api/tokens", Map.of("name", "none", "expiresInDays", 0))
                        .status())
                .isEqualTo(400);
        assertThat(as(agent)
                        .post("/api/tokens", Map.of("name", "bad scope", "scope", "everything"))
                        .status())
                .isEqualTo(400);
        assertThat(as(agent).get("/api/tokens").json()).isEmpty();

        JsonNode year = issue(agent, Map.of("name", "a year", "expiresInDays", 365));
        assertThat(Duration.between(
                        clock.instant(),
                        OffsetDateTime.parse(year.get("expiresAt").asString()).toInstant()))
                .isBetween(Duration.ofDays(365).minusMinutes(1), Duration.ofDays(365));
    }

    @Test
    void aReadTokenMayReadButNotAct() {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        JsonNode read = issue(agent, Map.of("name", "dashboard"));
        assertThat(read.get("scope").asString()).isEqualTo("read");
        assertThat(bearer(read).get("/api/cases").status()).isEqualTo(200);

        ApiClient.Response refused = newCase(dept.code).postedBy(bearer(read));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("read");
        assertThat(bearer(read)
                        .send("DELETE", "/api/tokens/" + read.get("id").asLong(), null, null)
                        .status())
                .isEqualTo(403);
        assertThat(jdbc.sql(
                                "select count(*) from cases where department_id = (select id from identity_department where code = ?)")
                        .param(dept.code)
                        .query(Integer.class)
                        .single())
                .isZero();

        JsonNode act = issue(agent, Map.of("name", "integration", "scope", "read-act"));
        assertThat(act.get("scope").asString()).isEqualTo("read-act");
        assertThat(newCase(dept.code).postedBy(bearer(act)).status()).isEqualTo(201);
    }

    @Test
    void aTokenCannotIssueOrRevokeTokens() {
        String agent = department().staff(Role.AGENT);
        JsonNode token = issue(agent, Map.of("name", "integration", "scope", "read-act"));

        ApiClient.Response minted = bearer(token).post("/api/tokens", Map.of("name", "another", "scope", "read-act"));
        assertThat(minted.status()).isEqualTo(403);
        assertThat(minted.json().get("detail").asString()).contains("password");
        ApiClient.Response revoked =
                bearer(token).delete("/api/tokens/" + token.get("id").asLong());
        assertThat(revoked.status()).isEqualTo(403);

        assertThat(as(agent).get("/api/tokens").json()).hasSize(1);
        assertThat(bearer(token).get("/api/cases").status()).isEqualTo(200);
    }

    @Test
    void deactivatingTheOwnerEndsTheirTokensAtOnce() {
        String agent = department().staff(Role.AGENT);
        JsonNode token = issue(agent, Map.of("name", "integration", "scope", "read-act"));
        // Used once, so it sits in the cache of verified tokens.
        assertThat(bearer(token).get("/api/cases").status()).isEqualTo(200);

        accounts.deactivate(agent);

        assertThat(bearer(token).get("/api/cases").status()).isEqualTo(401);
        accounts.reactivate(agent);
        assertThat(bearer(token).get("/api/cases").status())
                .as("reactivation does not bring tokens back")
                .isEqualTo(401);
        List<JsonNode> listed =
                as(agent).get("/api/tokens").json().valueStream().toList();
        assertThat(listed)
                .singleElement()
                .satisfies(t -> assertThat(t.get("revokedAt")).isNotNull());
    }

    @Test
    void aReadTokenDownloadsAStreamedExport() {
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        JsonNode read = issue(executive, Map.of("name", "archive"));

        ApiClient.Response export = bearer(read).get("/api/register/export.csv");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body()).startsWith("event_id,");
    }

    @Test
    void everyStoredTokenHasAnExpiryAndAScope() {
        assertThat(jdbc.sql("""
                        select count(*) from information_schema.columns
                        where table_name = 'identity_api_token' and column_name in ('expires_at', 'scope') and is_nullable = 'NO'""").query(Integer.class).single()).isEqualTo(2);
    }
}
