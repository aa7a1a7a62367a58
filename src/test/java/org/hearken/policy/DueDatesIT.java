package org.hearken.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DueDatesIT extends IntegrationTest {

    @Test
    void fridayEveningComplaintBeforeChristmasIsDueAfterTheHolidaysAndClosures() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        ensureActive(admin, "metart");
        Dept dept = department();
        clock.set(Instant.parse("2026-12-19T00:00:00Z"));

        JsonNode created = dept.as(dept.lead)
                .post(
                        "/api/cases",
                        Map.of(
                                "kind",
                                "COMPLAINT",
                                "channel",
                                "EMAIL",
                                "receivedAt",
                                "2026-12-18T18:30:00+11:00",
                                "subject",
                                "Missed collection",
                                "description",
                                "Bins not collected",
                                "customer",
                                Map.of("name", "Ada Citizen", "email", "ada@example.net"),
                                "department",
                                dept.code))
                .json();

        assertThat(created.get("acknowledgeBy").asString()).isEqualTo("2026-12-22T17:00:00+11:00");
        assertThat(created.get("respondBy").asString()).isEqualTo("2027-01-06T17:00:00+11:00");
        assertThat(created.get("receivedAt").asString()).isEqualTo("2026-12-18T18:30:00+11:00");
        assertThat(created.get("policyVersion").asInt()).isPositive();
        assertThat(created.get("stages").get("respond").get("state").asString()).isEqualTo("ON_TRACK");

        JsonNode asked = dept.as(dept.lead)
                .get("/api/due-dates?kind=COMPLAINT&channel=EMAIL&receivedAt=2026-12-18T18:30:00%2B11:00")
                .json();
        JsonNode respond = asked.get("stages").get("respond");
        assertThat(asked.get("stages").get("acknowledge").get("dueAt").asString())
                .isEqualTo("2026-12-22T17:00:00+11:00");
        assertThat(respond.get("dueAt").asString()).isEqualTo("2027-01-06T17:00:00+11:00");
        List<String> skipped = new ArrayList<>();
        respond.get("explanation")
                .get("skippedDays")
                .forEach(d -> skipped.add(
                        d.get("date").asString() + " " + d.get("reason").asString()));
        assertThat(skipped)
                .contains(
                        "2026-12-25 PUBLIC_HOLIDAY",
                        "2026-12-28 PUBLIC_HOLIDAY",
                        "2026-12-29 CLOSURE",
                        "2026-12-30 CLOSURE",
                        "2027-01-01 PUBLIC_HOLIDAY",
                        "2026-12-19 WEEKEND");
        assertThat(respond.get("explanation").get("receiptDay").asString()).isEqualTo("2026-12-21");
    }

    @Test
    void anInvalidPolicyIsRefusedWithItsLineAndTheActiveVersionStays() {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        int before = admin.get("/api/policy").json().get("version").asInt();

        ApiClient.Response response = admin.put("/api/policy", """
                name: Broken
                calendar:
                  zone: Australia/Sydney
                  workdays: [MONDAY, FUNDAY]
                  opens: "09:00"
                  closes: "17:00"
                targets:
                  - kinds: [COMPLAINT, QUESTION, SERVICE_REQUEST, SUGGESTION, COMPLIMENT]
                    acknowledge: 1
                    respond: 7
                """, "application/yaml");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("line").asInt()).isEqualTo(4);
        assertThat(error.get("message").asString()).contains("FUNDAY");
        assertThat(admin.get("/api/policy").json().get("version").asInt()).isEqualTo(before);
    }

    @Test
    void onlyAnAdministratorMayChangeThePolicy() throws Exception {
        Dept dept = department();
        String yaml = Files.readString(Path.of("policies/metart.yaml"));
        assertThat(dept.as(dept.lead)
                        .put("/api/policy", yaml, "application/yaml")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aNewPolicyVersionDoesNotRewriteExistingCases() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        ensureActive(admin, "metart");
        Dept dept = department();
        JsonNode before = dept.as(dept.lead)
                .post(
                        "/api/cases",
                        Map.of(
                                "kind",
                                "COMPLAINT",
                                "channel",
                                "EMAIL",
                                "subject",
                                "S",
                                "description",
                                "D",
                                "customer",
                                Map.of("name", "Ada", "email", "ada@example.net"),
                                "department",
                                dept.code))
                .json();
        try {
            ensureActive(admin, "safetrac");
            JsonNode after = dept.as(dept.lead)
                    .get("/api/cases/" + before.get("reference").asString())
                    .json();
            assertThat(after.get("policyVersion").asInt())
                    .isEqualTo(before.get("policyVersion").asInt());
            assertThat(after.get("respondBy").asString())
                    .isEqualTo(before.get("respondBy").asString());
        } finally {
            ensureActive(admin, "metart");
        }
    }

    static void ensureActive(ApiClient admin, String name) throws Exception {
        PolicyTestSupport.ensureActive(admin, name);
    }
}
