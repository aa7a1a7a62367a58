package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A department's reply snippets: kept by its members, offered in the composer of its cases, nobody else's business. */
class SnippetsIT extends IntegrationTest {

    @Test
    void aMemberKeepsASnippetThatTheComposerOffersOnTheDepartmentsCasesAndOthersCannotTouch() {
        Dept dept = department();
        Dept other = department();
        ApiClient lead = dept.as(dept.lead);
        String words = "We have booked a plumber for {{statusLink}} " + unique();

        ApiClient.Response kept =
                lead.post("/api/snippets", Map.of("department", dept.code, "title", "Plumber booked", "text", words));
        assertThat(kept.status()).as(kept.body()).isEqualTo(201);
        long id = kept.json().get("id").asLong();
        assertThat(lead.post("/api/snippets", Map.of("department", dept.code, "title", "Plumber booked", "text", "x"))
                        .status())
                .isEqualTo(409);
        ApiClient.Response notTheirs = other.as(other.lead)
                .post("/api/snippets", Map.of("department", dept.code, "title", "Sneaky", "text", "x"));
        assertThat(notTheirs.status()).isEqualTo(400);
        assertThat(notTheirs.body()).contains("department");
        assertThat(other.as(other.lead).get("/api/snippets").body()).doesNotContain("Plumber booked");

        String ref = aComplaint().inDepartment(dept).open();
        JsonNode start = lead.get("/api/cases/" + ref + "/messages/start?from=snippet:" + id)
                .json();
        assertThat(start.get("text").asString()).isEqualTo(words);
        assertThat(start.get("subject").asString()).contains(ref);
        String otherRef = aComplaint().inDepartment(other).open();
        assertThat(other.as(other.lead)
                        .get("/api/cases/" + otherRef + "/messages/start?from=snippet:" + id)
                        .status())
                .isEqualTo(400);

        assertThat(other.as(other.lead).delete("/api/snippets/" + id).status()).isEqualTo(404);
        assertThat(lead.delete("/api/snippets/" + id).status()).isEqualTo(204);
        assertThat(lead.get("/api/snippets").body()).doesNotContain("Plumber booked");
    }

    @Test
    void theSnippetsPageKeepsAndRemovesWithCsrfAndSaysWhyItRefuses() {
        Dept dept = department();
        FormSession page = signedIn(dept.lead);
        String title = "Refund on its way " + unique();

        FormSession.Page refused = page.post("/snippets", "department", dept.code, "title", title, "text", " ");
        assertThat(page.flashError(refused)).contains("Nothing was kept").contains("text");
        FormSession.Page done =
                page.post("/snippets", "department", dept.code, "title", title, "text", "Your refund is on its way.");
        assertThat(page.flash(done)).contains("Kept the snippet");
        assertThat(page.get("/snippets").expect(200).html().select("#snippets").text())
                .contains(title, "Your refund is on its way.");
        assertThat(page.postWithoutCsrf("/snippets", "department", dept.code, "title", title + "2", "text", "x")
                        .status())
                .isEqualTo(403);
    }
}
