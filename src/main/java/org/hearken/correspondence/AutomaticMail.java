package org.hearken.correspondence;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The per-address limit on automatic e-mail (RFC 3834's loop protection): one address gets at most
 * {@code hearken.mail.max-automatic-per-hour} automatic e-mails an hour, counting every automatic kind together
 * (acknowledgements, extension notices, survey invitations), so that two auto-responders cannot keep each other busy
 * and no customer is flooded. It is applied twice:
 * <ul>
 *   <li>when an acknowledgement would be queued: not queued at all once the address has had its share in the last
 *       hour (an acknowledgement answers mail, and mail can arrive without end);</li>
 *   <li>when any automatic e-mail is about to be sent: held back while the address has had its share sent in the last
 *       hour, and sent once the oldest of those is an hour old (an extension notice or survey invitation must still
 *       reach the customer, only later).</li>
 * </ul>
 * Two instances sending to one address at the very same moment may each send one; the limit is for loops, not a
 * contract.
 */
@Component
class AutomaticMail {

    static final Duration WINDOW = Duration.ofHours(1);

    /** Set while a case change runs whose message asked for no automatic answer; see {@link #withheld(Supplier)}. */
    private static final ThreadLocal<Boolean> WITHHELD = new ThreadLocal<>();

    private final JdbcClient jdbc;
    private final MailSettings settings;
    private final Clock clock;

    AutomaticMail(JdbcClient jdbc, MailSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether the address has had its share of automatic e-mail queued (in any state) in the last hour. */
    boolean limitReached(String address) {
        return queuedInLastHour(address) >= settings.maxAutomaticPerHour();
    }

    long queuedInLastHour(String address) {
        return jdbc.sql("""
                        select count(*) from correspondence_message
                        where kind in (:kinds) and lower(to_address) = lower(:to) and created_at > :since""")
                .param("kinds", TemplateKey.automaticKinds())
                .param("to", address)
                .param("since", Timestamp.from(clock.instant().minus(WINDOW)))
                .query(Long.class)
                .single();
    }

    /**
     * When an automatic e-mail to the address may go, if not now: an hour after the oldest of the automatic e-mails
     * sent to it in the last hour, once they are as many as the limit.
     */
    Optional<Instant> heldUntil(String address, Instant now) {
        return jdbc.sql("""
                        select min(sent_at) from correspondence_message
                        where kind in (:kinds) and lower(to_address) = lower(:to) and status = 'SENT' and sent_at > :since
                        having count(*) >= :limit""")
                .param("kinds", TemplateKey.automaticKinds())
                .param("to", address)
                .param("since", Timestamp.from(now.minus(WINDOW)))
                .param("limit", settings.maxAutomaticPerHour())
                .query(Timestamp.class)
                .optional()
                .map(oldest -> oldest.toInstant().plus(WINDOW));
    }

    /**
     * Runs {@code work} so that the case changes it makes queue no automatic answer. The channel rules run inside the
     * case change, synchronously and on this thread, so the request reaches them without the cases module carrying a
     * flag that is none of its business; nothing is left behind once {@code work} returns or throws.
     */
    static <T> T withheld(Supplier<T> work) {
        Boolean outer = WITHHELD.get();
        WITHHELD.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                WITHHELD.remove();
            }
        }
    }

    /** True inside {@link #withheld(Supplier)}. */
    static boolean answersWithheld() {
        return WITHHELD.get() != null;
    }
}
