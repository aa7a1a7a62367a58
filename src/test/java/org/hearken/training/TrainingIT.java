package org.hearken.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.API;
import static org.hearken.support.CaseBuilder.aQuestion;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Training records and the report of people holding open cases without training on the policy in force. */
class TrainingIT extends IntegrationTest {

    private ApiClient admin;

    @AfterEach
    void metartPolicy() throws Exception {
        if (admin != null) {
            PolicyTestSupport.ensureActive(admin, "metart");
        }
    }

    private static Map<String, Object> training(String staff, String date, Integer version, String note) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("staff", staff);
        body.put("trainedOn", date);
        if (version != null) {
            body.put("policyVersion", version);
        }
        if (note != null) {
            body.put("note", note);
        }
        return body;
    }

    private String openCase(ApiClient by, String department, String owner) {
        return aQuestion()
                .by(API)
                .subject("Opening hours")
                .description("When is the library open on Sunday?")
                .from("Quinn Question")
                .phone("02 5550 0000")
                .inDepartment(department)
                .ownedBy(owner)
                .openedBy(by);
    }

    private int activeVersion() {
        return admin.get("/api/policy").json().get("version").asInt();
    }

    private static JsonNode holder(JsonNode report, String username) {
        for (JsonNode h : report) {
            if (h.get("staff").asString().equals(username)) {
                return h;
            }
        }
        return null;
    }

    @Test
    void managersRecordTrainingForTheirOwnPeopleAndAdministratorsForAnyone() {
        admin = as(staffWithoutDepartment(Role.ADMIN));
        Dept dept = department();
        Dept other = department();
        String agent = dept.staff(Role.AGENT);
        String outsider = other.staff(Role.AGENT);
        ApiClient manager = dept.as(dept.lead);
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));

        ApiClient.Response ok = manager.post("/api/training", training(agent, "2026-11-30", null, "Half-day course"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("policyVersion").asInt()).isEqualTo(activeVersion());
        assertThat(ok.json().get("current").asBoolean()).isTrue();
        assertThat(ok.json().get("recordedBy").asString()).isEqualTo(dept.lead);

        assertThat(manager.post("/api/training", training(outsider, "2026-11-30", null, null))
                        .status())
                .isEqualTo(403);
        assertThat(dept.as(agent)
                        .post("/api/training", training(agent, "2026-11-30", null, null))
                        .status())
                .isEqualTo(403);
        assertThat(admin.post("/api/training", training(outsider, "2026-11-30", null, null))
                        .status())
                .isEqualTo(201);

        ApiClient.Response future = manager.post("/api/training", training(agent, "2026-12-02", null, null));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().get("errors").get(0).get("field").asString()).isEqualTo("trainedOn");
        ApiClient.Response unknown =
                admin.post("/api/training", training("nobody" + unique().toLowerCase(), "2026-11-30", 99999, null));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").toString()).contains("staff").contains("policyVersion");

        // The manager reads their own people's records only; the administrator everyone's.
        assertThat(manager.get("/api/training?staff=" + agent).json()).hasSize(1);
        assertThat(manager.get("/api/training?staff=" + outsider).json()).isEmpty();
        assertThat(admin.get("/api/training?staff=" + outsider).json()).hasSize(1);
        assertThat(dept.as(agent).get("/api/training").status()).isEqualTo(403);

        long id = manager.get("/api/training?staff=" + agent)
                .json()
                .get(0)
                .get("id")
                .asLong();
        assertThat(other.as(other.lead).delete("/api/training/" + id).status()).isEqualTo(403);
        assertThat(manager.delete("/api/training/" + id).status()).isEqualTo(204);
        assertThat(manager.get("/api/training?staff=" + agent).json()).isEmpty();
    }

    @Test
    void reportListsPeopleHoldingOpenCasesWithoutTrainingOnThePolicyInForce() throws Exception {
        admin = as(staffWithoutDepartment(Role.ADMIN));
        Dept dept = department();
        String trained = dept.staff(Role.AGENT);
        String trainedOnOldVersion = dept.staff(Role.AGENT);
        String neverTrained = dept.staff(Role.AGENT);
        String withoutCases = dept.staff(Role.AGENT);
        ApiClient manager = dept.as(dept.lead);
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));

        int oldVersion = activeVersion();
        assertThat(manager.post("/api/training", training(trainedOnOldVersion, "2026-06-01", oldVersion, null))
                        .status())
                .isEqualTo(201);
        // A new version comes into force: training on the old one is no longer current.
        PolicyTestSupport.ensureActive(admin, "safetrac");
        PolicyTestSupport.ensureActive(admin, "metart");
        int current = activeVersion();
        assertThat(current).isGreaterThan(oldVersion);
        assertThat(manager.post("/api/training", training(trained, "2026-11-30", null, null))
                        .status())
                .isEqualTo(201);
        assertThat(manager.post("/api/training", training(dept.lead, "2026-11-30", null, null))
                        .status())
                .isEqualTo(201);

        openCase(manager, dept.code, trained);
        openCase(manager, dept.code, trainedOnOldVersion);
        openCase(manager, dept.code, neverTrained);
        openCase(manager, dept.code, neverTrained);
        String closed = openCase(manager, dept.code, withoutCases);
        manager.post(
                "/api/cases/" + closed + "/respond",
                Map.of("channel", "PHONE_CALL", "resolution", "Open 10 to 4.", "outcome", "RESOLVED"));
        assertThat(manager.post("/api/cases/" + closed + "/close", Map.of()).status())
                .isEqualTo(200);

        JsonNode report = manager.get("/api/training/report").json();
        assertThat(holder(report, trained)).isNull();
        assertThat(holder(report, dept.lead)).isNull();
        assertThat(holder(report, withoutCases)).as("holds no open case").isNull();
        JsonNode never = holder(report, neverTrained);
        assertThat(never.get("openCases").asLong()).isEqualTo(2);
        assertThat(never.has("lastTrainedOn")).isFalse();
        assertThat(never.get("departments").toString()).contains(dept.code);
        JsonNode old = holder(report, trainedOnOldVersion);
        assertThat(old.get("openCases").asLong()).isEqualTo(1);
        assertThat(old.get("lastTrainedOn").asString()).isEqualTo("2026-06-01");
        assertThat(old.get("lastTrainedVersion").asInt()).isEqualTo(oldVersion);
        // Most open cases first.
        List<String> order = new java.util.ArrayList<>();
        report.forEach(h -> order.add(h.get("staff").asString()));
        assertThat(order.indexOf(neverTrained)).isLessThan(order.indexOf(trainedOnOldVersion));

        // Another department's manager does not see these cases, so not these people either.
        Dept other = department();
        JsonNode theirs = other.as(other.lead).get("/api/training/report").json();
        assertThat(holder(theirs, neverTrained)).isNull();
        assertThat(as(staffWithoutDepartment(Role.EXECUTIVE))
                        .get("/api/training/report")
                        .json()
                        .toString())
                .contains(neverTrained);
        assertThat(dept.as(neverTrained).get("/api/training/report").status()).isEqualTo(403);
    }

    @Test
    void trainingPagesShowTheRecordsTheFormAndTheReport() {
        admin = as(staffWithoutDepartment(Role.ADMIN));
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        openCase(dept.as(dept.lead), dept.code, agent);

        FormSession manager = new FormSession(port);
        assertThat(manager.signIn(dept.lead, PASSWORD)).isTrue();
        FormSession.Page page = manager.get("/admin/training");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Record a training")
                .contains("<label for=\"trainedOn\"")
                .contains("value=\"" + agent + "\"");

        // A date in the future is refused next to the field, and nothing is recorded.
        FormSession.Page refused =
                manager.post("/admin/training", Map.of("staff", agent, "trainedOn", "2027-01-15", "note", "Planned"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body())
                .contains("id=\"trainedOn-error\"")
                .contains("The date is in the future")
                .contains("Planned");
        assertThat(admin.get("/api/training?staff=" + agent).json()).isEmpty();

        FormSession.Page report = manager.get("/reports/training");
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("Staff " + agent).contains("never");

        FormSession.Page saved =
                manager.post("/admin/training", Map.of("staff", agent, "trainedOn", "2026-11-30", "note", "Induction"));
        assertThat(saved.status()).isEqualTo(302);
        FormSession.Page after = manager.get("/admin/training");
        assertThat(after.body())
                .contains("Staff " + agent + " trained on 2026-11-30")
                .contains("Induction");
        assertThat(admin.get("/api/training?staff=" + agent).json()).hasSize(1);
        assertThat(manager.get("/reports/training").body()).doesNotContain("Staff " + agent);

        FormSession agentBrowser = new FormSession(port);
        assertThat(agentBrowser.signIn(agent, PASSWORD)).isTrue();
        assertThat(agentBrowser.get("/admin/training").status()).isEqualTo(403);
        assertThat(agentBrowser.get("/reports/training").status()).isEqualTo(403);
    }
}
