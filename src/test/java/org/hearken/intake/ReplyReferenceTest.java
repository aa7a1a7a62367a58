package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class ReplyReferenceTest {

    private static String referenceIn(String subject) {
        Matcher m = MailIntake.REFERENCE.matcher(subject);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void aReferencePastTheMillionthCaseIsFoundWhole() {
        assertThat(referenceIn("Re: [HK-2026-000042] Bin not collected")).isEqualTo("HK-2026-000042");
        assertThat(referenceIn("Re: [HK-2026-1000000] Bin not collected")).isEqualTo("HK-2026-1000000");
        assertThat(referenceIn("RE: HK-2027-123456789 still waiting")).isEqualTo("HK-2027-123456789");
    }

    @Test
    void fewerThanSixDigitsIsNotAReference() {
        assertThat(referenceIn("Re: HK-2026-42 Bin not collected")).isNull();
    }
}
