package org.hearken.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.API;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The policy what-if through the API and the page, on cases whose dates the test controls. */
class WhatIfIT extends IntegrationTest {

    private static Instant at(String local) {
        return OffsetDateTime.parse(local).toInstant();
    }

    private static String metart() throws Exception {
        return Files.readString(Path.of("src/main/resources/policies/metart.yaml"));
    }

    private String complaint(ApiClient by, String department) {
        return aComplaint()
                .by(API)
                .subject("Footpath cracked")
                .description("Trip hazard outside number 12.")
                .from("Wanda Whatif")
                .phone("02 5550 4321")
                .inDepartment(department)
                .openedBy(by);
    }

    private void respond(ApiClient by, String ref) {
        ApiClient.Response r = by.post(
                "/api/cases/" + ref + "/respond",
                Map.of("channel", "PHONE_CALL", "resolution", "Repaired.", "outcome", "RESOLVED"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static Map<String, Object> request(String department, Object version, String yaml) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("receivedFrom", "2026-11-02");
        body.put("receivedTo", "2026-11-02");
        body.put("department", department);
        if (version != null) {
            body.put("policyVersionId", version);
        }
        if (yaml != null) {
            body.put("policyYaml", yaml);
        }
        return body;
    }

    private static JsonNode stage(JsonNode result, String key) {
        for (JsonNode s : result.get("stages")) {
            if (s.get("stage").asString().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no stage " + key);
    }

    @Test
    void fiveInsteadOfSevenWorkingDaysFlipsTheCasesAnsweredOnDaysSixAndSevenAndTheOneStillOpen() throws Exception {
        Dept dept = department();
        ApiClient manager = dept.as(dept.lead);
        // Received on Monday 2 November 2026 in Sydney: under Metart the response is due by Wednesday 11 November.
        clock.set(at("2026-11-02T10:00+11:00"));
        String early = complaint(manager, dept.code);
        String daySix = complaint(manager, dept.code);
        String open = complaint(manager, dept.code);
        clock.set(at("2026-11-06T15:00+11:00"));
        respond(manager, early);
        clock.set(at("2026-11-10T11:00+11:00"));
        respond(manager, daySix);
        clock.set(at("2026-11-10T12:00+11:00"));

        String fiveDays = metart().replace("respond: 7", "respond: 5")
                .replace("name: Metart customer feedback policy", "name: Metart with five days to respond");
        ApiClient.Response r = manager.post("/api/whatif", request(dept.code, null, fiveDays));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode result = r.json();
        assertThat(result.get("cases").asInt()).isEqualTo(3);
        assertThat(result.get("alternative").get("name").asString()).isEqualTo("Metart with five days to respond");
        assertThat(result.get("alternative").get("uploaded").asBoolean()).isTrue();
        assertThat(result.get("zone").asString()).isEqualTo("Australia/Sydney");
        List<String> flipped = new ArrayList<>();
        result.get("flips")
                .forEach(f -> flipped.add(f.get("reference").asString() + " "
                        + f.get("stage").asString() + " " + f.get("actual").asString() + "->"
                        + f.get("alternative").asString()));
        assertThat(flipped)
                .containsExactlyInAnyOrder(daySix + " respond MET->MISSED", open + " respond PENDING->MISSED");
        JsonNode flip = result.get("flips").get(0);
        assertThat(flip.get("actualDue").asString()).isEqualTo("2026-11-11T06:00:00Z");
        assertThat(flip.get("alternativeDue").asString()).isEqualTo("2026-11-09T06:00:00Z");
        assertThat(flip.get("explanation").asString())
                .contains("due 5:00 pm on Wednesday 11 November 2026")
                .contains("due 5:00 pm on Monday 9 November 2026");
        JsonNode respond = stage(result, "respond");
        assertThat(respond.get("actual").toString()).isEqualTo("{\"met\":2,\"missed\":0,\"pending\":1,\"noTarget\":0}");
        assertThat(respond.get("alternative").toString())
                .isEqualTo("{\"met\":1,\"missed\":2,\"pending\":0,\"noTarget\":0}");
        assertThat(stage(result, "acknowledge").get("flips").asInt()).isZero();

        // Nothing was stored or put in force.
        assertThat(manager.get("/api/policy").json().get("name").asString())
                .isEqualTo("Metart customer feedback policy");

        // The stored version in force against itself: nothing flips.
        long activeId = manager.get("/api/policy").json().get("id").asLong();
        JsonNode same =
                manager.post("/api/whatif", request(dept.code, activeId, null)).json();
        assertThat(same.get("flipCount").asInt()).isZero();
        assertThat(same.get("alternative").get("version").asInt())
                .isEqualTo(manager.get("/api/policy").json().get("version").asInt());

        // Only managers and executives, and only over the cases they may see.
        assertThat(dept.as(dept.staff(Role.AGENT))
                        .post("/api/whatif", request(dept.code, activeId, null))
                        .status())
                .isEqualTo(403);
        Dept other = department();
        JsonNode theirs = other.as(other.lead)
                .post("/api/whatif", request(dept.code, activeId, null))
                .json();
        assertThat(theirs.get("cases").asInt()).isZero();
        JsonNode executive = as(staffWithoutDepartment(Role.EXECUTIVE))
                .post("/api/whatif", request(dept.code, null, fiveDays))
                .json();
        assertThat(executive.get("flipCount").asInt()).isEqualTo(2);
    }

    @Test
    void badRequestsAreExplainedAndChangeNothing() throws Exception {
        Dept dept = department();
        ApiClient manager = dept.as(dept.lead);
        ApiClient.Response both = manager.post("/api/whatif", request(dept.code, 1, metart()));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").get(0).get("field").asString()).isEqualTo("policyVersionId");
        ApiClient.Response invalid =
                manager.post("/api/whatif", request(dept.code, null, metart().replace("respond: 7", "respond: seven")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("title").asString()).isEqualTo("Invalid policy document");
        assertThat(invalid.json().get("errors").get(0).get("line").asInt()).isPositive();
        Map<String, Object> backwards = request(dept.code, null, metart());
        backwards.put("receivedFrom", "2026-11-05");
        ApiClient.Response reversed = manager.post("/api/whatif", backwards);
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().get("errors").get(0).get("field").asString()).isEqualTo("receivedTo");
        assertThat(manager.post("/api/whatif", request("NOPE" + unique(), null, metart()))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void thePageShowsTheTableAndTheFlippedCases() throws Exception {
        Dept dept = department();
        ApiClient manager = dept.as(dept.lead);
        clock.set(at("2026-11-02T10:00+11:00"));
        String daySix = complaint(manager, dept.code);
        clock.set(at("2026-11-10T11:00+11:00"));
        respond(manager, daySix);

        FormSession browser = new FormSession(port);
        assertThat(browser.signIn(dept.lead, PASSWORD)).isTrue();
        FormSession.Page form = browser.get("/reports/whatif");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<legend>Compare with</legend>").contains("<label for=\"policyYaml\"");

        FormSession.Page missing = whatIfOnNovember2(browser, dept, "");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("id=\"policyYaml-error\"").contains("Paste the policy document");

        FormSession.Page broken = whatIfOnNovember2(browser, dept, metart().replace("respond: 7", "respond: seven"));
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.body()).contains("The policy document cannot be used").containsPattern("Line \\d+: ");

        FormSession.Page result = whatIfOnNovember2(browser, dept, metart().replace("respond: 7", "respond: 5"));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body())
                .contains("Cases whose result would change")
                .contains(daySix)
                .contains("Wed 11 Nov 2026, 17:00")
                .contains("Mon 9 Nov 2026, 17:00")
                .contains("(the pasted document).")
                .doesNotContain("counts business days in");

        // The other shipped example is one click away; its Brisbane calendar is pointed out.
        FormSession.Page example = browser.get("/reports/whatif?example=safetrac");
        assertThat(example.body())
                .contains("name: SAFETRAC client care and complaint handling")
                .contains("value=\"yaml\" checked");
        String safetrac = Files.readString(Path.of("src/main/resources/policies/safetrac.yaml"));
        FormSession.Page underSafetrac = whatIfOnNovember2(browser, dept, safetrac);
        assertThat(underSafetrac.status()).isEqualTo(200);
        assertThat(underSafetrac.body()).contains("The alternative counts business days in Australia/Brisbane time");

        FormSession agent = new FormSession(port);
        assertThat(agent.signIn(dept.staff(Role.AGENT), PASSWORD)).isTrue();
        assertThat(agent.get("/reports/whatif").status()).isEqualTo(403);
    }

    /** The what-if page's form for the cases {@code dept} received on 2 November 2026, under the pasted policy. */
    private static FormSession.Page whatIfOnNovember2(FormSession browser, Dept dept, String policyYaml) {
        return browser.post(
                "/reports/whatif",
                Map.of(
                        "receivedFrom", "2026-11-02",
                        "receivedTo", "2026-11-02",
                        "department", dept.code,
                        "source", "yaml",
                        "policyYaml", policyYaml));
    }
}
