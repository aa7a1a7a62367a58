package org.hearken.intake;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * At most {@code hearken.public-form.max-per-address} accepted submissions from one client address within the window.
 * The count is kept in PostgreSQL, so every instance counts the same submissions; the address is stored only as a
 * hash keyed with the form secret. Only accepted submissions count: a rejected one stores nothing, not even here.
 */
@Component
class SubmissionLimit {

    /** The client address has used up its submissions for now. */
    static final class Reached extends RuntimeException {
        Reached() {
            super("too many submissions from one client address", null, false, false);
        }
    }

    private final JdbcClient jdbc;
    private final FormSecret secret;
    private final Clock clock;
    private final int max;
    private final Duration window;

    SubmissionLimit(JdbcClient jdbc, FormSecret secret, Clock clock, PublicFormSettings settings) {
        this.jdbc = jdbc;
        this.secret = secret;
        this.clock = clock;
        this.max = settings.maxPerAddress();
        this.window = settings.window();
    }

    Duration window() {
        return window;
    }

    /** Whether the address may not send another form now. */
    boolean reached(String clientAddress) {
        return count(clientHash(clientAddress), clock.instant()) >= max;
    }

    /**
     * Counts one accepted submission in the caller's transaction, which must then store it; throws {@link Reached}
     * instead when the address has none left. Concurrent submissions from one address wait for each other here, so
     * instances cannot together let more through than the limit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void take(String clientAddress) {
        byte[] client = clientHash(clientAddress);
        jdbc.sql("select pg_advisory_xact_lock(?)::text")
                .param(ByteBuffer.wrap(client).getLong())
                .query(String.class)
                .single();
        Instant now = clock.instant();
        if (count(client, now) >= max) {
            throw new Reached();
        }
        jdbc.sql("insert into intake_form_submission (client_hash, submitted_at) values (?, ?)")
                .params(client, Timestamp.from(now))
                .update();
    }

    private int count(byte[] client, Instant now) {
        return jdbc.sql("""
                        select count(*) from intake_form_submission
                        where client_hash = ? and submitted_at > ? and submitted_at <= ?""")
                .params(client, Timestamp.from(now.minus(window)), Timestamp.from(now))
                .query(Integer.class)
                .single();
    }

    private byte[] clientHash(String clientAddress) {
        return secret.sign("client|" + (clientAddress == null ? "unknown" : clientAddress));
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT7M")
    void forgetOldSubmissions() {
        jdbc.sql("delete from intake_form_submission where submitted_at < ?")
                .param(Timestamp.from(clock.instant().minus(window.multipliedBy(2))))
                .update();
    }
}
