package org.hearken.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Client organisations over the API and their pages: who may change them, what is refused and why (problem details,
 * nothing stored), domains claimed once, merges and contacts moving the cases with them, and the audit log.
 */
class ClientsIT extends IntegrationTest {

    @Test
    void managersCreateAndChangeClientsAgentsMayNotAndBadInputIsRefusedWithNothingStored() {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        String name = "Acme " + unique();
        String domain = "a" + unique().toLowerCase(Locale.ROOT) + ".example";

        assertThat(as(agent).post("/api/clients", Map.of("name", name)).status())
                .isEqualTo(403);

        ApiClient.Response bad = as(dept.lead)
                .post(
                        "/api/clients",
                        Map.of(
                                "name",
                                " ",
                                "manager",
                                "nobody-" + unique(),
                                "domains",
                                List.of("gmail.com", "not a domain")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("name", "manager", "domains");
        assertThat(bad.body()).contains("public mail service");
        assertThat(jdbc.sql("select count(*) from client_organisation where name = ?")
                        .param(name)
                        .query(Long.class)
                        .single())
                .isZero();

        JsonNode created = as(dept.lead)
                .post(
                        "/api/clients",
                        Map.of(
                                "name",
                                name,
                                "manager",
                                agent,
                                "domains",
                                List.of("@" + domain.toUpperCase(Locale.ROOT))))
                .json();
        long id = created.get("id").asLong();
        assertThat(created.get("manager").get("username").asString()).isEqualTo(agent);
        assertThat(created.get("domains").toString()).isEqualTo("[\"" + domain + "\"]");

        // Names and domains are each one organisation's.
        ApiClient.Response sameName = as(dept.lead).post("/api/clients", Map.of("name", name.toLowerCase(Locale.ROOT)));
        assertThat(sameName.status()).isEqualTo(409);
        ApiClient.Response sameDomain =
                as(dept.lead).post("/api/clients", Map.of("name", "Other " + unique(), "domains", List.of(domain)));
        assertThat(sameDomain.status()).isEqualTo(409);
        assertThat(sameDomain.body()).contains(domain + " is claimed by " + name);

        // A change made on an old version is refused, not lost.
        ApiClient.Response stale = as(dept.lead)
                .put(
                        "/api/clients/" + id,
                        "{\"name\":\"" + name + " Ltd\",\"version\":"
                                + (created.get("version").asInt() + 1) + "}",
                        "application/json");
        assertThat(stale.status()).isEqualTo(409);
        JsonNode changed = as(dept.lead)
                .put(
                        "/api/clients/" + id,
                        "{\"name\":\"" + name + " Ltd\",\"deputy\":\"" + agent + "\",\"version\":"
                                + created.get("version").asInt() + "}",
                        "application/json")
                .json();
        assertThat(changed.get("name").asString()).isEqualTo(name + " Ltd");
        assertThat(absent(changed, "manager")).isTrue();
        assertThat(changed.get("deputy").get("username").asString()).isEqualTo(agent);
        assertThat(changed.get("domains")).isEmpty();

        // Every change is in the audit log, with who looks after the client before and after.
        List<String> audited = jdbc.sql(
                        "select action || ' ' || details::text from security_audit where target = ?" + " order by id")
                .param("client " + id)
                .query(String.class)
                .list();
        assertThat(audited).hasSize(2);
        assertThat(audited.get(0)).startsWith("CLIENT_CREATED").contains(agent);
        assertThat(audited.get(1)).startsWith("CLIENT_CHANGED").contains("before", "after");
    }

    @Test
    void aContactJoiningOrLeavingTakesTheirCasesAlongAndAMergeMovesEverything() {
        Dept dept = department();
        Dept other = department();
        String manager = other.staff(Role.AGENT);
        String otherManager = other.staff(Role.AGENT);
        ApiClient lead = as(dept.lead);
        long kept = lead.post("/api/clients", Map.of("name", "Kept " + unique(), "manager", manager))
                .json()
                .get("id")
                .asLong();
        String domain = "d" + unique().toLowerCase(Locale.ROOT) + ".example";
        long duplicate = lead.post(
                        "/api/clients",
                        Map.of("name", "Duplicate " + unique(), "manager", otherManager, "domains", List.of(domain)))
                .json()
                .get("id")
                .asLong();

        // A customer with a case before they were anyone's contact.
        String email = "pat-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        JsonNode earlier =
                aComplaint().from("Pat Lee").email(email).inDepartment(dept).openBy(lead);
        long customer = earlier.get("customerId").asLong();
        String ref = earlier.get("reference").asString();
        assertThat(absent(earlier, "clientId")).isTrue();
        assertThat(as(manager).get("/api/cases/" + ref).status()).isEqualTo(404);

        // Staff make them a contact of the kept client: the case goes with them, and its manager now sees it.
        assertThat(lead.post("/api/clients/" + kept + "/contacts", Map.of("customerId", customer))
                        .status())
                .isEqualTo(200);
        assertThat(lead.get("/api/cases/" + ref).json().get("clientId").asLong())
                .isEqualTo(kept);
        assertThat(as(manager).get("/api/cases/" + ref).status()).isEqualTo(200);
        // They are nobody else's contact meanwhile.
        assertThat(lead.post("/api/clients/" + duplicate + "/contacts", Map.of("customerId", customer))
                        .status())
                .isEqualTo(409);
        // A staff member choosing another client for them at intake is told why not.
        ApiClient.Response refused = aComplaint()
                .from("Pat Lee")
                .email(email)
                .with("client", duplicate)
                .inDepartment(dept)
                .postedBy(lead);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("client", "is a contact of");

        // Out again: the case is no client's, and the manager no longer sees it.
        assertThat(lead.delete("/api/clients/" + kept + "/contacts/" + customer).status())
                .isEqualTo(200);
        assertThat(absent(lead.get("/api/cases/" + ref).json(), "clientId")).isTrue();
        assertThat(as(manager).get("/api/cases/" + ref).status()).isEqualTo(404);

        // A new contact of the duplicate, found by the domain it claims.
        String byDomain = aComplaint()
                .from("Sam Roe")
                .email("sam@" + domain)
                .inDepartment(dept)
                .openedBy(lead);
        assertThat(lead.get("/api/cases/" + byDomain).json().get("clientId").asLong())
                .isEqualTo(duplicate);
        assertThat(as(otherManager).get("/api/cases/" + byDomain).status()).isEqualTo(200);

        // Merged: the contact, the domain and the case move to the kept client, whose manager now sees the case, and
        // the duplicate's former manager no longer does.
        JsonNode merged = lead.post("/api/clients/" + duplicate + "/merge", Map.of("into", kept))
                .json();
        assertThat(merged.get("id").asLong()).isEqualTo(kept);
        assertThat(merged.get("domains").toString()).contains(domain);
        assertThat(merged.get("contacts").asLong()).isEqualTo(1);
        assertThat(lead.get("/api/cases/" + byDomain).json().get("clientId").asLong())
                .isEqualTo(kept);
        assertThat(as(manager).get("/api/cases/" + byDomain).status()).isEqualTo(200);
        assertThat(as(otherManager).get("/api/cases/" + byDomain).status()).isEqualTo(404);
        assertThat(lead.get("/api/clients/" + duplicate)
                        .json()
                        .get("mergedInto")
                        .asLong())
                .isEqualTo(kept);
        assertThat(lead.get("/api/clients").json().findValuesAsString("name"))
                .noneMatch(n -> n.startsWith("Duplicate "));
        // Another one writing from the domain joins the kept client.
        String later = aComplaint()
                .from("Jo Roe")
                .email("jo@" + domain)
                .inDepartment(dept)
                .openedBy(lead);
        assertThat(lead.get("/api/cases/" + later).json().get("clientId").asLong())
                .isEqualTo(kept);
        // A merged client cannot be changed or merged again.
        assertThat(lead.post("/api/clients/" + duplicate + "/merge", Map.of("into", kept))
                        .status())
                .isEqualTo(409);

        // The page of the merged client leads to the kept one.
        FormSession page = signedIn(dept.lead);
        FormSession.Page moved = page.get("/clients/" + duplicate);
        assertThat(moved.status()).isEqualTo(302);
        assertThat(moved.location()).isEqualTo("/clients/" + kept);
    }

    @Test
    void theClientPagesListCreateAndRefuseAsTheApiDoes() {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        String name = "Page " + unique();
        FormSession lead = signedIn(dept.lead);
        assertThat(lead.get("/clients").expect(200).html().select("h2").text()).contains("New client");
        FormSession.Page refused = lead.post("/clients", "name", "", "domains", "hotmail.com");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().select(".field-error").text())
                .contains("Is required")
                .contains("public mail service");
        FormSession.Page done =
                lead.post("/clients", "name", name, "manager", agent, "domains", "p.example\nq.example");
        assertThat(done.status()).isEqualTo(302);
        String page = done.location();
        assertThat(lead.flash(done)).isEqualTo("Added the client " + name + ".");
        var html = lead.get(page).expect(200).html();
        assertThat(html.select("h1").text()).isEqualTo(name);
        assertThat(html.select("#client-facts .manager").text()).isEqualTo("Staff " + agent);
        assertThat(html.select("#client-facts").text()).contains("p.example, q.example");
        // The agent sees the list and the page, without the forms to change them.
        FormSession agentPage = signedIn(agent);
        assertThat(agentPage
                        .get("/clients")
                        .expect(200)
                        .html()
                        .select("#my-clients")
                        .text())
                .contains(name);
        assertThat(agentPage.get(page).expect(200).html().select("details.action"))
                .isEmpty();
        assertThat(agentPage.post("/clients", "name", "Sneaky " + unique()).status())
                .isEqualTo(403);
    }

    /** A field left out of an answer, or null in it. */
    private static boolean absent(JsonNode node, String field) {
        return node.get(field) == null || node.get(field).isNull();
    }
}
