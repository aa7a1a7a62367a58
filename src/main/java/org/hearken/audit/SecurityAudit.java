package org.hearken.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security audit log's one way in for the other modules: who did what, when, from which client address, to what,
 * and how it ended. Entries are append-only (the database refuses to change or remove them).
 *
 * <p>A success is written in the transaction of the change it records, so a change that rolls back leaves no entry
 * claiming it happened; a failure or refusal, and anything recorded outside a read-write transaction (a sign-in, a
 * read, an export), is written in a transaction of its own and kept whatever happens to the request.
 */
@Service
public class SecurityAudit {

    /** What was done. */
    public enum Action {
        /** A member of staff signed in on the sign-in page. */
        SIGN_IN("Signed in"),
        /** A sign-in with a password (page or HTTP Basic) or an API token did not prove who it claimed to be. */
        SIGN_IN_FAILED("Sign-in failed"),
        /** A sign-in was refused unchecked: too many failures from that address. */
        SIGN_IN_THROTTLED("Sign-in refused: too many failures"),
        STAFF_CREATED("Account created"),
        ROLES_CHANGED("Roles changed"),
        DEPARTMENTS_CHANGED("Departments changed"),
        /** An administrator asked for the executive or administrator role for someone; it waits for a second administrator. */
        ROLE_GRANT_REQUESTED("Role requested"),
        /** A second administrator approved a requested role (or, with none available, it was given at once). */
        ROLE_GRANT_APPROVED("Role request approved"),
        /** A requested role was refused, or withdrawn by the one who asked. */
        ROLE_GRANT_REFUSED("Role request refused"),
        /** A requested role lapsed, or someone involved was deactivated, or it was no longer asked for. */
        ROLE_GRANT_DROPPED("Role request dropped"),
        STAFF_DEACTIVATED("Account deactivated"),
        STAFF_REACTIVATED("Account reactivated"),
        /** A member of staff's e-mail address (where notices they chose are e-mailed) was set, changed or removed. */
        STAFF_EMAIL_CHANGED("E-mail address changed"),
        /** A member of staff changed their own password (a wrong current password is recorded as a failure). */
        PASSWORD_CHANGED("Password changed"),
        /** An administrator made a one-time link for someone else to set a new password. */
        PASSWORD_RESET_LINK_CREATED("Password link made"),
        /** Someone set a new password with a link an administrator made. */
        PASSWORD_RESET("Password set with a link"),
        /** A member of staff set up a second factor (an authenticator app). */
        SECOND_FACTOR_ENROLLED("Second factor set up"),
        /** An administrator removed someone's second factor (a lost phone). */
        SECOND_FACTOR_REMOVED("Second factor removed"),
        /** A member of staff made new recovery codes, or signed in with one. */
        RECOVERY_CODES_REPLACED("Recovery codes replaced"),
        RECOVERY_CODE_USED("Recovery code used"),
        /** An administrator changed the roles whose holders must sign in with a second factor. */
        SECOND_FACTOR_ROLES_CHANGED("Second factor roles changed"),
        API_TOKEN_ISSUED("API token issued"),
        API_TOKEN_REVOKED("API token revoked"),
        /** A case was opened as confidential (need-to-know). */
        CASE_MARKED_CONFIDENTIAL("Case marked confidential"),
        /** A member of staff was given sight of a case by name. */
        STAFF_NAMED_ON_CASE("Staff named on a case"),
        /** A member of staff was recorded as a subject of a complaint, and so lost sight of it. */
        STAFF_NAMED_AS_SUBJECT("Staff named as subject of a complaint"),
        /** A member of staff was taken off the subjects of a complaint (with the reason), and so may see it again. */
        STAFF_REMOVED_AS_SUBJECT("Staff taken off the subjects of a complaint"),
        /** Someone read a confidential case (its page or the API). */
        CONFIDENTIAL_CASE_OPENED("Confidential case opened"),
        /** An administrator started an import of cases from a file (the import's number, file, source and rows). */
        CASES_IMPORTED("Cases imported from a file"),
        /** A file of Hearken's data left it: register or report CSV, review pack, the audit log itself. */
        EXPORTED("Exported"),
        /** A webhook subscription was made (its secret is never recorded). */
        WEBHOOK_CREATED("Webhook subscription created"),
        /** A webhook subscription's name, URL, events, or whether it is paused, changed. */
        WEBHOOK_CHANGED("Webhook subscription changed"),
        WEBHOOK_DELETED("Webhook subscription deleted"),
        /** An administrator asked for events to be delivered again. */
        WEBHOOK_REDELIVERED("Webhook events redelivered"),
        /** A client organisation was created, with who looks after it (who may then see its cases). */
        CLIENT_CREATED("Client organisation created"),
        /** A client organisation's name, domains, relationship manager or deputy changed. */
        CLIENT_CHANGED("Client organisation changed"),
        /** A client organisation was merged into another: its contacts, domains and cases moved there. */
        CLIENT_MERGED("Client organisations merged"),
        /** A customer became, or stopped being, a contact of a client organisation (so its managers see their cases). */
        CLIENT_CONTACT_CHANGED("Client contact added or removed");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        /** In words, for the audit log page. */
        public String label() {
            return label;
        }
    }

    /** How it ended. */
    public enum Outcome {
        SUCCESS,
        /** Tried and failed (a wrong password). */
        FAILURE,
        /** Not allowed, so not done. */
        REFUSED
    }

    private static final int MAX_DETAIL = 500;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    SecurityAudit(JdbcClient jdbc, JsonMapper json, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Records an entry. The client address is the current web request's, if there is one.
     *
     * @param actor   the username acting (or tried, for a failed sign-in); null if nobody can be named
     * @param target  what it was done to: a username, a case reference, a file; null if nothing in particular
     * @param details a few facts worth keeping (strings are cut at 500 characters); never secrets or case contents
     */
    public void record(String actor, Action action, String target, Outcome outcome, Map<String, ?> details) {
        write(actor, action, target, null, outcome, details);
    }

    /** Records a successful action on a case; its reference is the target. */
    public void recordOnCase(String actor, Action action, String caseReference, Map<String, ?> details) {
        write(actor, action, caseReference, caseReference, Outcome.SUCCESS, details);
    }

    /**
     * Records the same successful action on several cases (each confidential case a list shows, say) with one
     * statement, so that a page of cases costs one insert and at most one commit, not one of each per case.
     */
    public void recordOnCases(String actor, Action action, List<String> caseReferences, Map<String, ?> details) {
        if (caseReferences.isEmpty()) {
            return;
        }
        String facts = json.writeValueAsString(facts(details));
        inTransaction(
                Outcome.SUCCESS,
                () -> jdbc.sql("""
                        insert into security_audit (occurred_at, actor, client_address, action, target, case_reference, outcome, details)
                        select ?, ?, ?, ?, r, r, ?, ?::jsonb from unnest(?::text[]) with ordinality as t(r, n) order by n""")
                        .params(
                                Timestamp.from(clock.instant()),
                                actor,
                                clientAddress(),
                                action.name(),
                                Outcome.SUCCESS.name(),
                                facts,
                                caseReferences.toArray(String[]::new))
                        .update());
    }

    private void write(
            String actor, Action action, String target, String caseReference, Outcome outcome, Map<String, ?> details) {
        Map<String, Object> facts = facts(details);
        inTransaction(
                outcome,
                () -> jdbc.sql("""
                        insert into security_audit (occurred_at, actor, client_address, action, target, case_reference, outcome, details)
                        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                        .params(
                                Timestamp.from(clock.instant()),
                                actor,
                                clientAddress(),
                                action.name(),
                                target,
                                caseReference,
                                outcome.name(),
                                json.writeValueAsString(facts))
                        .update());
    }

    private static Map<String, Object> facts(Map<String, ?> details) {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, v) -> facts.put(
                    k, v instanceof String s && s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "…" : v));
        }
        return facts;
    }

    /** A success is written in the change it records; anything else, or outside a change, in a transaction of its own. */
    private void inTransaction(Outcome outcome, Runnable insert) {
        boolean inChange = TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly();
        if (outcome == Outcome.SUCCESS && inChange) {
            insert.run();
        } else {
            ownTransaction.executeWithoutResult(status -> insert.run());
        }
    }

    private static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
