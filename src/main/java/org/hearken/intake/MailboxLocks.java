package org.hearken.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.springframework.stereotype.Component;

/**
 * One cluster-wide lock per mailbox (a ShedLock row, timed by the database's clock): whoever holds it polls the
 * mailbox or waits on it in IDLE; everyone else leaves the mailbox alone. The lock saves work and connections; taking
 * each message in exactly once never depends on it (the {@code intake_mail} table does that).
 */
@Component
class MailboxLocks {

    private static final String PREFIX = "mail-intake:";
    /** The shedlock table's name column holds 64 characters. */
    private static final int MAX_NAME = 64;

    private final LockProvider locks;
    private final Clock clock;

    MailboxLocks(LockProvider locks, Clock clock) {
        this.locks = locks;
        this.clock = clock;
    }

    /** The mailbox's lock if no one holds it, held for at most {@code atMostFor}; empty when someone else holds it. */
    Optional<SimpleLock> tryLock(Mailboxes.Mailbox mailbox, Duration atMostFor) {
        return locks.lock(new LockConfiguration(clock.instant(), lockName(mailbox.name()), atMostFor, Duration.ZERO));
    }

    static String lockName(String mailboxName) {
        String name = PREFIX + mailboxName;
        if (name.length() <= MAX_NAME && name.chars().allMatch(c -> c < 128)) {
            return name;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(mailboxName.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(hash, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
