package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.hearken.platform.FieldProblem;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {

    private static String render(String template, Map<String, String> fields) {
        return TemplateEngine.render(TemplateEngine.compile(template), fields);
    }

    @Test
    void insertsFieldsWithoutEscapingAndMissingOnesAsNothing() {
        assertThat(render("Dear {{customerName}}, {{reason}}.", Map.of("customerName", "Zoë O'Brien & <Sons>")))
                .isEqualTo("Dear Zoë O'Brien & <Sons>, .");
    }

    @Test
    void sectionsShowTextByWhetherAFieldIsEmpty() {
        String t = "{{#promisedDate}}by {{promisedDate}}{{/promisedDate}}{{^promisedDate}}no date{{/promisedDate}}";
        assertThat(render(t, Map.of("promisedDate", "5:00 pm on Monday 7 December 2026")))
                .isEqualTo("by 5:00 pm on Monday 7 December 2026");
        assertThat(render(t, Map.of("promisedDate", ""))).isEqualTo("no date");
        assertThat(render(t, Map.of())).isEqualTo("no date");
    }

    @Test
    void aCustomersPrivateLinkMayStandInTheBodyButNeverInTheSubject() {
        assertThat(TemplateEngine.problems(
                        "Your case {{reference}}", "Follow it at {{statusLink}}; rate us at {{surveyLink}}"))
                .isEmpty();
        assertThat(TemplateEngine.problems("Track it: {{statusLink}}", "Hello"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("subject");
                    assertThat(p.message()).contains("statusLink").contains("only in the body");
                });
        assertThat(TemplateEngine.problems("{{#surveyLink}}Rate us {{surveyLink}}{{/surveyLink}}", "Hello"))
                .extracting(FieldProblem::message)
                .singleElement()
                .asString()
                .contains("surveyLink");
    }

    @Test
    void noMethodOfAnyObjectCanBeReached() {
        Map<String, String> fields = Map.of("customerName", "Ada");
        assertThat(render(
                        "{{customerName.length}}{{customerName.class}}{{#customerName}}{{bytes}}{{empty}}{{class.name}}{{/customerName}}",
                        fields))
                .isEmpty();
        // The same names are refused when a template is saved.
        assertThat(TemplateEngine.problems("s", "{{customerName.length}} {{class}}"))
                .extracting(FieldProblem::message)
                .singleElement()
                .asString()
                .contains("unknown merge fields: class, customerName.length")
                .contains("customerName, reference");
    }

    @Test
    void refusesPartialsUnknownNamesAndBrokenSyntax() {
        assertThat(TemplateEngine.problems("Hello", "{{> header}} text"))
                .extracting(FieldProblem::message)
                .singleElement()
                .asString()
                .contains("partials");
        assertThat(TemplateEngine.problems("Hello {{customerNmae}}", "body"))
                .singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("subject"))
                .satisfies(p -> assertThat(p.message()).contains("customerNmae").contains("customerName"));
        assertThat(TemplateEngine.problems("Hello", "{{#reason}} never closed"))
                .extracting(FieldProblem::field)
                .containsExactly("body");
        assertThat(TemplateEngine.problems("two\nlines", "body"))
                .extracting(FieldProblem::message)
                .containsExactly("must be a single line");
        assertThat(TemplateEngine.problems(" ", ""))
                .extracting(FieldProblem::field)
                .containsExactly("subject", "body");
    }

    @Test
    void everyShippedDefaultIsValidAndMentionsTheCase() {
        for (TemplateKey key : TemplateKey.values()) {
            for (TemplateChannel channel : TemplateChannel.values()) {
                TemplateSource source = TemplateSource.shipped(key, channel);
                assertThat(TemplateEngine.problems(source.subject(), source.body()))
                        .as(key + " " + channel)
                        .isEmpty();
                assertThat(source.subject()).as(key + " " + channel).contains("{{reference}}");
                assertThat(source.body())
                        .as(key + " " + channel)
                        .startsWith("Dear {{customerName}},")
                        .doesNotContain("Subject:");
            }
        }
    }

    @Test
    void acknowledgementNamesOwnerAndDateOrSaysWhyThereIsNone() {
        TemplateSource ack = TemplateSource.shipped(TemplateKey.ACKNOWLEDGEMENT, TemplateChannel.EMAIL);
        Map<String, String> fields = new HashMap<>(MergeFields.sample("Metart", "https://feedback.example.org/"));
        String body = render(ack.body(), fields);
        assertThat(body)
                .contains(
                        "Grace Okafor (Waste Services) is looking after it and you can expect a response by 5:00 pm on Wednesday 9 December 2026.")
                .contains("https://feedback.example.org/public/status/" + MergeFields.PREVIEW_TOKEN)
                .endsWith("Metart\n");
        fields.put("promisedDate", "");
        fields.put("kind", "compliment");
        assertThat(render(ack.body(), fields))
                .contains("is looking after it. We read every compliment and use it to improve our service.");
    }

    @Test
    void headerValuesAreOneLine() {
        assertThat(OutgoingMail.singleLine("Eve\r\nBcc: evil@example.org\u2028x\t y"))
                .isEqualTo("Eve Bcc: evil@example.org x y");
    }

    @Test
    void onlyPlainMailboxesAreUsable() {
        assertThat(Correspondence.addressProblem("ada@example.net")).isNull();
        assertThat(Correspondence.addressProblem("ada@example.net\r\nBcc: evil@example.org"))
                .contains("not a usable");
        assertThat(Correspondence.addressProblem("ada@example.net, evil@example.org"))
                .isNotNull();
        assertThat(Correspondence.addressProblem("Ada <ada@example.net>")).isNotNull();
        assertThat(Correspondence.addressProblem(null)).isEqualTo("there is no e-mail address");
    }

    @Test
    void retriesBackOffToAQuarterOfAnHour() {
        assertThat(OutboxSender.retryDelay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(OutboxSender.retryDelay(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(OutboxSender.retryDelay(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(OutboxSender.retryDelay(6)).isEqualTo(Duration.ofMinutes(15));
        assertThat(OutboxSender.retryDelay(500)).isEqualTo(Duration.ofMinutes(15));
    }
}
