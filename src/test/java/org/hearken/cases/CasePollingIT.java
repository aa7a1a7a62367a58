package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/cases?updatedSince=}: the cases a client may see that changed since it last looked. */
class CasePollingIT extends IntegrationTest {

    @Test
    void casesChangedAtOrAfterTheInstantAppearOldestChangeFirstAndOthersDoNot() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        clock.set(Instant.parse("2026-11-26T01:00:00Z"));
        String before = aComplaint().inDepartment(dept).open();
        String changedLater = aComplaint().inDepartment(dept).open();
        clock.set(Instant.parse("2026-11-26T02:00:00Z"));
        String openedAfter = aComplaint().inDepartment(dept).open();
        clock.set(Instant.parse("2026-11-26T03:00:00Z"));
        ApiClient.Response ack = lead.post(
                "/api/cases/" + changedLater + "/acknowledge", Map.of("via", "PHONE_CALL", "note", "Rang them"));
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);

        List<JsonNode> changed = poll(lead, "2026-11-26T02:00:00Z", dept.code, 50);

        assertThat(changed).extracting(c -> c.get("reference").asString()).containsExactly(openedAfter, changedLater);
        assertThat(changed)
                .extracting(c -> Instant.parse(c.get("updatedAt").asString()))
                .containsExactly(Instant.parse("2026-11-26T02:00:00Z"), Instant.parse("2026-11-26T03:00:00Z"));
        assertThat(poll(lead, "2026-11-26T01:00:00Z", dept.code, 50))
                .extracting(c -> c.get("reference").asString())
                .containsExactly(before, openedAfter, changedLater);
    }

    @Test
    void pagesFollowOneAnotherWithoutRepeatsOrGapsAtTheSameInstant() {
        Dept dept = department();
        clock.set(Instant.parse("2026-11-27T01:00:00Z"));
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(aComplaint().inDepartment(dept).open());
        }
        assertThat(poll(dept.as(dept.lead), "2026-11-27T01:00:00Z", dept.code, 2))
                .extracting(c -> c.get("reference").asString())
                .containsExactlyElementsOf(opened);
    }

    @Test
    void casesTheCallerMayNotSeeNeverAppear() {
        Dept mine = department();
        Dept other = department();
        clock.set(Instant.parse("2026-11-28T01:00:00Z"));
        String visible = aComplaint().inDepartment(mine).open();
        String otherDepartment = aComplaint().inDepartment(other).open();
        String confidential = aComplaint().inDepartment(mine).confidential().open();
        String agent = mine.staff(org.hearken.identity.Role.AGENT);

        List<String> seen = new ArrayList<>();
        poll(mine.as(agent), "2026-11-28T01:00:00Z", null, 200)
                .forEach(c -> seen.add(c.get("reference").asString()));

        assertThat(seen).contains(visible).doesNotContain(otherDepartment, confidential);
    }

    @Test
    void aValueThatIsNoInstantIsRefusedWithProblemDetails() {
        Dept dept = department();
        ApiClient.Response bad = dept.as(dept.lead).get("/api/cases?updatedSince=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        ApiClient.Response badCursor =
                dept.as(dept.lead).get("/api/cases?updatedSince=2026-11-28T01:00:00Z&after=bm9wZQ");
        assertThat(badCursor.status()).isEqualTo(400);
    }

    /** Every page of the walk from {@code since}, followed by its {@code next}. */
    private static List<JsonNode> poll(ApiClient client, String since, String department, int limit) {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        do {
            String path =
                    "/api/cases?updatedSince=" + URLEncoder.encode(since, StandardCharsets.UTF_8) + "&limit=" + limit
                            + (department == null ? "" : "&department=" + department)
                            + (after == null ? "" : "&after=" + after);
            ApiClient.Response page = client.get(path);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(all::add);
            after = page.json().hasNonNull("next") ? page.json().get("next").asString() : null;
        } while (after != null);
        return all;
    }
}
