package org.hearken.cases;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.hearken.audit.CaseSight;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the audit log which of the cases its entries name the reader may open, by the rule of {@link CaseAccess}. */
@Component
class AuditCaseSight implements CaseSight {

    private final JdbcClient jdbc;
    private final StaffDirectory directory;

    AuditCaseSight(JdbcClient jdbc, StaffDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    @Override
    public Map<String, Sight> sight(String username, Collection<String> references) {
        Map<String, Sight> sight = new HashMap<>();
        if (references.isEmpty()) {
            return sight;
        }
        // A reader who is no longer known may open nothing: every case is then NOT_OPEN.
        Actor reader = directory.actorFor(username).orElse(null);
        Map<String, Object> params = new HashMap<>();
        params.put("references", references);
        String about = "false";
        String open = "false";
        if (reader != null) {
            params.put("reader", reader.staffId());
            about = ":reader = any(c.subject_staff)";
            open = CaseAccess.sqlCondition(reader, params);
        }
        jdbc.sql("select c.reference, " + about + ", " + open + " from cases c where c.reference in (:references)")
                .params(params)
                .query(rs -> {
                    sight.put(
                            rs.getString(1),
                            rs.getBoolean(2) ? Sight.ABOUT_READER : rs.getBoolean(3) ? Sight.OPEN : Sight.NOT_OPEN);
                });
        return sight;
    }
}
