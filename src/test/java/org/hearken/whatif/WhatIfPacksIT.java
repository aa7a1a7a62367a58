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
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The policy what-if against an uploaded document that routes complaints to the Housing Ombudsman code
 * ({@code pack: ho-code-2024}), on Metart's Sydney calendar, through the API and the page.
 */
class WhatIfPacksIT extends IntegrationTest {

    private static Instant at(String local) {
        return OffsetDateTime.parse(local).toInstant();
    }

    /** Metart's document with its complaints routed to the code: the same calendar, the code's stages. */
    private static String metartUnderTheCode() throws Exception {
        String metart = Files.readString(Path.of("src/main/resources/policies/metart.yaml"));
        String underTheCode = metart.replace(
                "name: Metart customer feedback policy",
                "name: Metart under the Housing Ombudsman code\npack: ho-code-2024");
        assertThat(underTheCode).isNotEqualTo(metart);
        return underTheCode;
    }

    private String complaint(ApiClient by, String department) {
        return aComplaint()
                .by(API)
                .subject("Damp in the bedroom")
                .description("Mould on the wall behind the wardrobe.")
                .from("Petra Pack")
                .phone("02 5550 8765")
                .inDepartment(department)
                .openedBy(by);
    }

    private void act(ApiClient by, String ref, String action, Map<String, Object> body) {
        ApiClient.Response r = by.post("/api/cases/" + ref + "/" + action, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static JsonNode stage(JsonNode result, String key) {
        for (JsonNode s : result.get("stages")) {
            if (s.get("stage").asString().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no stage " + key);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    @Test
    void underTheHousingOmbudsmanCodeTheResponseCountsFromTheAcknowledgement() throws Exception {
        Dept dept = department();
        ApiClient manager = dept.as(dept.lead);
        // Received on Monday 2 November 2026 in Sydney. Metart: acknowledge by Tuesday 3, respond by Wednesday 11
        // November. The code: acknowledge within 5 working days (Monday 9), respond within 10 working days of the
        // acknowledgement.
        clock.set(at("2026-11-02T10:00+11:00"));
        String lateAck = complaint(manager, dept.code);
        String promptAck = complaint(manager, dept.code);
        String neverAck = complaint(manager, dept.code);
        clock.set(at("2026-11-02T11:00+11:00"));
        act(manager, promptAck, "acknowledge", Map.of("via", "PHONE_CALL"));
        clock.set(at("2026-11-04T10:00+11:00"));
        act(manager, lateAck, "acknowledge", Map.of("via", "PHONE_CALL"));
        // Both answered at the same moment, after Metart's seven days: under the code the one acknowledged on
        // Wednesday 4 has until Wednesday 18 November and meets it, the one acknowledged on Monday 2 had until
        // Monday 16 and misses it.
        clock.set(at("2026-11-17T10:00+11:00"));
        Map<String, Object> response =
                Map.of("channel", "PHONE_CALL", "resolution", "Treated and repainted.", "outcome", "RESOLVED");
        act(manager, lateAck, "respond", response);
        act(manager, promptAck, "respond", response);
        clock.set(at("2026-11-18T12:00+11:00"));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("receivedFrom", "2026-11-02");
        body.put("receivedTo", "2026-11-02");
        body.put("department", dept.code);
        body.put("policyYaml", metartUnderTheCode());
        ApiClient.Response r = manager.post("/api/whatif", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode result = r.json();
        assertThat(result.get("cases").asInt()).isEqualTo(3);
        assertThat(result.get("alternative").get("name").asString())
                .isEqualTo("Metart under the Housing Ombudsman code");
        assertThat(strings(result.get("alternative").get("packs"))).containsExactly("ho-code-2024");

        List<String> flipped = new ArrayList<>();
        result.get("flips")
                .forEach(f -> flipped.add(
                        f.get("reference").asString() + " " + f.get("stage").asString() + " "
                                + f.get("actualStage").asString() + "/"
                                + f.get("alternativeStage").asString() + " "
                                + f.get("actual").asString() + "->"
                                + f.get("alternative").asString()));
        assertThat(flipped)
                .containsExactly(
                        lateAck + " acknowledge acknowledge/stage1-acknowledge MISSED->MET",
                        lateAck + " respond respond/stage1-respond MISSED->MET");
        JsonNode respondFlip = result.get("flips").get(1);
        assertThat(respondFlip.get("role").asString()).isEqualTo("respond");
        assertThat(respondFlip.get("actualDue").asString()).isEqualTo("2026-11-11T06:00:00Z");
        assertThat(respondFlip.get("alternativeDue").asString()).isEqualTo("2026-11-18T06:00:00Z");
        assertThat(respondFlip.get("explanation").asString())
                .isEqualTo("Responded at 10:00 am on Tuesday 17 November 2026: "
                        + "missed under the actual policy (due 5:00 pm on Wednesday 11 November 2026); "
                        + "met under the alternative policy (stage1-respond: 10 business days from the acknowledgement, "
                        + "HO Code 6.3; due 5:00 pm on Wednesday 18 November 2026).");

        JsonNode ack = stage(result, "acknowledge");
        assertThat(ack.get("role").asString()).isEqualTo("acknowledge");
        assertThat(strings(ack.get("actualStages"))).containsExactly("acknowledge");
        assertThat(strings(ack.get("alternativeStages"))).containsExactly("stage1-acknowledge");
        assertThat(ack.get("actual").toString()).isEqualTo("{\"met\":1,\"missed\":2,\"pending\":0,\"noTarget\":0}");
        assertThat(ack.get("alternative").toString())
                .isEqualTo("{\"met\":2,\"missed\":1,\"pending\":0,\"noTarget\":0}");
        JsonNode respond = stage(result, "respond");
        assertThat(strings(respond.get("alternativeStages"))).containsExactly("stage1-respond");
        assertThat(respond.get("actual").toString()).isEqualTo("{\"met\":0,\"missed\":3,\"pending\":0,\"noTarget\":0}");
        // The case never acknowledged has no response clock under the code: left out there, not a flip.
        assertThat(respond.get("alternative").toString())
                .isEqualTo("{\"met\":1,\"missed\":1,\"pending\":0,\"noTarget\":0}");
        assertThat(respond.get("actualLeftOut").asInt()).isZero();
        assertThat(respond.get("alternativeLeftOut").asInt()).isEqualTo(1);
        assertThat(respond.get("flips").asInt()).isEqualTo(1);
        assertThat(stage(result, "firstResponse")
                        .get("alternative")
                        .get("noTarget")
                        .asInt())
                .isEqualTo(3);
        assertThat(result.get("flipCount").asInt()).isEqualTo(2);
        assertThat(neverAck).isNotBlank();

        // Nothing was stored or put in force.
        assertThat(manager.get("/api/policy").json().get("name").asString())
                .isEqualTo("Metart customer feedback policy");

        // The page shows the rows with both sides' stage keys, the pack, and the flipped response.
        FormSession browser = new FormSession(port);
        assertThat(browser.signIn(dept.lead, PASSWORD)).isTrue();
        FormSession.Page page = browser.post(
                "/reports/whatif",
                Map.of(
                        "receivedFrom", "2026-11-02",
                        "receivedTo", "2026-11-02",
                        "department", dept.code,
                        "source", "yaml",
                        "policyYaml", metartUnderTheCode()));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Metart under the Housing Ombudsman code")
                .contains("The alternative follows the rule pack ho-code-2024")
                .contains("actual: acknowledge · alternative: stage1-acknowledge")
                .contains("actual: respond · alternative: stage1-respond")
                .contains("respond → stage1-respond")
                .contains("Wed 18 Nov 2026, 17:00")
                .contains("Wed 11 Nov 2026, 17:00")
                .contains("is <em>left out</em>")
                .contains(lateAck)
                .doesNotContain(promptAck + "</a>");
    }
}
