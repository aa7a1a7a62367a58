package org.hearken.surveys;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The private token in a survey link: 256 random bits, URL-safe. Only its SHA-256 hash is stored, so a copy of the
 * database does not let anyone answer in a customer's name.
 */
final class SurveyTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 32 bytes in unpadded base64url are 43 characters. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private SurveyTokens() {}

    static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Whether {@code token} could be one of ours at all; anything else is not looked up. */
    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }
}
