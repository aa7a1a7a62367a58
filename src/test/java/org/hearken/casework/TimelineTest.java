package org.hearken.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.hearken.register.RegisterEntry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TimelineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Timeline timeline = new Timeline(
            new Words(ZoneId.of("Australia/Sydney")),
            Map.of("olivia", "Olivia Grant", "grace", "Grace Liu"),
            Map.of("WASTE", "Waste and Recycling"));

    private Timeline.Entry entry(String type, String payload) {
        return timeline.entry(new RegisterEntry(
                1, "HK-2026-000001", Instant.parse("2026-12-08T04:05:00Z"), "olivia", type, JSON.readTree(payload)));
    }

    @Test
    void aReferralNamesPeopleAndDepartmentsInWordsWithTheTimeInTheOrganisationsZone() {
        Timeline.Entry e = entry("Referred", """
                {"caseId":7,"reference":"HK-2026-000001","actor":"olivia","occurredAt":"2026-12-08T04:05:00Z",
                 "fromOwner":"olivia","fromDepartment":"CS","toOwner":"grace","toDepartment":"WASTE","note":"Bins"}""");
        assertThat(e.who()).isEqualTo("Olivia Grant");
        assertThat(e.when()).isEqualTo("Tue 8 Dec 2026, 3:05 pm");
        assertThat(e.what()).isEqualTo("Referred to Grace Liu (Waste and Recycling)");
        assertThat(e.details())
                .extracting(Timeline.Detail::label, Timeline.Detail::value)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("Note", "Bins"),
                        org.assertj.core.groups.Tuple.tuple("From", "Olivia Grant (CS)"));
    }

    @Test
    void anExtensionShowsDatesInWordsAndWhoAgreed() {
        Timeline.Entry e = entry("DueDateExtended", """
                {"stage":"RESPOND","originalDue":"2026-12-10T06:00:00Z","previousDue":"2026-12-10T06:00:00Z",
                 "newDue":"2026-12-17T06:00:00Z","reason":"Contractor","noticeChannel":"EMAIL","noticeText":"We are sorry",
                 "agreedBy":"the customer","agreedAt":"2026-12-08T03:00:00Z"}""");
        assertThat(e.what()).isEqualTo("Extended the response date to Thu 17 Dec 2026, 5:00 pm");
        assertThat(e.details())
                .extracting(Timeline.Detail::label)
                .containsExactly("Was due", "Reason", "Customer told", "Agreed with", "Notice");
    }

    @Test
    void aReclassificationShowsWhatItWasAndEachDueDateBeforeAndAfterInWords() {
        Timeline.Entry e = entry("Reclassified", """
                {"previousKind":"QUESTION","kind":"COMPLAINT","previousChannel":"POSTAL","channel":"PHONE",
                 "reason":"She rang to complain","dueDates":[
                   {"stage":"ACKNOWLEDGE","previousDue":"2026-12-09T06:00:00Z","due":"2026-12-08T06:00:00Z"},
                   {"stage":"RESPOND","previousDue":"2026-12-17T06:00:00Z","due":"2026-12-17T06:00:00Z"},
                   {"stage":"REVIEW","previousDue":"2026-12-22T06:00:00Z","due":null}]}""");
        assertThat(e.what()).isEqualTo("Reclassified as a complaint from a phone call");
        assertThat(e.details())
                .extracting(Timeline.Detail::label, Timeline.Detail::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Was", "Question from a letter"),
                        org.assertj.core.groups.Tuple.tuple("Reason", "She rang to complain"),
                        org.assertj.core.groups.Tuple.tuple(
                                "Acknowledge by", "Tue 8 Dec 2026, 5:00 pm (was Wed 9 Dec 2026, 5:00 pm)"),
                        org.assertj.core.groups.Tuple.tuple("Respond by", "Thu 17 Dec 2026, 5:00 pm (unchanged)"),
                        org.assertj.core.groups.Tuple.tuple(
                                "Internal review by", "No due date (was Tue 22 Dec 2026, 5:00 pm)"));
    }

    @Test
    void aChangeOfChannelAloneSaysHowItCame() {
        Timeline.Entry e = entry("Reclassified", """
                {"previousKind":"QUESTION","kind":"QUESTION","previousChannel":"EMAIL","channel":"POSTAL",
                 "reason":"It came by post","dueDates":[]}""");
        assertThat(e.what()).isEqualTo("Recorded that the question came from a letter");
    }

    @Test
    void anEventThisPageDoesNotKnowStillReadsAsWordsNotJson() {
        Timeline.Entry e = entry("SuggestionStatusChanged", """
                {"caseId":7,"reference":"HK-2026-000001","actor":"olivia","occurredAt":"2026-12-08T04:05:00Z",
                 "newStatus":"ADOPTED","decidedAt":"2026-12-09T00:00:00Z","nested":{"a":1}}""");
        assertThat(e.what()).isEqualTo("Suggestion status changed");
        assertThat(e.details())
                .extracting(Timeline.Detail::label, Timeline.Detail::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("New status", "ADOPTED"),
                        org.assertj.core.groups.Tuple.tuple("Decided at", "Wed 9 Dec 2026, 11:00 am"));
    }
}
