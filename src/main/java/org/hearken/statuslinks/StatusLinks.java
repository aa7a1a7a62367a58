package org.hearken.statuslinks;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CustomerStatus;
import org.hearken.platform.Digests;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The secret tokens of the private status links, with which a customer follows their case without an account. A
 * token is 192 random bits from {@link SecureRandom}, written URL-safe; only its SHA-256 is stored. Because the token
 * cannot be recovered from the hash, every link is issued when it is given out, and a case may have several; within
 * one transaction a case gets one token, so the web form's confirmation page and its acknowledgement e-mail carry the
 * same link. Issuing a link changes nothing about the case, so it is not a register event.
 */
@Service
public class StatusLinks {

    static final int TOKEN_BYTES = 24;

    /** Base64url of {@link #TOKEN_BYTES} bytes, without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CaseManagement cases;
    private final JdbcClient jdbc;
    private final Clock clock;

    StatusLinks(CaseManagement cases, JdbcClient jdbc, Clock clock) {
        this.cases = cases;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A token for the case's status page, to be given to its customer in the caller's transaction: stored only if that
     * commits. The same token again when one was already issued for the case in this transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String issue(long caseId) {
        Map<Long, String> issued = issuedInThisTransaction();
        String earlier = issued.get(caseId);
        if (earlier != null) {
            return earlier;
        }
        byte[] secret = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.sql("insert into status_link (token_hash, case_id, created_at) values (?, ?, ?)")
                .params(Digests.sha256(token), caseId, Timestamp.from(clock.instant()))
                .update();
        issued.put(caseId, token);
        return token;
    }

    /** The status of the case the token was issued for; empty for any other string, so the caller cannot tell why. */
    @Transactional(readOnly = true)
    public Optional<CustomerStatus> find(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("select case_id from status_link where token_hash = ?")
                .param(Digests.sha256(token))
                .query(Long.class)
                .optional()
                .flatMap(cases::customerStatus);
    }

    @SuppressWarnings("unchecked")
    private Map<Long, String> issuedInThisTransaction() {
        Object key = this;
        Map<Long, String> issued = (Map<Long, String>) TransactionSynchronizationManager.getResource(key);
        if (issued == null) {
            issued = new HashMap<>();
            TransactionSynchronizationManager.bindResource(key, issued);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(key);
                }
            });
        }
        return issued;
    }
}
