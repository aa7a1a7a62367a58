package org.hearken.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A policy that routes one department's complaints to a rule pack, put in force with {@code PUT /api/policy}; the
 * due-date contract ({@code POST /api/due-dates}) answers per stage, anchor and clause; a case logged under it is
 * pinned to the version and gets the pack's receipt-anchored dates.
 */
class PackPoliciesIT extends IntegrationTest {

    private static String council(String housingCode) {
        return """
                name: Example council
                calendar:
                  zone: Europe/London
                  workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]
                  opens: "09:00"
                  closes: "17:00"
                  holidays: { country: GB, region: eng }
                products: [repairs, rent]
                packs:
                  - { departments: [%s], pack: ho-code-2024 }
                targets:
                  - { kinds: [COMPLAINT, QUESTION, SERVICE_REQUEST, SUGGESTION, COMPLIMENT], acknowledge: 1, respond: 10 }
                """.formatted(housingCode);
    }

    @Test
    void theDueDateContractAnswersEveryStageWhoseAnchorIsKnownUnderThePolicyForTheDepartment() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        Dept housing = department();
        Dept parking = department();
        try {
            ApiClient.Response put = admin.put("/api/policy", council(housing.code), "application/yaml");
            assertThat(put.status()).as(put.body()).isIn(200, 201);
            ApiClient staff = housing.as(housing.lead);

            JsonNode answer = staff.post(
                            "/api/due-dates",
                            Map.of(
                                    "kind", "COMPLAINT",
                                    "channel", "EMAIL",
                                    "receivedAt", "2026-06-08T18:30:00+01:00",
                                    "department", housing.code,
                                    "product", "repairs",
                                    "events", Map.of("acknowledgedAt", "2026-06-11T15:00:00+01:00")))
                    .json();
            assertThat(answer.get("pack").asString()).isEqualTo("ho-code-2024");
            assertThat(answer.get("policyVersion").asInt()).isPositive();
            JsonNode stages = answer.get("stages");
            assertThat(stages.propertyNames()).containsExactly("stage1-acknowledge", "stage1-respond");
            JsonNode ack = stages.get("stage1-acknowledge");
            assertThat(ack.get("dueAt").asString()).isEqualTo("2026-06-15T17:00:00+01:00");
            assertThat(ack.get("anchor").asString()).isEqualTo("receipt");
            assertThat(ack.get("unit").asString()).isEqualTo("business-days");
            assertThat(ack.get("target").asInt()).isEqualTo(5);
            assertThat(ack.get("explanation").asString())
                    .contains("5 business days following Monday 8 June 2026")
                    .contains("HO Code 6.2");
            assertThat(ack.get("why").get("day0Reason").asString())
                    .isEqualTo("the day of receipt is day 0, whatever the hour");
            JsonNode respond = stages.get("stage1-respond");
            assertThat(respond.get("dueAt").asString()).isEqualTo("2026-06-25T17:00:00+01:00");
            assertThat(respond.get("anchor").asString()).isEqualTo("acknowledgement");

            JsonNode other = staff.post(
                            "/api/due-dates",
                            Map.of(
                                    "kind", "COMPLAINT",
                                    "channel", "EMAIL",
                                    "receivedAt", "2026-06-08T18:30:00+01:00",
                                    "department", parking.code))
                    .json();
            assertThat(other.has("pack")).as("no pack governs it").isFalse();
            assertThat(other.get("stages").get("acknowledge").get("dueAt").asString())
                    .as("the policy's own targets: after closing time counts from the next business day")
                    .isEqualTo("2026-06-10T17:00:00+01:00");

            for (var bad : Map.of(
                            "kind is required",
                            Map.of("channel", "EMAIL", "receivedAt", "2026-06-08T10:00:00Z"),
                            "events.repliedAt is not an event",
                            Map.of(
                                    "kind",
                                    "COMPLAINT",
                                    "channel",
                                    "EMAIL",
                                    "receivedAt",
                                    "2026-06-08T10:00:00Z",
                                    "events",
                                    Map.of("repliedAt", "2026-06-09T10:00:00Z")),
                            "product must be one of the policy's products: repairs, rent",
                            Map.of(
                                    "kind",
                                    "COMPLAINT",
                                    "channel",
                                    "EMAIL",
                                    "receivedAt",
                                    "2026-06-08T10:00:00Z",
                                    "product",
                                    "parking"),
                            "there is no department 'Nowhere'",
                            Map.of(
                                    "kind",
                                    "COMPLAINT",
                                    "channel",
                                    "EMAIL",
                                    "receivedAt",
                                    "2026-06-08T10:00:00Z",
                                    "department",
                                    "Nowhere"),
                            "receivedAt must be an ISO-8601 date and time",
                            Map.of("kind", "COMPLAINT", "channel", "EMAIL", "receivedAt", "Monday"))
                    .entrySet()) {
                ApiClient.Response r = staff.post("/api/due-dates", bad.getValue());
                assertThat(r.status()).as(r.body()).isEqualTo(400);
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                assertThat(r.json().get("detail").asString()).contains(bad.getKey());
            }

            clock.set(Instant.parse("2026-06-08T17:30:00Z"));
            JsonNode created = staff.post(
                            "/api/cases",
                            Map.of(
                                    "kind", "COMPLAINT",
                                    "channel", "EMAIL",
                                    "receivedAt", "2026-06-08T18:30:00+01:00",
                                    "subject", "Damp in the bathroom",
                                    "description", "Reported three times",
                                    "customer", Map.of("name", "Ada Citizen", "email", "ada@example.net"),
                                    "department", housing.code))
                    .json();
            assertThat(created.get("acknowledgeBy").asString())
                    .as("5 working days following the day of receipt, whatever the hour")
                    .isEqualTo("2026-06-15T17:00:00+01:00");
            assertThat(created.get("policyVersion").asInt())
                    .isEqualTo(answer.get("policyVersion").asInt());
        } finally {
            PolicyTestSupport.ensureActive(admin, "metart");
        }
    }

    @Test
    void aPolicyThatOverridesWhatThePackFixesIsRefusedWithItsLine() {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        int before = admin.get("/api/policy").json().get("version").asInt();
        ApiClient.Response r = admin.put(
                "/api/policy",
                council("Housing")
                        .replace(
                                "pack: ho-code-2024 }",
                                "pack: ho-code-2024, overrides: { stage2-respond: 25 business-days } }"),
                "application/yaml");
        assertThat(r.status()).isEqualTo(400);
        JsonNode error = r.json().get("errors").get(0);
        assertThat(error.get("line").asInt()).isEqualTo(10);
        assertThat(error.get("message").asString())
                .isEqualTo("stage2-respond may be at most 20 business days (HO Code 6.14), not 25 business days");
        assertThat(admin.get("/api/policy").json().get("version").asInt()).isEqualTo(before);
    }
}
