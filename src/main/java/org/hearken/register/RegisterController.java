package org.hearken.register;

import java.util.List;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
class RegisterController {

    private final RegisterChain chain;
    private final CaseManagement cases;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    RegisterController(RegisterChain chain, CaseManagement cases, JdbcClient jdbc, JsonMapper json) {
        this.chain = chain;
        this.cases = cases;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Recomputes the whole hash chain: {@code intact} is true only if no sealed event was altered, removed or reordered. */
    @GetMapping("/api/register/verify")
    RegisterChain.Verification verify() {
        return chain.verify();
    }

    /** The case's register entries, oldest first. */
    @GetMapping("/api/cases/{reference}/events")
    List<RegisterEntry> events(@PathVariable String reference, Actor actor) {
        long caseId = cases.idOf(reference, actor);
        return jdbc.sql("select id, case_reference, occurred_at, actor, type, payload::text from register_event where case_id = ? order by id")
                .param(caseId)
                .query((rs, n) -> new RegisterEntry(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getString(5), json.readTree(rs.getString(6))))
                .list();
    }
}
