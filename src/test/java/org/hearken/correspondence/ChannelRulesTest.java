package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.hearken.cases.CaseOpened;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.PreferredReply;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.junit.jupiter.api.Test;

class ChannelRulesTest {

    private static CaseOpened opened(Channel channel, String email) {
        Instant t = Instant.parse("2026-11-30T00:00:00Z");
        return new CaseOpened(
                1,
                "HK-2026-000001",
                "olivia",
                t,
                FeedbackKind.COMPLAINT,
                channel,
                t,
                "Bin",
                "Missed",
                new CustomerContact("Ada", email, "02 5550 1000", null, PreferredReply.EMAIL),
                1L,
                "WASTE",
                "grace",
                false,
                1,
                t,
                t,
                t,
                java.util.List.of());
    }

    /** The rules decide before touching anything; with no collaborators, any attempt to queue would fail. */
    private static ChannelRules rules(boolean autoAcknowledge) {
        return new ChannelRules(
                null,
                null,
                new MailSettings(
                        "smtp.example.org",
                        "Feedback <feedback@council.example.org>",
                        "Metart",
                        "https://feedback.example.org",
                        autoAcknowledge,
                        Duration.ofDays(3),
                        3),
                null);
    }

    @Test
    void acknowledgementsCanBeSwitchedOff() {
        assertThatCode(() -> rules(false).on(opened(Channel.EMAIL, "ada@example.net")))
                .doesNotThrowAnyException();
        assertThatCode(() -> rules(true).on(opened(Channel.EMAIL, "ada@example.net")))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aMessageThatAskedForNoAutomaticAnswerIsNotAcknowledgedAndTheRequestEndsWithItsCaseChange() {
        assertThatCode(() -> AutomaticMail.withheld(() -> {
                    rules(true).on(opened(Channel.EMAIL, "ada@example.net"));
                    return null;
                }))
                .doesNotThrowAnyException();
        assertThat(AutomaticMail.answersWithheld()).isFalse();
        assertThatThrownBy(() -> AutomaticMail.withheld(() -> {
                    throw new IllegalStateException("the case change failed");
                }))
                .hasMessage("the case change failed");
        assertThat(AutomaticMail.answersWithheld()).isFalse();
        assertThatCode(() -> rules(true).on(opened(Channel.EMAIL, "ada@example.net")))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void acknowledgementsExtensionNoticesAndSurveyInvitationsAreTheAutomaticKinds() {
        assertThat(TemplateKey.automaticKinds())
                .containsExactly("ACKNOWLEDGEMENT", "EXTENSION_NOTICE", "SURVEY_INVITATION");
        assertThat(TemplateKey.automatic("SUBSTANTIVE_RESPONSE")).isFalse();
        assertThat(TemplateKey.automatic("NO_SUCH_KIND")).isFalse();
    }

    @Test
    void onlyEmailAndWebFormWithAnAddressAreAcknowledgedByEmail() {
        for (Channel channel : Channel.values()) {
            if (channel != Channel.EMAIL && channel != Channel.WEB_FORM) {
                assertThatCode(() -> rules(true).on(opened(channel, "ada@example.net")))
                        .as(channel.name())
                        .doesNotThrowAnyException();
            }
        }
        assertThatCode(() -> rules(true).on(opened(Channel.WEB_FORM, null))).doesNotThrowAnyException();
        assertThatCode(() -> rules(true).on(opened(Channel.EMAIL, " "))).doesNotThrowAnyException();
    }

    @Test
    void messageIdsEndInTheSendersDomainAndABlankHostMeansNoSmtp() {
        MailSettings settings =
                new MailSettings(" ", "Feedback <feedback@council.example.org>", "x", "y", true, Duration.ofDays(3), 3);
        assertThat(settings.messageIdDomain()).isEqualTo("council.example.org");
        assertThat(settings.smtpConfigured()).isFalse();
        assertThatThrownBy(() -> new MailSettings("", "not an address", "x", "y", true, Duration.ofDays(3), 3))
                .hasMessageContaining("HEARKEN_MAIL_FROM");
    }
}
