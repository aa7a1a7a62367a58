package org.hearken.register;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The register's public read side: a case's events, oldest first, as recorded. It does not check who is asking:
 * callers look the case up through the cases module first, which applies the visibility rule.
 */
@Service
public class CaseHistory {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CaseHistory(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<RegisterEntry> of(long caseId) {
        return entries(
                "select id, case_reference, occurred_at, actor, type, payload::text from register_event"
                        + " where case_id = ? order by id",
                caseId);
    }

    /**
     * The case's events of one type (a {@code CaseEvents} record's simple name, such as {@code
     * CustomerMessageReceived}), oldest first: for pages that show one kind of event and must never read the others.
     */
    public List<RegisterEntry> of(long caseId, String type) {
        return entries(
                "select id, case_reference, occurred_at, actor, type, payload::text from register_event"
                        + " where case_id = ? and type = ? order by id",
                caseId,
                type);
    }

    private List<RegisterEntry> entries(String sql, Object... params) {
        return jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> new RegisterEntry(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getString(4),
                        rs.getString(5),
                        json.readTree(rs.getString(6))))
                .list();
    }
}
