package org.hearken.register;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes the register's signed checkpoints: now and then (on one instance at a time) the chain's head is signed with
 * the {@link RegisterKey}, but only once the seals since the last checkpoint have been checked, and only when the head
 * has moved. Checkpoints are numbered from 1 without gaps and kept in an append-only table; they are exported with
 * their signatures so that copies kept elsewhere anchor the register outside the database.
 */
@Component
class RegisterCheckpoints implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RegisterCheckpoints.class);

    private final JdbcClient jdbc;
    private final RegisterChain chain;
    private final RegisterKey key;
    private final Clock clock;

    RegisterCheckpoints(JdbcClient jdbc, RegisterChain chain, RegisterKey key, Clock clock) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Refuses to start with a key that cannot extend the signed checkpoints: one made at this start because the key
     * file was missing (an instance without the shared key file, a container whose disk was new), or a key file that
     * holds another key. Otherwise this instance would sign nothing, and verification would report the register as
     * rewritten; nothing an operator should learn from an audit weeks later.
     */
    @Override
    public void run(ApplicationArguments args) {
        latest().filter(last -> !key.verifies(last.keyId(), last.signedText(), last.signature()))
                .ifPresent(last -> {
                    String found = key.created()
                            ? "no key file was found at " + key.file().toAbsolutePath() + " (hearken.register.key-file)"
                            : "the key file " + key.file().toAbsolutePath() + " holds another key (" + key.keyId()
                                    + ")";
                    key.forgetCreated();
                    throw new IllegalStateException(
                            "The register's checkpoints cannot be extended: checkpoint " + last.number()
                                    + " is signed by key " + last.keyId() + ", but " + found
                                    + ". Give this instance the key file the other"
                                    + " instances use (HEARKEN_REGISTER_KEY_FILE), or restore it from its backup. If that key is lost for good,"
                                    + " list its public key in hearken.register.retired-public-keys and start with a new key file (see the"
                                    + " register's signing key in docs/security.md).");
                });
    }

    @Scheduled(fixedDelayString = "${hearken.register.checkpoint-interval:PT15M}")
    @SchedulerLock(name = "register-checkpoint")
    void writeScheduled() {
        try {
            write();
        } catch (IllegalStateException e) {
            log.error("No register checkpoint was written: {}", e.getMessage());
        }
    }

    /**
     * Signs the chain's head if it has moved since the last checkpoint.
     *
     * @return the new checkpoint, or empty if the chain has not moved
     * @throws IllegalStateException if the last checkpoint is not signed by a trusted key or the chain since it is broken:
     *                               nothing is signed then, and verification says what is wrong
     */
    Optional<Checkpoint> write() {
        chain.sealAll();
        Optional<Checkpoint> last = latest();
        if (last.isPresent()
                && !key.verifies(
                        last.get().keyId(), last.get().signedText(), last.get().signature())) {
            throw new IllegalStateException(
                    "checkpoint " + last.get().number() + " is not signed by a trusted register key "
                            + "(was the key file replaced without listing the old public key in hearken.register.retired-public-keys?)");
        }
        RegisterChain.Head head = last.isPresent()
                ? chain.checkedHeadAfter(last.get().position(), last.get().headHash())
                : chain.checkedHeadAfter(0, RegisterChain.GENESIS);
        if (head.position() == 0
                || last.isPresent() && head.position() == last.get().position()) {
            return Optional.empty();
        }
        long number = last.map(Checkpoint::number).orElse(0L) + 1;
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] signature = key.sign(Checkpoint.signedText(number, head.position(), head.hash(), now));
        Checkpoint checkpoint = new Checkpoint(number, head.position(), head.hash(), now, key.keyId(), signature);
        int written = jdbc.sql("insert into register_checkpoint (" + Checkpoint.COLUMNS
                        + ") values (?, ?, ?, ?, ?, ?) on conflict do nothing")
                .params(number, head.position(), head.hash(), Timestamp.from(now), key.keyId(), signature)
                .update();
        if (written == 0) {
            // Another writer took this number meanwhile: its checkpoint is the latest.
            return latest();
        }
        log.info("Register checkpoint {} signed: position {}", number, head.position());
        return Optional.of(checkpoint);
    }

    Optional<Checkpoint> latest() {
        return jdbc.sql("select " + Checkpoint.COLUMNS + " from register_checkpoint order by number desc limit 1")
                .query(Checkpoint::row)
                .optional();
    }

    /** Up to {@code limit} checkpoints numbered after {@code after}, oldest first. */
    List<Checkpoint> after(long after, int limit) {
        return jdbc.sql("select " + Checkpoint.COLUMNS
                        + " from register_checkpoint where number > ? order by number limit ?")
                .params(after, limit)
                .query(Checkpoint::row)
                .list();
    }
}
