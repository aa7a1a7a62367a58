package org.hearken.correspondence;

import java.util.regex.Pattern;

/**
 * Links that work as a key, such as the survey link (whoever holds it may answer in the customer's name). Staff never
 * see them in the outbox, and the stored copy of a message loses them once the message has been sent.
 */
final class PrivateLinks {

    /** The survey link's private token: 43 characters of unpadded base64url (256 random bits). */
    private static final Pattern SURVEY = Pattern.compile("(/public/survey/)[A-Za-z0-9_-]{43}");

    static final String REDACTED = "$1[private link, not kept]";

    private PrivateLinks() {}

    static String redact(String body) {
        return body == null ? null : SURVEY.matcher(body).replaceAll(REDACTED);
    }

    /** The same as {@link #redact}, as a PostgreSQL regular expression replacement over a column. */
    static String sqlRedact(String column) {
        return "regexp_replace(" + column + ", '(/public/survey/)[A-Za-z0-9_-]{43}', '\\1[private link, not kept]', 'g')";
    }
}
