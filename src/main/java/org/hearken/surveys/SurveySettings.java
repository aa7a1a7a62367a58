package org.hearken.surveys;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The settings the surveys module reads, in one place. */
@Component
class SurveySettings {

    private final boolean enabled;
    private final Duration delay;
    private final Duration answerWithin;
    private final String publicUrl;

    SurveySettings(
            @Value("${hearken.surveys.enabled:true}") boolean enabled,
            @Value("${hearken.surveys.delay:PT24H}") Duration delay,
            @Value("${hearken.surveys.answer-within:P30D}") Duration answerWithin,
            @Value("${hearken.public-url:http://localhost:8080}") String publicUrl) {
        if (delay.isNegative()) {
            throw new IllegalStateException("hearken.surveys.delay must not be negative: " + delay);
        }
        if (answerWithin.isNegative() || answerWithin.isZero()) {
            throw new IllegalStateException(
                    "hearken.surveys.answer-within must be a positive duration, such as P30D: " + answerWithin);
        }
        this.enabled = enabled;
        this.delay = delay;
        this.answerWithin = answerWithin;
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

    /** How long after the invitation is sent its link takes an answer. */
    Duration answerWithin() {
        return answerWithin;
    }

    /** The customer's address of the survey with this token. */
    String link(String token) {
        return publicUrl + "/public/survey/" + token;
    }
}
