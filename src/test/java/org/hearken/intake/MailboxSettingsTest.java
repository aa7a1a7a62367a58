package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hearken.policy.FeedbackKind;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The settings as documented: environment variables bind, defaults apply, and without a mailbox nothing is scheduled. */
class MailboxSettingsTest {

    /** Just the settings and the schedule; the schedule's poller is never called here. */
    @Configuration(proxyBeanMethods = false)
    @Import({MailPollSchedule.class, MailIdleWatch.class, MailboxConnections.class})
    @EnableConfigurationProperties({Mailboxes.class, MailIntakeSettings.class})
    static class Scheduled {
        @Bean
        MailPoller poller() {
            return new MailPoller(null, null, null, null, null, null, null);
        }

        @Bean
        java.time.Clock clock() {
            return java.time.Clock.systemUTC();
        }

        @Bean
        MailboxLocks locks() {
            // Always held elsewhere: the watch threads stand by and touch no database.
            return new MailboxLocks(null) {
                @Override
                java.util.Optional<org.hearken.platform.ClusterLocks.Held> tryLock(Mailboxes.Mailbox mailbox) {
                    return java.util.Optional.empty();
                }
            };
        }
    }

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Scheduled.class);

    private static ApplicationContextRunner withEnvironment(
            ApplicationContextRunner runner, Map<String, Object> variables) {
        return runner.withInitializer(context -> context.getEnvironment()
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    @Test
    void withoutAMailboxNothingIsScheduled() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(MailPollSchedule.class);
            assertThat(context).doesNotHaveBean(MailIdleWatch.class);
            assertThat(context.getBean(Mailboxes.class).mailboxes()).isEmpty();
            MailIntakeSettings settings = context.getBean(MailIntakeSettings.class);
            assertThat(settings.maxAttachmentBytes().toMegabytes()).isEqualTo(10);
            assertThat(settings.pollInterval()).hasSeconds(30);
            assertThat(settings.defaultKind()).isEqualTo(FeedbackKind.QUESTION);
            assertThat(settings.idle()).isTrue();
            assertThat(settings.idleBudget()).hasMinutes(5);
        });
    }

    @Test
    void mailboxesBindFromEnvironmentVariablesWithDefaults() {
        withEnvironment(
                        runner,
                        Map.of(
                                "HEARKEN_MAILBOXES_0_HOST", "imap.example.org",
                                "HEARKEN_MAILBOXES_0_SSL", "true",
                                "HEARKEN_MAILBOXES_0_USERNAME", "complaints@example.org",
                                "HEARKEN_MAILBOXES_0_PASSWORD", "secret",
                                "HEARKEN_MAILBOXES_0_PROCESSEDFOLDER", "Done",
                                "HEARKEN_MAILBOXES_1_NAME", "feedback",
                                "HEARKEN_MAILBOXES_1_HOST", "imap.example.org",
                                "HEARKEN_MAILBOXES_1_USERNAME", "feedback@example.org",
                                "HEARKEN_MAILBOXES_1_DEPARTMENT", "PARKS",
                                "HEARKEN_INTAKE_MAIL_DEFAULTKIND", "COMPLAINT"))
                .run(context -> {
                    assertThat(context).hasSingleBean(MailPollSchedule.class);
                    assertThat(context).hasSingleBean(MailIdleWatch.class);
                    var boxes = context.getBean(Mailboxes.class).mailboxes();
                    assertThat(boxes).hasSize(2);
                    Mailboxes.Mailbox first = boxes.get(0);
                    assertThat(first.name()).isEqualTo("complaints@example.org@imap.example.org");
                    assertThat(first.port()).isEqualTo(993);
                    assertThat(first.folder()).isEqualTo("INBOX");
                    assertThat(first.processedFolder()).isEqualTo("Done");
                    assertThat(first.department()).isNull();
                    assertThat(first.toString()).doesNotContain("secret");
                    Mailboxes.Mailbox second = boxes.get(1);
                    assertThat(second.name()).isEqualTo("feedback");
                    assertThat(second.port()).isEqualTo(143);
                    assertThat(second.department()).isEqualTo("PARKS");
                    assertThat(second.password()).isEmpty();
                    assertThat(context.getBean(MailIntakeSettings.class).defaultKind())
                            .isEqualTo(FeedbackKind.COMPLAINT);
                });
    }

    @Test
    void idleCanBeSwitchedOffAndItsBudgetSetFromEnvironmentVariables() {
        withEnvironment(
                        runner,
                        Map.of(
                                "HEARKEN_MAILBOXES_0_HOST", "imap.example.org",
                                "HEARKEN_MAILBOXES_0_USERNAME", "complaints@example.org",
                                "HEARKEN_INTAKE_MAIL_IDLEBUDGET", "PT2M",
                                "HEARKEN_INTAKE_MAIL_IDLE", "false"))
                .run(context -> {
                    MailIntakeSettings settings = context.getBean(MailIntakeSettings.class);
                    assertThat(settings.idleBudget()).hasMinutes(2);
                    assertThat(settings.idle()).isFalse();
                    // Switched off, the watch starts no thread; polling alone takes mail in.
                    assertThat(context.getBean(MailIdleWatch.class).isRunning()).isFalse();
                    assertThat(context.getBean(MailIdleWatch.class).threads()).isEmpty();
                    assertThat(context).hasSingleBean(MailPollSchedule.class);
                });
    }

    @Test
    void anIdleBudgetOutsideFiveSecondsToTwentyMinutesIsRefused() {
        runner.withPropertyValues("hearken.intake.mail.idle-budget=PT25M")
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("idle-budget"));
        runner.withPropertyValues("hearken.intake.mail.idle-budget=PT1S")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("hearken.intake.mail.poll-interval=PT0S")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("hearken.intake.mail.idle-budget=PT20M")
                .run(context -> assertThat(
                                context.getBean(MailIntakeSettings.class).idleBudget())
                        .hasMinutes(20));
    }

    @Test
    void theMessageBudgetAndSizeLimitHaveDefaultsAndRefuseNonsense() {
        runner.run(context -> {
            MailIntakeSettings settings = context.getBean(MailIntakeSettings.class);
            assertThat(settings.messageBudget()).hasSeconds(5);
            assertThat(settings.maxMessageSize().toMegabytes()).isEqualTo(25);
        });
        runner.withPropertyValues(
                        "hearken.intake.mail.message-budget=PT30S", "hearken.intake.mail.max-message-size=40MB")
                .run(context -> {
                    MailIntakeSettings settings = context.getBean(MailIntakeSettings.class);
                    assertThat(settings.messageBudget()).hasSeconds(30);
                    assertThat(settings.maxMessageSize().toMegabytes()).isEqualTo(40);
                });
        runner.withPropertyValues("hearken.intake.mail.message-budget=PT0S")
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("message-budget"));
        runner.withPropertyValues("hearken.intake.mail.max-message-size=3GB")
                .run(context ->
                        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("max-message-size"));
    }

    @Test
    void lockNamesFitTheLockTable() {
        assertThat(MailboxLocks.lockName("intake")).isEqualTo("mail-intake:intake");
        String longName = "complaints-and-feedback@imap.a-very-long-host-name.example.org/INBOX/Complaints";
        assertThat(MailboxLocks.lockName(longName))
                .hasSize(60)
                .startsWith("mail-intake:")
                .isEqualTo(MailboxLocks.lockName(longName))
                .isNotEqualTo(MailboxLocks.lockName(longName + "2"));
    }

    @Test
    void twoMailboxesWithOneNameAreRefused() {
        runner.withPropertyValues(
                        "hearken.mailboxes[0].name=x",
                        "hearken.mailboxes[0].host=h",
                        "hearken.mailboxes[0].username=a",
                        "hearken.mailboxes[1].name=x",
                        "hearken.mailboxes[1].host=h",
                        "hearken.mailboxes[1].username=b")
                .run(context -> assertThat(context).hasFailed());
    }
}
