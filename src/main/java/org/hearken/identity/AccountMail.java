package org.hearken.identity;

import java.time.Instant;

/**
 * E-mail to a member of staff about their own account. The module that sends staff e-mail answers (correspondence);
 * identity asks through this, without depending on it.
 */
public interface AccountMail {

    /**
     * Queues, in the current transaction, an e-mail to {@code address} with the link to set a new password. False when
     * no mail server is configured (nothing was queued: the link must be given another way).
     */
    boolean sendPasswordLink(long staffId, String address, String fullName, String link, Instant expiresAt);
}
