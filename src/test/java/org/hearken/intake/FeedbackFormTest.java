package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.hearken.cases.PreferredReply;
import org.hearken.policy.FeedbackKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedbackFormTest {

    private static FeedbackForm form(
            String kind,
            String subject,
            String description,
            String name,
            String email,
            String phone,
            String address,
            String reply) {
        return new FeedbackForm(kind, subject, description, name, email, phone, address, reply, null, "started");
    }

    @Test
    void aCompleteFormIsValidAndKeepsOnlyCleanedValues() {
        FeedbackForm.Checked checked = form(
                        "complaint",
                        "  Bin \n not collected ",
                        " The green bin\r\nwas missed. ",
                        " Ada  Citizen ",
                        "ada@example.net",
                        "",
                        "",
                        "EMAIL")
                .check();

        assertThat(checked.errors()).isEmpty();
        assertThat(checked.valid().kind()).isEqualTo(FeedbackKind.COMPLAINT);
        assertThat(checked.valid().subject()).isEqualTo("Bin not collected");
        assertThat(checked.valid().description()).isEqualTo("The green bin\nwas missed.");
        assertThat(checked.valid().contact().name()).isEqualTo("Ada Citizen");
        assertThat(checked.valid().contact().phone()).isNull();
        assertThat(checked.valid().contact().preferredReply()).isEqualTo(PreferredReply.EMAIL);
    }

    @ParameterizedTest(name = "{8}")
    @CsvSource(delimiter = '|', textBlock = """
            |              | text | Ada | ada@example.net |              |            | EMAIL | kind: Select what kind of feedback this is
            OPINION |      | text | Ada | ada@example.net |              |            | EMAIL | kind: Select what kind of feedback this is
            QUESTION |     |      | Ada | ada@example.net |              |            | EMAIL | description: Tell us what your feedback is about
            QUESTION |     | text |     | ada@example.net |              |            | EMAIL | name: Enter your name
            QUESTION |     | text | Ada | ada@            |              |            | EMAIL | email: Enter an email address in the correct format, like name@example.com
            QUESTION |     | text | Ada | a b@example.net | 02 9876 5432 |            | PHONE | email: Enter an email address in the correct format, like name@example.com
            QUESTION |     | text | Ada |                 |              |            | EMAIL | email: Enter your email address, so that we can reply by email
            QUESTION |     | text | Ada |                 | call me      |            | PHONE | phone: Enter a phone number, like 02 9876 5432 or +61 400 000 000
            QUESTION |     | text | Ada |                 | 12 34        |            | PHONE | phone: Enter a phone number, like 02 9876 5432 or +61 400 000 000
            QUESTION |     | text | Ada |                 |              |            | PHONE | phone: Enter your phone number, so that we can call you
            QUESTION |     | text | Ada |                 |              |            | POST  | address: Enter your postal address, so that we can reply by post
            QUESTION |     | text | Ada | ada@example.net |              |            |       | reply: Select how you would like us to reply
            QUESTION |     | text | Ada | ada@example.net |              |            | FAX   | reply: Select how you would like us to reply
            """)
    void eachProblemIsNamedForItsField(
            String kind,
            String subject,
            String description,
            String name,
            String email,
            String phone,
            String address,
            String reply,
            String expected) {
        FeedbackForm.Checked checked = form(kind, subject, description, name, email, phone, address, reply)
                .check();

        assertThat(checked.valid()).isNull();
        assertThat(checked.errors())
                .extracting(e -> e.field() + ": " + e.message())
                .containsExactly(expected);
    }

    @Test
    void tooLongFieldsAreRefused() {
        FeedbackForm.Checked checked = form(
                        "QUESTION",
                        "s".repeat(201),
                        "d".repeat(20_001),
                        "n".repeat(201),
                        null,
                        null,
                        "a".repeat(1001),
                        "PHONE")
                .check();

        assertThat(checked.errors())
                .extracting(FeedbackForm.FieldError::field)
                .containsExactly("subject", "description", "name", "phone", "address");
    }

    @Test
    void aMissingSubjectIsTheFeedbacksFirstLineCutAtAWord() {
        assertThat(FeedbackForm.subjectFrom("\n  Short first line \nmore")).isEqualTo("Short first line");
        assertThat(FeedbackForm.subjectFrom(
                        "The street light outside number 12 has been flickering every night since the storm"))
                .isEqualTo("The street light outside number 12 has been flickering every night since the…");
        assertThat(FeedbackForm.subjectFrom("x".repeat(100))).isEqualTo("x".repeat(80) + "…");
    }

    @Test
    void theHoneypotCountsOnlyWhenFilled() {
        assertThat(new FeedbackForm(null, null, null, null, null, null, null, null, "", null).honeypotFilled())
                .isFalse();
        assertThat(new FeedbackForm(null, null, null, null, null, null, null, null, "http://x", null).honeypotFilled())
                .isTrue();
    }
}
