package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SsoUsernamesTest {

    private static final String VALID = "^[a-z0-9._@-]{2,64}$";

    @Test
    void thePreferredUsernameLowerCasedElseTheEmailAddress() {
        assertThat(SsoUsernames.base("Jane.Smith@Council.example.org", "x@y", "s"))
                .isEqualTo("jane.smith@council.example.org");
        assertThat(SsoUsernames.base(null, "Ravi@council.example.org", "s")).isEqualTo("ravi@council.example.org");
        assertThat(SsoUsernames.base(" ", null, "AbC123")).isEqualTo("sso-abc123");
    }

    @Test
    void madeToFitHearkensUsernames() {
        for (String name : new String[] {"Zoë O'Brien", "a", "!!!", "x".repeat(300), "名前", "ab cd\u0000ef"}) {
            assertThat(SsoUsernames.base(name, null, "00uq-subject")).as(name).matches(VALID);
        }
        assertThat(SsoUsernames.base("Zoë O'Brien", null, "s")).isEqualTo("zo-o-brien");
        assertThat(SsoUsernames.base("名前", null, "s")).isEqualTo("sso-s");
    }

    @Test
    void aTakenNameGetsANumber() {
        Set<String> taken = Set.of("jane", "jane-2");
        assertThat(SsoUsernames.unique("jane", taken::contains)).isEqualTo("jane-3");
        assertThat(SsoUsernames.unique("ravi", taken::contains)).isEqualTo("ravi");
        String longest = SsoUsernames.base("x".repeat(300), null, "s");
        assertThat(SsoUsernames.unique(longest, n -> n.equals(longest))).matches(VALID);
    }
}
