package org.hearken.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hearken.escalation.NoticeMail.Handover;
import org.hearken.escalation.NoticeMail.Topic;
import org.junit.jupiter.api.Test;

class NoticeMailTest {

    @Test
    void everyKindOfNoticeIsEmailedUnderOneTopic() {
        assertThat(NoticeMail.topicOf("WARNING")).isEqualTo(Topic.WARNING);
        assertThat(NoticeMail.topicOf("BREACH")).isEqualTo(Topic.BREACH);
        assertThat(NoticeMail.topicOf("ESCALATION")).isEqualTo(Topic.BREACH);
        assertThat(NoticeMail.topicOf("CUSTOMER_REPLIED")).isEqualTo(Topic.CUSTOMER_REPLIED);
        assertThat(NoticeMail.topicOf("REPLY_AFTER_CLOSURE")).isEqualTo(Topic.CUSTOMER_REPLIED);
        for (String client : List.of("CLIENT_OPENED", "CLIENT_ESCALATED", "CLIENT_BREACH", "CLIENT_LOW_RATING")) {
            assertThat(NoticeMail.topicOf(client)).as(client).isEqualTo(Topic.CLIENT);
        }
        assertThatThrownBy(() -> NoticeMail.topicOf("SOMETHING")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTopicsAreReadInAnyLetterCaseIgnoringBlanksAndAnUnknownOneIsNamed() {
        assertThat(NoticeMail.parse(Arrays.asList("assigned", " BREACH ", "", null, "Breach")))
                .isEqualTo(Set.of(Topic.ASSIGNED, Topic.BREACH));
        assertThat(NoticeMail.parse(null)).isEmpty();
        assertThat(NoticeMail.parse(List.of())).isEmpty();
        assertThatThrownBy(() -> NoticeMail.parse(List.of("WARNING", "ALL")))
                .isInstanceOfSatisfying(
                        NoticeMail.UnknownTopic.class,
                        e -> assertThat(e.value()).isEqualTo("ALL"))
                .hasMessage("'ALL' is not one of [ASSIGNED, CUSTOMER_REPLIED, WARNING, BREACH, CLIENT]");
        String huge = "X".repeat(5000);
        assertThatThrownBy(() -> NoticeMail.parse(List.of(huge)))
                .isInstanceOfSatisfying(
                        NoticeMail.UnknownTopic.class,
                        e -> assertThat(e.value()).hasSize(61).endsWith("…"));
    }

    @Test
    void theSubjectSaysWhatHappenedInAFewWords() {
        assertThat(NoticeMail.headline("RESPOND", "WARNING")).isEqualTo("response due soon");
        assertThat(NoticeMail.headline("ACKNOWLEDGE", "BREACH")).isEqualTo("acknowledgement overdue");
        assertThat(NoticeMail.headline("REVIEW", "ESCALATION")).isEqualTo("internal review overdue, escalated");
        assertThat(NoticeMail.headline("OPEN", "CUSTOMER_REPLIED")).isEqualTo("the customer replied");
        assertThat(NoticeMail.headline("CLOSED", "REPLY_AFTER_CLOSURE")).isEqualTo("the customer wrote after closure");
        assertThat(NoticeMail.headline(Handover.OPENED)).isEqualTo("a new case for you");
        assertThat(NoticeMail.headline(Handover.ASSIGNED)).isEqualTo("assigned to you");
        assertThat(NoticeMail.headline(Handover.REFERRED)).isEqualTo("referred to you");
    }

    @Test
    void aHandoverSaysWhoHandedTheCaseOver() {
        assertThat(NoticeMail.message("HK-1", Handover.ASSIGNED, "Ann Manager"))
                .isEqualTo("HK-1: Ann Manager assigned this case to you.");
        assertThat(NoticeMail.message("HK-1", Handover.REFERRED, " Bo Agent "))
                .isEqualTo(
                        "HK-1: Bo Agent referred this case to you. Accept or decline the referral on the case's page.");
        assertThat(NoticeMail.message("HK-1", Handover.ASSIGNED, null))
                .isEqualTo("HK-1: Hearken assigned this case to you.");
        assertThat(NoticeMail.message("HK-1", Handover.OPENED, null))
                .isEqualTo("HK-1: a new case was opened with you as its owner.");
    }

    @Test
    void theEmailCarriesTheReferenceWhatHappenedAndTheLinksAndNothingElse() {
        NoticeMail.Mail mail = NoticeMail.compose(
                "HK-2026-000042",
                "response overdue",
                "HK-2026-000042: the response is overdue.",
                "https://hearken.example.org/cases/HK-2026-000042",
                "https://hearken.example.org/notifications");
        assertThat(mail.subject()).isEqualTo("HK-2026-000042: response overdue");
        assertThat(mail.body()).isEqualTo("""
                        HK-2026-000042: the response is overdue.

                        Open the case: https://hearken.example.org/cases/HK-2026-000042

                        --\s
                        Hearken sends you this because you chose to have such notices by e-mail as well. Change that under
                        "E-mail me too" on your notifications page: https://hearken.example.org/notifications
                        """);
    }

    @Test
    void aClientsNoticeSaysWhatHappenedToTheClientsCaseAndNothingAboutTheCustomer() {
        String ref = "HK-2026-000042";
        assertThat(NoticeMail.headline("RECEIVED", ClientNotices.OPENED)).isEqualTo("a client's complaint");
        assertThat(NoticeMail.headline("RESPOND", ClientNotices.BREACH)).isEqualTo("a client's complaint overdue");
        assertThat(NoticeMail.headline("RESPOND", ClientNotices.ESCALATED)).isEqualTo("a client's complaint escalated");
        assertThat(NoticeMail.headline("SURVEY", ClientNotices.LOW_RATING)).isEqualTo("a client's low survey rating");
        assertThat(WatchController.Notice.message(ref, "RECEIVED", ClientNotices.OPENED, false))
                .isEqualTo(ref + ": a client you look after made a complaint. Its page shows what the client's other"
                        + " contacts have already told us.");
        assertThat(WatchController.Notice.message(ref, "RESPOND", ClientNotices.BREACH, false))
                .isEqualTo(ref + ": the response of a client's complaint is overdue.");
        assertThat(WatchController.Notice.message(ref, "ACKNOWLEDGE", ClientNotices.ESCALATED, false))
                .isEqualTo(ref + ": the acknowledgement of a client's complaint is still overdue and has been escalated"
                        + " to the executives.");
        assertThat(WatchController.Notice.message(ref, ClientNotices.REVIEW_REQUESTED, ClientNotices.ESCALATED, false))
                .isEqualTo(ref + ": a client you look after asked for its complaint to go to the next stage.");
        assertThat(WatchController.Notice.message(ref, "SURVEY", ClientNotices.LOW_RATING, false))
                .isEqualTo(ref + ": a client you look after rated us 1 or 2 of 5 in the satisfaction survey.");
    }
}
