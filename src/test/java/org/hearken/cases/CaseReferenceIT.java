package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * References stay unique for ever: the number grows past six digits instead of being cut to six. The tests share one
 * sequence, so this one only ever moves it forward (to just below the millionth case), and every test accepts
 * references of six digits or more.
 */
class CaseReferenceIT extends IntegrationTest {

    private String reference(String stem, long number) {
        return jdbc.sql("select case_reference(?, ?)")
                .params(stem, number)
                .query(String.class)
                .single();
    }

    @Test
    void theNumberIsPaddedToSixDigitsAndGrowsPastThemUncut() {
        assertThat(reference("HK-2026-", 1)).isEqualTo("HK-2026-000001");
        assertThat(reference("HK-2026-", 999_999)).isEqualTo("HK-2026-999999");
        assertThat(reference("HK-2026-", 1_000_000)).isEqualTo("HK-2026-1000000");
        assertThat(reference("HK-2026-", 1_000_001)).isEqualTo("HK-2026-1000001");
        assertThat(reference("HK-2026-", 9_223_372_036_854_775_807L)).isEqualTo("HK-2026-9223372036854775807");
        // Cut to six digits, the millionth case would have had the 100,000th case's reference.
        assertThat(reference("HK-2026-", 1_000_000)).isNotEqualTo(reference("HK-2026-", 100_000));
    }

    @Test
    void casesPastTheMillionthGetNewReferencesThatEveryLookUpFinds() {
        jdbc.sql("select setval('case_reference_seq', greatest(999998, (select last_value from case_reference_seq)))")
                .query(Long.class)
                .single();
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);

        List<String> references = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ApiClient.Response created = lead.post(
                    "/api/cases",
                    Map.of(
                            "kind",
                            "QUESTION",
                            "channel",
                            "PHONE",
                            "subject",
                            "Opening hours " + i,
                            "description",
                            "Is the library open on Sunday?",
                            "customer",
                            Map.of("name", "Sam Caller", "phone", "0400 000 000"),
                            "department",
                            dept.code));
            assertThat(created.status()).isEqualTo(201);
            references.add(created.json().get("reference").asString());
        }

        assertThat(references).doesNotHaveDuplicates().allMatch(r -> r.matches("HK-\\d{4}-\\d{6,}"));
        String past = references.getLast();
        assertThat(past).matches("HK-\\d{4}-\\d{7,}");
        assertThat(lead.get("/api/cases/" + past).json().get("subject").asString())
                .isEqualTo("Opening hours 2");
        assertThat(lead.get("/api/cases/" + past + "/events")
                        .json()
                        .get(0)
                        .get("reference")
                        .asString())
                .isEqualTo(past);
        FormSession pages = new FormSession(port);
        assertThat(pages.signIn(dept.lead, PASSWORD)).isTrue();
        assertThat(pages.get("/cases/search?q=" + past).location()).endsWith("/cases/" + past);
        assertThat(pages.get("/cases/" + past).status()).isEqualTo(200);
    }
}
