package org.hearken.register;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.hearken.platform.Digests;
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
 *
 * <p>Someone who controls the database could rewrite events and recompute every hash after them. The signed
 * {@link Checkpoint checkpoints} stop that: verification also checks that each checkpoint is signed by a trusted
 * register key and that the chain still has the signed hash at the checkpoint's position.
 *
 * <p>Hash versions: version 1 (the seals written before checkpoints existed) covers the event's id, time, reference,
 * actor, type and payload; version 2 covers the case id as well, and marks itself with a version byte. Each seal keeps
 * the version it was written with, so old seals verify as they were, and the version never goes back along the chain.
 */
@Component
class RegisterChain {

    static final byte[] GENESIS = new byte[32];
    /** The hash version new seals are written with. */
    static final int HASH_VERSION = 2;

    private static final int BATCH = 2000;
    private static final String CONTENT =
            "e.id, e.case_id, e.case_reference, e.occurred_at, e.actor, e.type, e.payload::text";

    /**
     * Result of a verification: whether the chain is intact, how many events and checkpoints were checked, where it
     * broke and why, and the head hash (and the last checkpoint's position) of an intact chain.
     */
    record Verification(
            boolean intact,
            long checked,
            long unsealed,
            Long brokenAtPosition,
            Long brokenAtEvent,
            String problem,
            String headHash,
            long checkpoints,
            Long lastCheckpointPosition) {}

    record Content(
            long id, long caseId, String reference, Instant occurredAt, String actor, String type, String payload) {}

    /** The end of the chain (or of a checked part of it): position 0 is the empty chain. */
    record Head(long position, byte[] hash, int version) {}

    private record Link(long position, byte[] prevHash, byte[] hash, int version, Content event) {}

    private final JdbcClient jdbc;
    private final RegisterKey key;
    private final TransactionTemplate tx;
    private final TransactionTemplate snapshot;

    RegisterChain(JdbcClient jdbc, RegisterKey key, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.key = key;
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

    /**
     * Seals everything pending; returns how many events were sealed. Another sealer at work at the same moment (the
     * checkpoint writer seals first, outside the sealer's lock) takes the same next position, and one of the two loses
     * on its primary key: the loser's batch is rolled back whole, its events stay pending, and it stops, leaving them
     * to the winner or the next run.
     */
    long sealAll() {
        long total = 0;
        int sealed;
        do {
            try {
                sealed = tx.execute(status -> sealBatch());
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                return total;
            }
            total += sealed;
        } while (sealed == BATCH);
        return total;
    }

    private int sealBatch() {
        List<Long> pending = jdbc.sql("""
                        delete from register_pending where event_id in
                          (select event_id from register_pending order by event_id limit ? for update skip locked)
                        returning event_id""").param(BATCH).query(Long.class).list();
        if (pending.isEmpty()) {
            return 0;
        }
        Head head = jdbc.sql("select position, hash, hash_version from register_seal order by position desc limit 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2), rs.getInt(3)))
                .optional()
                .orElse(new Head(0, GENESIS, HASH_VERSION));
        List<Content> events = jdbc.sql(
                        "select " + CONTENT + " from register_event e where e.id in (:ids) order by e.id")
                .param("ids", pending)
                .query((rs, n) -> content(rs, 1))
                .list();
        long position = head.position();
        byte[] prev = head.hash();
        List<Object> seals = new java.util.ArrayList<>();
        for (Content event : events) {
            byte[] hash = hash(HASH_VERSION, prev, event);
            seals.addAll(java.util.Arrays.asList(++position, event.id(), prev, hash, HASH_VERSION));
            prev = hash;
            if (seals.size() == SEALS_PER_INSERT * 5) {
                insertSeals(seals);
                seals.clear();
            }
        }
        if (!seals.isEmpty()) {
            insertSeals(seals);
        }
        return events.size();
    }

    /** Seals written by one statement: one round trip for many instead of one each. */
    private static final int SEALS_PER_INSERT = 500;

    /** Inserts seals given as five parameters each: position, event id, previous hash, hash, hash version. */
    private void insertSeals(List<Object> seals) {
        jdbc.sql("insert into register_seal (position, event_id, prev_hash, hash, hash_version) values "
                        + String.join(", ", java.util.Collections.nCopies(seals.size() / 5, "(?, ?, ?, ?, ?)")))
                .params(seals)
                .update();
    }

    /** Seals what is pending, then walks the whole chain recomputing every hash and checking every checkpoint. */
    Verification verify() {
        return verify(List.of());
    }

    /**
     * As {@link #verify()}, and checks {@code supplied} checkpoints too: copies exported earlier and kept elsewhere,
     * which still hold if someone removed checkpoints from the database.
     */
    Verification verify(List<Checkpoint> supplied) {
        sealAll();
        Walk walk = new Walk(new Head(0, GENESIS, 1));
        long[] counts = {0, 0};
        snapshot.executeWithoutResult(status -> {
            try (Stream<Checkpoint> stored = jdbc
                            .sql("select " + Checkpoint.COLUMNS + " from register_checkpoint order by number")
                            .withFetchSize(1000)
                            .query(Checkpoint::row)
                            .stream();
                    Stream<Link> links = links(0)) {
                Checkpoints checkpoints = new Checkpoints(stored.iterator(), supplied, walk);
                Iterator<Link> chain = links.iterator();
                while (!walk.broken() && chain.hasNext()) {
                    if (walk.accept(chain.next())) {
                        checkpoints.reached(walk.head());
                    }
                }
                checkpoints.beyondTheEnd();
            }
            counts[0] = jdbc.sql("select count(*) from register_event")
                    .query(Long.class)
                    .single();
            counts[1] = jdbc.sql("select count(*) from register_pending")
                    .query(Long.class)
                    .single();
        });
        long events = counts[0];
        long unsealed = counts[1];
        if (walk.broken()) {
            return new Verification(
                    false,
                    walk.checked,
                    unsealed,
                    walk.brokenAtPosition,
                    walk.brokenAtEvent,
                    walk.problem,
                    null,
                    walk.checkpoints,
                    walk.lastCheckpointPosition);
        }
        if (events != walk.checked + unsealed) {
            return new Verification(
                    false,
                    walk.checked,
                    unsealed,
                    null,
                    null,
                    (events - walk.checked - unsealed) + " events are neither sealed nor waiting to be sealed",
                    null,
                    walk.checkpoints,
                    walk.lastCheckpointPosition);
        }
        return new Verification(
                true,
                walk.checked,
                unsealed,
                null,
                null,
                null,
                HexFormat.of().formatHex(walk.head().hash()),
                walk.checkpoints,
                walk.lastCheckpointPosition);
    }

    /**
     * The head of the chain after checking every seal that follows {@code from} (a checkpoint already trusted), for a
     * new checkpoint to sign only what has been checked.
     *
     * @throws IllegalStateException if the chain after {@code from} is broken
     */
    Head checkedHeadAfter(long position, byte[] hash) {
        int version = position == 0
                ? 1
                : jdbc.sql("select hash_version from register_seal where position = ?")
                        .param(position)
                        .query(Integer.class)
                        .optional()
                        .orElseThrow(
                                () -> new IllegalStateException("The chain has no position " + position + " any more"));
        Walk walk = new Walk(new Head(position, hash, version));
        return snapshot.execute(status -> {
            try (Stream<Link> links = links(position)) {
                Iterator<Link> chain = links.iterator();
                while (!walk.broken() && chain.hasNext()) {
                    walk.accept(chain.next());
                }
            }
            if (walk.broken()) {
                throw new IllegalStateException(
                        "The register's chain is broken at position " + walk.brokenAtPosition + ": " + walk.problem);
            }
            return walk.head();
        });
    }

    private Stream<Link> links(long after) {
        return jdbc
                .sql("select s.position, s.prev_hash, s.hash, s.hash_version, " + CONTENT + """
                         from register_seal s join register_event e on e.id = s.event_id
                        where s.position > ? order by s.position""")
                .param(after)
                .withFetchSize(1000)
                .query((rs, n) -> new Link(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getInt(4), content(rs, 5)))
                .stream();
    }

    /** A walk along the chain from a known head, checking each link; it stops being extended at the first broken one. */
    private static final class Walk {
        private long position;
        private byte[] hash;
        private int version;
        long checked;
        long checkpoints;
        Long lastCheckpointPosition;
        Long brokenAtPosition;
        Long brokenAtEvent;
        String problem;

        Walk(Head from) {
            this.position = from.position();
            this.hash = from.hash();
            this.version = from.version();
        }

        Head head() {
            return new Head(position, hash, version);
        }

        boolean broken() {
            return problem != null;
        }

        /** Takes the next link if it follows on from the walk so far; false (and broken) if it does not. */
        boolean accept(Link link) {
            String wrong = null;
            if (link.position() != position + 1) {
                wrong = "position " + (position + 1) + " is missing";
            } else if (!MessageDigest.isEqual(link.prevHash(), hash)) {
                wrong = "its previous hash does not match the event before it";
            } else if (link.version() < version) {
                wrong = "its hash version goes back from " + version + " to " + link.version();
            } else if (!MessageDigest.isEqual(link.hash(), hash(link.version(), hash, link.event()))) {
                wrong = "its content does not match its hash";
            }
            if (wrong != null) {
                fail(link.position(), link.event().id(), wrong);
                return false;
            }
            position = link.position();
            hash = link.hash();
            version = link.version();
            checked++;
            return true;
        }

        void fail(Long atPosition, Long atEvent, String why) {
            if (problem == null) {
                brokenAtPosition = atPosition;
                brokenAtEvent = atEvent;
                problem = why;
            }
        }
    }

    /**
     * The checkpoints a walk must pass, the stored ones (in number order, which is position order) merged with the
     * supplied ones (sorted by position): each must be signed by a trusted key, the stored ones numbered without gaps,
     * and the chain must have the signed hash at each one's position.
     */
    private final class Checkpoints {
        private final Iterator<Checkpoint> stored;
        private final Deque<Checkpoint> supplied;
        private final Walk walk;
        private Checkpoint nextStored;
        private long lastNumber;

        Checkpoints(Iterator<Checkpoint> stored, List<Checkpoint> supplied, Walk walk) {
            this.stored = stored;
            this.supplied = new ArrayDeque<>(supplied.stream()
                    .sorted(Comparator.comparingLong(Checkpoint::position))
                    .toList());
            this.walk = walk;
            this.nextStored = pullStored();
            this.supplied.forEach(c -> checkSignature(c, "the supplied checkpoint " + c.number()));
        }

        private Checkpoint pullStored() {
            if (!stored.hasNext() || walk.broken()) {
                return null;
            }
            Checkpoint c = stored.next();
            if (c.number() != lastNumber + 1) {
                walk.fail(
                        c.position(), null, "checkpoint " + (lastNumber + 1) + " is missing: checkpoints were removed");
            }
            lastNumber = c.number();
            checkSignature(c, "checkpoint " + c.number());
            return c;
        }

        private void checkSignature(Checkpoint c, String name) {
            if (!key.verifies(c.keyId(), c.signedText(), c.signature())) {
                walk.fail(c.position(), null, name + " is not signed by a trusted register key");
            }
        }

        /** The walk has reached {@code head}: every checkpoint at its position must have signed its hash. */
        void reached(Head head) {
            while (!walk.broken()) {
                boolean fromStore = nextStored != null
                        && (supplied.isEmpty()
                                || nextStored.position() <= supplied.peekFirst().position());
                Checkpoint next = fromStore ? nextStored : supplied.peekFirst();
                if (next == null || next.position() > head.position()) {
                    return;
                }
                String name = fromStore ? "checkpoint " + next.number() : "the supplied checkpoint " + next.number();
                if (!MessageDigest.isEqual(next.headHash(), head.hash())) {
                    walk.fail(
                            head.position(),
                            null,
                            "the chain at position " + head.position() + " is not the one " + name + " signed at "
                                    + next.signedAt() + ": the register was rewritten after it was signed");
                    return;
                }
                walk.checkpoints++;
                walk.lastCheckpointPosition = head.position();
                if (fromStore) {
                    nextStored = pullStored();
                } else {
                    supplied.pollFirst();
                }
            }
        }

        /** After the last link: a checkpoint further on means sealed events have gone. */
        void beyondTheEnd() {
            Checkpoint next = nextStored != null ? nextStored : supplied.peekFirst();
            if (next != null && !walk.broken()) {
                walk.fail(
                        next.position(),
                        null,
                        "checkpoint " + next.number() + " covers position " + next.position()
                                + " but the chain ends at " + walk.head().position() + ": sealed events are missing");
            }
        }
    }

    private static Content content(ResultSet rs, int first) throws SQLException {
        return new Content(
                rs.getLong(first),
                rs.getLong(first + 1),
                rs.getString(first + 2),
                rs.getTimestamp(first + 3).toInstant(),
                rs.getString(first + 4),
                rs.getString(first + 5),
                rs.getString(first + 6));
    }

    static byte[] hash(int version, byte[] prev, Content event) {
        MessageDigest sha = Digests.newSha256();
        sha.update(prev);
        ByteBuffer numbers = ByteBuffer.allocate(24)
                .putLong(event.id())
                .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, event.occurredAt()));
        if (version >= 2) {
            sha.update((byte) version);
            numbers.putLong(event.caseId());
        }
        sha.update(numbers.array(), 0, numbers.position());
        for (String field : new String[] {event.reference(), event.actor(), event.type(), event.payload()}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return sha.digest();
    }
}
