package org.hearken.identity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signs a member of staff out everywhere: a web session carries the roles and departments it signed in with, so after
 * any change to those the next page asks them to sign in again.
 */
@Component
class StaffSessions {

    private final JdbcClient jdbc;

    StaffSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void end(String username) {
        jdbc.sql("delete from spring_session where lower(principal_name) = lower(?)")
                .param(username)
                .update();
    }

    /** Signs a member of staff out everywhere but in the session {@code keptSessionId} (the one they are using). */
    void endOthers(String username, String keptSessionId) {
        jdbc.sql("delete from spring_session where lower(principal_name) = lower(?) and session_id <> ?")
                .params(username, keptSessionId == null ? "" : keptSessionId)
                .update();
    }
}
