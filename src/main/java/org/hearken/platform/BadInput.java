package org.hearken.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database errors that a value in the request caused. Some of PostgreSQL's "data exceptions" (class 22) mean the
 * request asked to store or compare a value that cannot exist in the database (a date outside its range, a number too
 * large for its column, text too long or holding characters it cannot store): the client's input is at fault, so the
 * answer is 400, never 500. Such values are refused earlier where a rule says so; this catches the ones no rule
 * foresaw. The rest of class 22 (a division by zero, a bad cast in Hearken's own SQL) is Hearken's fault and stays a
 * 500 with its stack trace in the log.
 */
public final class BadInput {

    private static final Logger log = LoggerFactory.getLogger(BadInput.class);

    /**
     * string_data_right_truncation, numeric_value_out_of_range, invalid_datetime_format, datetime_field_overflow,
     * character_not_in_repertoire, untranslatable_character, interval_field_overflow, invalid_text_representation
     * (a value that is not of its column's type).
     */
    private static final java.util.Set<String> VALUE_STATES =
            java.util.Set.of("22001", "22003", "22007", "22008", "22021", "22P05", "22015", "22P02");

    private BadInput() {}

    /**
     * What to tell the client if {@code e} was caused by such a value (noted in the log, as a refusal rather than an
     * error), or null if it was not.
     */
    public static String problem(Throwable e, HttpServletRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && VALUE_STATES.contains(sql.getSQLState())) {
                log.warn(
                        "Refused a value the database cannot store on {} {}: {}",
                        request.getMethod(),
                        request.getRequestURI(),
                        sql.getMessage());
                return "a value in the request is outside what can be stored (a date too far in the past or future, "
                        + "a number too large, or text that is too long); nothing was changed";
            }
        }
        return null;
    }
}
