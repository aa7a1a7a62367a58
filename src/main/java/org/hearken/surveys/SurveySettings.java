package org.hearken.surveys;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The settings the surveys module reads, in one place. */
@Component
class SurveySettings {

    private final boolean enabled;
    private final Duration delay;
    private final String publicUrl;

    SurveySettings(@Value("${hearken.surveys.enabled:true}") boolean enabled,
                   @Value("${hearken.surveys.delay:PT24H}") Duration delay,
                   @Value("${hearken.public-url:http://localhost:8080}") String publicUrl) {
        if (delay.isNegative()) {
            throw new IllegalStateException("hearken.surveys.delay must not be negative: " + delay);
        }
        this.enabled = enabled;
        this.delay = delay;
        String url = publicUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        this.publicUrl = url;
    }

    /** Whether closed cases get a survey invitation at all. */
    boolean enabled() {
        return enabled;
    }

    /** How long after closure the invitation goes out. */
    Duration delay() {
        return delay;
    }

    /** The customer's address of the survey with this token. */
    String link(String token) {
        return publicUrl + "/public/survey/" + token;
    }
}
