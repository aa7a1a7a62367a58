package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.API;
import static org.hearken.support.CaseBuilder.EMAIL;
import static org.hearken.support.CaseBuilder.POSTAL;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CaseApiIT extends IntegrationTest {

    static CaseBuilder complaint(String department) {
        CaseBuilder complaint = aComplaint()
                .by(API)
                .receivedAt("2026-11-20T10:15:00+11:00")
                .subject("Bin not collected")
                .description("The green bin on Elm Street was missed two weeks running.")
                .from("Ada Citizen")
                .email("ada@example.net")
                .phone("+61 2 5550 1234");
        return department == null ? complaint : complaint.inDepartment(department);
    }

    @Test
    void createdCaseCanBeReadBackWithItsRegisterEvent() {
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));

        ApiClient.Response created = complaint(dept.code).postedBy(agent);

        assertThat(created.status()).isEqualTo(201);
        JsonNode c = created.json();
        String reference = c.get("reference").asString();
        assertThat(reference).matches("HK-\\d{4}-\\d{6,}");
        assertThat(created.header("Location")).isEqualTo("/api/cases/" + reference);
        assertThat(c.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(c.get("owner").get("id").asString()).isEqualTo(dept.lead);
        assertThat(c.get("department").get("id").asString()).isEqualTo(dept.code);
        assertThat(c.get("customer").get("preferredReply").asString()).isEqualTo("EMAIL");

        ApiClient.Response read = agent.get("/api/cases/" + reference);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("subject").asString()).isEqualTo("Bin not collected");
        assertThat(read.json().get("receivedAt").asString())
                .isNotEqualTo(read.json().get("loggedAt").asString());

        JsonNode events = agent.get("/api/cases/" + reference + "/events").json();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("type").asString()).isEqualTo("CaseOpened");
        assertThat(events.get(0).get("actor").asString()).isNotBlank();
        assertThat(events.get(0).get("payload").get("subject").asString()).isEqualTo("Bin not collected");
    }

    @Test
    void sameIdempotencyKeyReturnsTheSameCase() {
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        String key = "retry-" + unique();

        ApiClient.Response first = complaint(dept.code).postedBy(agent, "Idempotency-Key", key);
        ApiClient.Response second = complaint(dept.code).postedBy(agent, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json().get("reference").asString())
                .isEqualTo(first.json().get("reference").asString());
        assertThat(countCasesIn(dept.code)).isEqualTo(1);
    }

    @Test
    void racingRetriesWithOneKeyCreateOneCase() throws Exception {
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        String key = "race-" + unique();
        List<Callable<ApiClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> complaint(dept.code).postedBy(agent, "Idempotency-Key", key));
        }
        Set<String> references = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<ApiClient.Response> f : pool.invokeAll(calls)) {
                assertThat(f.get().status()).isIn(200, 201);
                references.add(f.get().json().get("reference").asString());
            }
        }
        assertThat(references).hasSize(1);
        assertThat(countCasesIn(dept.code)).isEqualTo(1);
    }

    @Test
    void reusingAKeyForADifferentRequestIsAConflict() {
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        String key = "k-" + unique();
        complaint(dept.code).postedBy(agent, "Idempotency-Key", key);
        CaseBuilder other = complaint(dept.code);
        other.subject("Something else");

        ApiClient.Response response = other.postedBy(agent, "Idempotency-Key", key);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(countCasesIn(dept.code)).isEqualTo(1);
    }

    @Test
    void invalidJsonIsAProblem400() {
        Dept dept = department();
        ApiClient.Response response = dept.as(dept.lead).post("/api/cases", "{\"kind\": \"COMPLAINT\",");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("title").asString()).isEqualTo("Malformed request body");
    }

    @Test
    void missingAndInvalidFieldsAreEachListedAndNothingIsStored() {
        Dept dept = department();
        long before = countCasesIn(dept.code);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "API");
        body.put("department", dept.code);
        body.put("customer", Map.of("email", "not-an-email"));

        ApiClient.Response response = dept.as(dept.lead).post("/api/cases", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("kind", "subject", "description", "customer.name", "customer.email");
        assertThat(countCasesIn(dept.code)).isEqualTo(before);
    }

    @Test
    void unknownEnumValueNamesTheFieldAndTheAllowedValues() {
        Dept dept = department();
        CaseBuilder body = complaint(dept.code);
        body.with("kind", "GRUMBLE");

        ApiClient.Response response = body.postedBy(dept.as(dept.lead));

        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("kind");
        assertThat(error.get("message").asString()).contains("GRUMBLE").contains("COMPLAINT");
    }

    @Test
    void unknownDepartmentAndOwnerAreRefused() {
        Dept dept = department();
        CaseBuilder body = complaint("NOPE");
        body.ownedBy("nobody-" + unique().toLowerCase());

        ApiClient.Response response = body.postedBy(dept.as(dept.lead));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("department");
    }

    @Test
    void anonymousCallsAreRefusedWith401() {
        assertThat(anonymous().get("/api/cases").status()).isEqualTo(401);
        assertThat(complaint(null).postedBy(anonymous()).status()).isEqualTo(401);
        assertThat(anonymous().get("/api/register/verify").status()).isEqualTo(401);
        assertThat(ApiClient.basic(port, "nobody", "wrong").get("/api/cases").status())
                .isEqualTo(401);
        assertThat(ApiClient.bearer(port, "hk_not-a-real-token")
                        .get("/api/cases")
                        .status())
                .isEqualTo(401);
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void unknownReferenceIs404() {
        Dept dept = department();
        ApiClient.Response response = dept.as(dept.lead).get("/api/cases/HK-1999-999999");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void anAddressTheFirewallRefusesIsAProblem400() {
        Dept dept = department();
        for (String path : List.of("/api/cases//events", "/api/cases/x;y", "/api/cases/HK%2F2026/events")) {
            ApiClient.Response response = dept.as(dept.lead).get(path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(400);
        }
    }

    @Test
    void anAgentOfAnotherDepartmentCannotSeeTheCase() {
        Dept dept = department();
        Dept other = department();
        String reference = complaint(dept.code)
                .postedBy(dept.as(dept.lead))
                .json()
                .get("reference")
                .asString();
        ApiClient outsider = other.as(other.staff(Role.AGENT));

        assertThat(outsider.get("/api/cases/" + reference).status()).isEqualTo(404);
        assertThat(outsider.get("/api/cases/" + reference + "/events").status()).isEqualTo(404);
        assertThat(outsider.get("/api/cases?department=" + dept.code).json().get("items"))
                .isEmpty();
    }

    @Test
    void listingPagesThroughEveryCaseOnceNewestFirst() {
        Dept dept = department();
        ApiClient agent = dept.as(dept.lead);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.addFirst(
                    complaint(dept.code).postedBy(agent).json().get("reference").asString());
        }
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = agent.get(
                            "/api/cases?department=" + dept.code + "&limit=2" + (next == null ? "" : "&after=" + next))
                    .json();
            page.get("items").forEach(c -> seen.add(c.get("reference").asString()));
            next = page.hasNonNull("next") ? page.get("next").asString() : null;
            pages++;
        } while (next != null);
        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void listingFiltersByKindChannelAndReceivedRange() {
        Dept dept = department();
        ApiClient agent = dept.as(dept.lead);
        complaint(dept.code).postedBy(agent);
        CaseBuilder question = complaint(dept.code);
        question.with("kind", "QUESTION");
        question.by(EMAIL);
        question.receivedAt("2026-11-01T09:00:00Z");
        question.postedBy(agent);

        assertThat(agent.get("/api/cases?department=" + dept.code + "&kind=QUESTION")
                        .json()
                        .get("items"))
                .hasSize(1);
        assertThat(agent.get("/api/cases?department=" + dept.code + "&channel=API")
                        .json()
                        .get("items"))
                .hasSize(1);
        assertThat(agent.get("/api/cases?department=" + dept.code + "&receivedFrom=2026-11-10T00:00:00Z")
                        .json()
                        .get("items"))
                .hasSize(1);
        assertThat(agent.get("/api/cases?kind=GRUMBLE").status()).isEqualTo(400);
    }

    @Test
    void apiTokensAuthenticateUntilRevoked() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        JsonNode issued = lead.post("/api/tokens", Map.of("name", "CRM integration", "scope", "read-act"))
                .json();
        String token = issued.get("token").asString();
        ApiClient integration = ApiClient.bearer(port, token);

        assertThat(complaint(dept.code).postedBy(integration).status()).isEqualTo(201);
        assertThat(lead.delete("/api/tokens/" + issued.get("id").asLong()).status())
                .isEqualTo(204);
        // Revocation clears the verified-token cache at once on this instance.
        assertThat(integration.get("/api/cases").status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from identity_api_token where token_hash = sha256(convert_to(?, 'UTF8'))")
                        .param(token)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aPostalCaseSuggestsTheBestWayToReplyFromTheDetailsGiven() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        CaseBuilder letterOnly = complaint(dept.code);
        letterOnly.by(POSTAL);
        letterOnly.customer(Map.of("name", "Harold Jensen", "postalAddress", "7 Quarry Lane, Willoughby NSW 2068"));
        CaseBuilder withPhone = complaint(dept.code);
        withPhone.by(POSTAL);
        withPhone.customer(Map.of("name", "Mary O'Brien", "phone", "02 5550 1111", "postalAddress", "PO Box 412"));

        assertThat(letterOnly.postedBy(lead).json().get("suggestedReplyVia").asString())
                .isEqualTo("LETTER");
        assertThat(withPhone.postedBy(lead).json().get("suggestedReplyVia").asString())
                .isEqualTo("PHONE_CALL");
        assertThat(complaint(dept.code)
                        .postedBy(lead)
                        .json()
                        .get("suggestedReplyVia")
                        .asString())
                .isEqualTo("EMAIL");
    }

    private long countCasesIn(String department) {
        return jdbc.sql(
                        "select count(*) from cases c join identity_department d on d.id = c.department_id where d.code = ?")
                .param(department)
                .query(Long.class)
                .single();
    }
}
