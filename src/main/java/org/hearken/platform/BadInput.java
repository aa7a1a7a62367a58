package org.hearken.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database errors that a value in the request caused. PostgreSQL's class 22 ("data exception": a date outside its
 * range, a number too large for its column, text it cannot store) means the request asked to store or compare a value
 * that cannot exist in the database: the client's input is at fault, so the answer is 400, never 500. Such values are
 * refused earlier where a rule says so; this is what catches the ones no rule foresaw.
 */
public final class BadInput {

    private static final Logger log = LoggerFactory.getLogger(BadInput.class);

    private BadInput() {}

    /**
     * What to tell the client if {@code e} was caused by such a value (noted in the log, as a refusal rather than an
     * error), or null if it was not.
     */
    public static String problem(Throwable e, HttpServletRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                log.warn("Refused a value the database cannot store on {} {}: {}", request.getMethod(), request.getRequestURI(),
                        sql.getMessage());
                return "a value in the request is outside what can be stored (a date too far in the past or future, "
                        + "a number too large, or text that is too long); nothing was changed";
            }
        }
        return null;
    }
}
