package org.hearken.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo shows surveys, training and the what-if: closed demo cases were invited and some customers answered, some
 * leads were trained, and replaying the demo cases under the other example policy (SAFETRAC instead of Metart) gives
 * different counts, each difference explained by its two due dates.
 */
@TestPropertySource(properties = {"hearken.demo=true", "hearken.test.database=demo"})
class DemoSurveysTrainingWhatIfIT extends IntegrationTest {

    private static final List<String> DEMO_DEPARTMENTS = List.of("CS", "PLAN", "WASTE", "PARKS", "RATES");

    private ApiClient elena() {
        return ApiClient.basic(port, "elena", DemoData.PASSWORD);
    }

    @Test
    void closedDemoCasesWereInvitedAndTheAnswersShowInTheResults() {
        long invited = 0;
        long answered = 0;
        long notSent = 0;
        long[] distribution = new long[5];
        for (String department : DEMO_DEPARTMENTS) {
            JsonNode r =
                    elena().get("/api/surveys/results?department=" + department).json();
            invited += r.get("invited").asLong();
            answered += r.get("answered").asLong();
            notSent += r.get("notSent").asLong();
            for (int i = 0; i < 5; i++) {
                distribution[i] += r.get("distribution").get(i).asLong();
            }
        }
        assertThat(answered).isEqualTo(DemoData.ANSWERS.size());
        assertThat(invited).isGreaterThan(answered);
        assertThat(notSent)
                .as("closed demo cases whose customer gave no e-mail address")
                .isPositive();
        long[] expected = new long[5];
        DemoData.ANSWERS.forEach(a -> expected[a.rating() - 1]++);
        assertThat(distribution).containsExactly(expected);
    }

    @Test
    void trainingReportShowsLeadsHoldingCasesWithoutTraining() {
        JsonNode records = elena().get("/api/training?staff=marcus").json();
        assertThat(records).isNotEmpty();
        assertThat(records.get(0).get("note").asString()).isEqualTo("Complaints procedure induction");
        JsonNode report = elena().get("/api/training/report").json();
        StringBuilder holders = new StringBuilder();
        report.forEach(h -> holders.append(h.get("staff").asString()).append(' '));
        assertThat(holders.toString()).contains("tom ").contains("fiona ");
    }

    @Test
    void replayingTheDemoUnderTheOtherExamplePolicyGivesDifferentExplainedCounts() throws Exception {
        String safetrac = Files.readString(Path.of("src/main/resources/policies/safetrac.yaml"));
        LocalDate today =
                Instant.now(clock).atZone(ZoneId.of("Australia/Sydney")).toLocalDate();
        Map<String, int[]> actual = new LinkedHashMap<>();
        Map<String, int[]> alternative = new LinkedHashMap<>();
        int cases = 0;
        int flips = 0;
        for (String department : DEMO_DEPARTMENTS) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("receivedFrom", today.minusDays(30).toString());
            body.put("receivedTo", today.toString());
            body.put("department", department);
            body.put("policyYaml", safetrac);
            ApiClient.Response r = elena().post("/api/whatif", body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode result = r.json();
            assertThat(result.get("alternative").get("name").asString())
                    .isEqualTo("SAFETRAC client care and complaint handling");
            cases += result.get("cases").asInt();
            flips += result.get("flipCount").asInt();
            for (JsonNode s : result.get("stages")) {
                add(actual, s.get("stage").asString(), s.get("actual"));
                add(alternative, s.get("stage").asString(), s.get("alternative"));
            }
            for (JsonNode f : result.get("flips")) {
                String why = f.get("explanation").asString();
                assertThat(why).contains("actual policy").contains("alternative policy");
                // Met under one and missed under the other: the moment it was done lies between the two due dates.
                if (f.get("actual").asString().equals("MET")
                        && f.get("alternative").asString().equals("MISSED")
                        && f.has("completedAt")
                        && f.has("alternativeDue")
                        && f.has("actualDue")
                        && !why.contains("interim")) {
                    Instant done = Instant.parse(f.get("completedAt").asString());
                    assertThat(done)
                            .isAfter(Instant.parse(f.get("alternativeDue").asString()))
                            .isBeforeOrEqualTo(Instant.parse(f.get("actualDue").asString()));
                }
            }
        }
        StringBuilder summary = new StringBuilder("demo what-if under SAFETRAC: cases=" + cases + " flips=" + flips);
        actual.forEach((stage, t) -> summary.append(" | ")
                .append(stage)
                .append(" met/missed/pending/no-target ")
                .append(java.util.Arrays.toString(t))
                .append(" -> ")
                .append(java.util.Arrays.toString(alternative.get(stage))));
        System.out.println(summary);
        assertThat(cases).isEqualTo(DemoCases.SAMPLES.size());
        assertThat(flips).isPositive();
        // SAFETRAC sets a same-day first reply to phone calls and e-mails, which Metart does not: the clearest
        // difference.
        assertThat(actual.get("firstResponse")[3])
                .as("no first-reply target under Metart")
                .isEqualTo(cases);
        assertThat(alternative.get("firstResponse")[3]).isLessThan(cases);
        assertThat(actual.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(actual.get(k), alternative.get(k))))
                .isTrue();
    }

    private static void add(Map<String, int[]> totals, String stage, JsonNode tally) {
        int[] t = totals.computeIfAbsent(stage, k -> new int[4]);
        t[0] += tally.get("met").asInt();
        t[1] += tally.get("missed").asInt();
        t[2] += tally.get("pending").asInt();
        t[3] += tally.get("noTarget").asInt();
    }
}
