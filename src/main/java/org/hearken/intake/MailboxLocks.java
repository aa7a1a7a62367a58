package org.hearken.intake;

import java.util.HexFormat;
import java.util.Optional;
import org.hearken.platform.ClusterLocks;
import org.hearken.platform.Digests;
import org.springframework.stereotype.Component;

/**
 * One cluster-wide lock per mailbox (a {@link ClusterLocks} lease, renewed while held): whoever holds it polls the
 * mailbox or waits on it in IDLE; everyone else leaves the mailbox alone. An instance that crashes lets its mailboxes
 * go within the lease (20 seconds). The lock saves work and connections; taking each message in exactly once never
 * depends on it (the {@code intake_mail} table does that).
 */
@Component
class MailboxLocks {

    private static final String PREFIX = "mail-intake:";
    /** The shedlock table's name column holds 64 characters. */
    private static final int MAX_NAME = 64;

    private final ClusterLocks locks;

    MailboxLocks(ClusterLocks locks) {
        this.locks = locks;
    }

    /** The mailbox's lock if no one holds it, renewed until it is unlocked (or lost); empty when someone else holds it. */
    Optional<ClusterLocks.Held> tryLock(Mailboxes.Mailbox mailbox) {
        return locks.tryLock(lockName(mailbox.name()));
    }

    static String lockName(String mailboxName) {
        String name = PREFIX + mailboxName;
        if (name.length() <= MAX_NAME && name.chars().allMatch(c -> c < 128)) {
            return name;
        }
        return PREFIX + HexFormat.of().formatHex(Digests.sha256(mailboxName), 0, 24);
    }
}
