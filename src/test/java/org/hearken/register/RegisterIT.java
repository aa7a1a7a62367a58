package org.hearken.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class RegisterIT extends IntegrationTest {

    @Autowired
    RegisterChain chain;

    @Autowired
    TransactionTemplate tx;

    private String newCase(Dept dept) {
        return dept.as(dept.lead).post("/api/cases", Map.of(
                "kind", "QUESTION", "channel", "PHONE", "subject", "Opening hours",
                "description", "Is the library open on public holidays?",
                "customer", Map.of("name", "Sam Caller", "phone", "0400 000 000"),
                "department", dept.code)).json().get("reference").asString();
    }

    @Test
    void verifyReportsAnIntactChainCoveringEveryEvent() {
        Dept dept = department();
        newCase(dept);
        newCase(dept);

        JsonNode result = dept.as(dept.lead).get("/api/register/verify").json();

        long events = jdbc.sql("select count(*) from register_event").query(Long.class).single();
        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("checked").asLong() + result.get("unsealed").asLong()).isEqualTo(events);
        assertThat(result.get("checked").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteRegisterEvents() {
        Dept dept = department();
        String reference = newCase(dept);

        assertThatThrownBy(() -> jdbc.sql("update register_event set actor = 'mallory' where case_reference = ?").param(reference).update())
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from register_event where case_reference = ?").param(reference).update())
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from register_seal").update())
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("append-only");
    }

    @Test
    void tamperingBySomeoneWhoBypassesTheTriggerIsDetected() {
        Dept dept = department();
        String reference = newCase(dept);
        chain.sealAll();
        try {
            // A database superuser can switch the guard off; the hash chain still shows what they did.
            tx.executeWithoutResult(s -> {
                jdbc.sql("alter table register_event disable trigger register_event_append_only").update();
                jdbc.sql("update register_event set actor = 'mallory' where case_reference = ?").param(reference).update();
                jdbc.sql("alter table register_event enable trigger register_event_append_only").update();
            });
            RegisterChain.Verification result = chain.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).contains("content does not match");
            assertThat(result.brokenAtEvent()).isEqualTo(jdbc.sql("select id from register_event where case_reference = ?")
                    .param(reference).query(Long.class).single());
        } finally {
            tx.executeWithoutResult(s -> {
                jdbc.sql("alter table register_event disable trigger register_event_append_only").update();
                jdbc.sql("update register_event set actor = ? where case_reference = ?")
                        .params(dept.lead, reference).update();
                jdbc.sql("alter table register_event enable trigger register_event_append_only").update();
            });
        }
        assertThat(chain.verify().intact()).isTrue();
    }

    @Test
    void executivesExportTheWholeRegisterAsCsvAndOthersMayNot() {
        Dept dept = department();
        String reference = newCase(dept);
        ApiClient executive = as(staffWithoutDepartment(org.hearken.identity.Role.EXECUTIVE));

        ApiClient.Response csv = executive.get("/api/register/export.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Disposition")).startsWith("attachment");
        assertThat(csv.body()).startsWith("event_id,chain_position,reference,occurred_at,actor,type,payload,hash");
        assertThat(csv.body()).contains(reference).contains("CaseOpened");
        assertThat(dept.as(dept.lead).get("/api/register/export.csv").status()).isEqualTo(403);

        // The same export streamed to an API token, whose identity the stream's last step must still know.
        String token = executive.post("/api/tokens", java.util.Map.of("name", "export")).json().get("token").asString();
        ApiClient.Response byToken = ApiClient.bearer(port, token).get("/api/register/export.csv");
        assertThat(byToken.status()).isEqualTo(200);
        assertThat(byToken.body()).startsWith("event_id,").contains(reference);
    }
}
