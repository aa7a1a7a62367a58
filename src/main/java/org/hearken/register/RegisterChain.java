package org.hearken.register;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals register events into one hash chain and verifies it. Each seal's hash is SHA-256 over the previous hash and
 * the event's canonical content, so changing, removing or reordering any sealed event breaks every hash after it.
 * Sealing runs every second on one instance (ShedLock); the chain position is a primary key, so even two sealers
 * racing cannot fork the chain: the loser's transaction fails and its events are sealed on the next run.
 */
@Component
class RegisterChain {

    static final byte[] GENESIS = new byte[32];
    private static final int BATCH = 2000;

    /** Result of a verification: whether the chain is intact, how many events were checked, and where it broke. */
    record Verification(boolean intact, long checked, long unsealed, Long brokenAtPosition, Long brokenAtEvent, String problem,
                        String headHash) {}

    private record Content(long id, String reference, Instant occurredAt, String actor, String type, String payload) {}

    private record Head(long position, byte[] hash) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate snapshot;

    RegisterChain(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        // The walk and the counts it is compared with must see one consistent state of the register.
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    @Scheduled(fixedDelayString = "${hearken.register.seal-interval:PT1S}")
    @SchedulerLock(name = "register-seal")
    void sealScheduled() {
        sealAll();
    }

    /** Seals everything pending; returns how many events were sealed. */
    long sealAll() {
        long total = 0;
        int sealed;
        do {
            sealed = tx.execute(status -> sealBatch());
            total += sealed;
        } while (sealed == BATCH);
        return total;
    }

    private int sealBatch() {
        List<Long> pending = jdbc.sql("""
                        delete from register_pending where event_id in
                          (select event_id from register_pending order by event_id limit ? for update skip locked)
                        returning event_id""")
                .param(BATCH)
                .query(Long.class)
                .list();
        if (pending.isEmpty()) {
            return 0;
        }
        Head head = jdbc.sql("select position, hash from register_seal order by position desc limit 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2)))
                .optional()
                .orElse(new Head(0, GENESIS));
        List<Content> events = jdbc.sql("""
                        select id, case_reference, occurred_at, actor, type, payload::text from register_event
                        where id in (:ids) order by id""")
                .param("ids", pending)
                .query(RegisterChain::row)
                .list();
        long position = head.position();
        byte[] prev = head.hash();
        for (Content event : events) {
            byte[] hash = hash(prev, event);
            jdbc.sql("insert into register_seal (position, event_id, prev_hash, hash) values (?, ?, ?, ?)")
                    .params(++position, event.id(), prev, hash)
                    .update();
            prev = hash;
        }
        return events.size();
    }

    /** Seals what is pending, then walks the whole chain recomputing every hash. */
    Verification verify() {
        sealAll();
        record Link(long position, byte[] prevHash, byte[] hash, Content event) {}
        AtomicReference<Verification> broken = new AtomicReference<>();
        long[] checked = {0};
        long[] counts = {0, 0};
        byte[][] prev = {GENESIS};
        snapshot.execute(status -> {
            jdbc.sql("""
                            select s.position, s.prev_hash, s.hash,
                                   e.id, e.case_reference, e.occurred_at, e.actor, e.type, e.payload::text
                            from register_seal s join register_event e on e.id = s.event_id
                            order by s.position""")
                    .withFetchSize(1000)
                    .query((rs, n) -> new Link(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), content(rs, 4)))
                    .stream()
                    .takeWhile(link -> broken.get() == null)
                    .forEach(link -> {
                        String problem = null;
                        if (link.position() != checked[0] + 1) {
                            problem = "position " + (checked[0] + 1) + " is missing";
                        } else if (!MessageDigest.isEqual(link.prevHash(), prev[0])) {
                            problem = "its previous hash does not match the event before it";
                        } else if (!MessageDigest.isEqual(link.hash(), hash(prev[0], link.event()))) {
                            problem = "its content does not match its hash";
                        }
                        if (problem != null) {
                            broken.set(new Verification(false, checked[0], 0, link.position(), link.event().id(), problem, null));
                            return;
                        }
                        checked[0]++;
                        prev[0] = link.hash();
                    });
            counts[0] = jdbc.sql("select count(*) from register_event").query(Long.class).single();
            counts[1] = jdbc.sql("select count(*) from register_pending").query(Long.class).single();
            return null;
        });
        long events = counts[0];
        long unsealed = counts[1];
        if (broken.get() != null) {
            Verification b = broken.get();
            return new Verification(false, b.checked(), unsealed, b.brokenAtPosition(), b.brokenAtEvent(), b.problem(), null);
        }
        if (events != checked[0] + unsealed) {
            return new Verification(false, checked[0], unsealed, null, null,
                    (events - checked[0] - unsealed) + " events are neither sealed nor waiting to be sealed", null);
        }
        return new Verification(true, checked[0], unsealed, null, null, null, HexFormat.of().formatHex(prev[0]));
    }

    private static Content row(ResultSet rs, int rowNum) throws SQLException {
        return content(rs, 1);
    }

    private static Content content(ResultSet rs, int first) throws SQLException {
        return new Content(rs.getLong(first), rs.getString(first + 1), rs.getTimestamp(first + 2).toInstant(),
                rs.getString(first + 3), rs.getString(first + 4), rs.getString(first + 5));
    }

    static byte[] hash(byte[] prev, Content event) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev);
            sha.update(ByteBuffer.allocate(16).putLong(event.id())
                    .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, event.occurredAt())).array());
            for (String field : new String[] {event.reference(), event.actor(), event.type(), event.payload()}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
