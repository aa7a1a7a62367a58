package org.hearken.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The time trap: the form carries the time it was shown, signed with the server secret. People take a while to fill
 * in a form and send it within hours; robots post at once, or replay one form for days. The value is
 * {@code <epoch millis>.<HMAC-SHA256, base64url>}, so any instance can check it without storing anything.
 */
@Component
class FormTimeTrap {

    enum Verdict {
        OK,
        TOO_FAST,
        TOO_OLD,
        FORGED
    }

    private static final String PURPOSE = "feedback-form-issued|";

    private final FormSecret secret;
    private final Clock clock;
    private final Duration minFillTime;
    private final Duration maxAge;

    FormTimeTrap(FormSecret secret, Clock clock, PublicFormSettings settings) {
        this.secret = secret;
        this.clock = clock;
        this.minFillTime = settings.minFillTime();
        this.maxAge = settings.maxFormAge();
    }

    /** The value for the form shown now. */
    String issue() {
        long millis = clock.instant().toEpochMilli();
        return millis + "." + signature(millis);
    }

    Verdict check(String value) {
        if (value == null) {
            return Verdict.FORGED;
        }
        int dot = value.indexOf('.');
        if (dot <= 0 || dot > 19) {
            return Verdict.FORGED;
        }
        long millis;
        try {
            millis = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
            return Verdict.FORGED;
        }
        byte[] expected = signature(millis).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.FORGED;
        }
        Duration open = Duration.between(Instant.ofEpochMilli(millis), clock.instant());
        if (open.compareTo(minFillTime) < 0) {
            return Verdict.TOO_FAST;
        }
        return open.compareTo(maxAge) > 0 ? Verdict.TOO_OLD : Verdict.OK;
    }

    private String signature(long millis) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret.sign(PURPOSE + millis));
    }
}
