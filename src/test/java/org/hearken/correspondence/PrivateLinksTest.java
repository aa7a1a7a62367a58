package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivateLinksTest {

    private static final String SURVEY_TOKEN = "a".repeat(20) + "B-_" + "9".repeat(20);
    private static final String STATUS_TOKEN = "Zz09-_".repeat(5) + "xy";

    @Test
    void staffReadWhereEachPrivateLinkWasNeverTheLinkItself() {
        String body = "Tell us how we did: https://feedback.example.org/public/survey/" + SURVEY_TOKEN + "\n"
                + "Follow your case at http://localhost:8080/public/status/" + STATUS_TOKEN + ". Thank you.";
        assertThat(PrivateLinks.forStaff(body))
                .isEqualTo("Tell us how we did: " + PrivateLinks.SURVEY_FOR_STAFF + "\n" + "Follow your case at "
                        + PrivateLinks.STATUS_FOR_STAFF + ". Thank you.");
    }

    @Test
    void aCopyThatAlreadyForgotTheTokenReadsTheSame() {
        assertThat(PrivateLinks.forStaff("See https://x.example/public/survey/[private link, not kept] soon"))
                .isEqualTo("See " + PrivateLinks.SURVEY_FOR_STAFF + " soon");
    }

    @Test
    void otherTextAndLinksStayAsTheyAre() {
        String body = "Our policy: https://council.example/public/policy and reference HK-2026-000042; a token-like "
                + STATUS_TOKEN + " alone is left.";
        assertThat(PrivateLinks.forStaff(body)).isEqualTo(body);
        String longer = "/public/status/" + STATUS_TOKEN + "X";
        assertThat(PrivateLinks.forStaff(longer)).as("not a status token").isEqualTo(longer);
        assertThat(PrivateLinks.forStaff(null)).isNull();
    }
}
