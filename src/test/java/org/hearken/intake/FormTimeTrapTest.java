package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hearken.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class FormTimeTrapTest {

    private final TestClock clock = new TestClock();

    private FormTimeTrap trap(String secret) {
        PublicFormSettings settings = settings(secret);
        return new FormTimeTrap(new FormSecret(null, clock, settings), clock, settings);
    }

    static PublicFormSettings settings(String secret) {
        return new PublicFormSettings(
                "",
                10,
                Duration.ofHours(1),
                Duration.ofSeconds(3),
                Duration.ofHours(4),
                secret,
                3,
                DataSize.ofMegabytes(5),
                List.of("pdf", "png", "txt"));
    }

    @Test
    void aFormSentAfterAPersonsPauseAndWithinHoursPasses() {
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        FormTimeTrap trap = trap("a secret of at least thirty-two characters");
        String issued = trap.issue();

        clock.advance(Duration.ofSeconds(3));
        assertThat(trap.check(issued)).isEqualTo(FormTimeTrap.Verdict.OK);
        clock.advance(Duration.ofHours(4).minusSeconds(3));
        assertThat(trap.check(issued)).isEqualTo(FormTimeTrap.Verdict.OK);
    }

    @Test
    void tooFastIsARobotAndTooOldMustBeSentAgain() {
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        FormTimeTrap trap = trap("a secret of at least thirty-two characters");
        String issued = trap.issue();

        clock.advance(Duration.ofMillis(2999));
        assertThat(trap.check(issued)).isEqualTo(FormTimeTrap.Verdict.TOO_FAST);
        clock.set(Instant.parse("2026-11-30T04:00:00.001Z"));
        assertThat(trap.check(issued)).isEqualTo(FormTimeTrap.Verdict.TOO_OLD);
    }

    @Test
    void aChangedTimeOrAnotherServersSignatureIsForged() {
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        FormTimeTrap trap = trap("a secret of at least thirty-two characters");
        String issued = trap.issue();
        clock.advance(Duration.ofSeconds(10));
        String signature = issued.substring(issued.indexOf('.'));
        long millis = Long.parseLong(issued.substring(0, issued.indexOf('.')));

        assertThat(trap.check((millis - 60_000) + signature)).isEqualTo(FormTimeTrap.Verdict.FORGED);
        assertThat(trap.check(
                        trap("another secret, also thirty-two characters long").issue()))
                .isEqualTo(FormTimeTrap.Verdict.FORGED);
        for (String junk : new String[] {null, "", ".", "abc.def", "1.", "99999999999999999999.x", issued + "x"}) {
            assertThat(trap.check(junk)).as(String.valueOf(junk)).isEqualTo(FormTimeTrap.Verdict.FORGED);
        }
    }

    @Test
    void aConfiguredSecretMustBeLongEnough() {
        assertThatThrownBy(() -> new FormSecret(null, clock, settings("short")))
                .hasMessageContaining("at least 32 characters");
    }
}
