package org.hearken.correspondence;

import java.util.regex.Pattern;

/**
 * Links that work as a key and are meant for the customer alone: the survey link (whoever holds it may answer in the
 * customer's name) and the private status-page link (whoever holds it follows the case); and, in e-mail to staff, the
 * link an administrator made for someone to set a new password (forgotten on delivery like the others). Staff never see them: every
 * message body shown to staff goes through {@link #forStaff}, before and after sending; and once a message has been
 * delivered (an e-mail accepted by the mail server, a letter posted) the stored copy forgets them ({@link #sqlForget}),
 * so that a copy of the database holds no working link either.
 */
final class PrivateLinks {

    /** The survey token: 43 characters of unpadded base64url (256 random bits). */
    private static final String SURVEY_TOKEN = "[A-Za-z0-9_-]{43}";
    /** The status token: 32 characters of unpadded base64url (192 random bits). */
    private static final String STATUS_TOKEN = "[A-Za-z0-9_-]{32}";

    private static final String FORGOTTEN = "[private link, not kept]";
    private static final String URL_START = "(?:https?://[^\\s<>\"']*?)?";
    private static final String TOKEN_END = "(?![A-Za-z0-9_-])";

    private static final Pattern SURVEY = Pattern.compile(
            URL_START + "/public/survey/(?:" + SURVEY_TOKEN + TOKEN_END + "|" + Pattern.quote(FORGOTTEN) + ")");
    private static final Pattern STATUS = Pattern.compile(
            URL_START + "/public/status/(?:" + STATUS_TOKEN + TOKEN_END + "|" + Pattern.quote(FORGOTTEN) + ")");

    static final String SURVEY_FOR_STAFF = "[survey link — sent only to the customer]";
    static final String STATUS_FOR_STAFF = "[status page link — sent only to the customer]";

    private PrivateLinks() {}

    /** The message as staff may read it: each private link, whole, replaced by a note of what it was. */
    static String forStaff(String body) {
        if (body == null) {
            return null;
        }
        String text = SURVEY.matcher(body).replaceAll(SURVEY_FOR_STAFF);
        return STATUS.matcher(text).replaceAll(STATUS_FOR_STAFF);
    }

    /**
     * The column with the tokens of its private links replaced by "[private link, not kept]", as a PostgreSQL
     * expression for the statement that records a delivery: the stored copy of a delivered message.
     */
    static String sqlForget(String column) {
        return "regexp_replace(regexp_replace(regexp_replace(" + column
                + ", '(/public/survey/)[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])', '\\1" + FORGOTTEN
                + "', 'g'), '(/public/status/)[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])', '\\1" + FORGOTTEN + "', 'g'),"
                + " '(/password-reset/)[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])', '\\1" + FORGOTTEN + "', 'g')";
    }
}
