package org.hearken.correspondence;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.CaseLifecycle;
import org.hearken.platform.ClusterLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends what the outboxes hold ({@link Outbox}: mail to customers, then notices to staff). Each run claims a batch of
 * due messages for a lease of 20 seconds (a row lock with SKIP LOCKED makes two claims, on one instance or several,
 * never overlap), renews the batch's claims every 5 seconds while it sends and each message's claim just before sending
 * it, and records the result. An instance that dies leaves its
 * claimed messages to the others within the lease. A failed send is retried with a growing delay (30 s doubling to
 * 15 min) and marked FAILED only once it is older than {@code hearken.mail.give-up-after}. Every retry carries the Message-ID fixed when the message was queued.
 * A message can go out twice only if an instance dies between the SMTP server accepting it and the database recording
 * that; the receiving side then sees the same Message-ID twice. An automatic e-mail to an address that has had its
 * share of them this hour waits, without counting as an attempt, until it may go ({@link AutomaticMail}); that limit is
 * for customers' addresses, and notices to staff never wait for it.
 */
@Component
class OutboxSender implements ApplicationRunner {

    static final int BATCH = 50;
    static final Duration LEASE = ClusterLocks.LEASE;
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofMinutes(15);
    private static final int MAX_ERROR = 1000;

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private record Claimed(
            Outbox outbox,
            long id,
            long caseId,
            String kind,
            String toAddress,
            String subject,
            String body,
            String messageId,
            int attempts,
            Instant createdAt,
            String inReplyTo,
            String referencesHeader) {}

    /** What became of one claimed message. */
    private enum Outcome {
        SENT,
        HELD,
        FAILED
    }

    private final JdbcClient jdbc;
    private final AutomaticMail automaticMail;
    private final CaseLifecycle lifecycle;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final MailSettings settings;
    private final Clock clock;
    private final ClusterLocks locks;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();

    OutboxSender(
            JdbcClient jdbc,
            ObjectProvider<JavaMailSender> mailSender,
            MailSettings settings,
            CaseLifecycle lifecycle,
            AutomaticMail automaticMail,
            Clock clock,
            ClusterLocks locks) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.automaticMail = automaticMail;
        this.lifecycle = lifecycle;
        this.mailSender = mailSender;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.smtpConfigured()) {
            long waiting = 0;
            for (Outbox outbox : Outbox.values()) {
                waiting += jdbc.sql("select count(*) from %s where status = 'PENDING'".formatted(outbox.table()))
                        .query(Long.class)
                        .single();
            }
            log.warn(
                    "No SMTP host is configured (HEARKEN_SMTP_HOST), so e-mail to customers and staff is queued but not sent; {} message(s)"
                            + " waiting. They will be sent once a host is configured and Hearken restarted.",
                    waiting);
        }
    }

    /**
     * Sends every due message it can claim, of each outbox in turn; returns how many were sent. Stops at an outbox's
     * first failure and goes on with the next.
     */
    int sendDue() {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null || !settings.smtpConfigured()) {
            return 0;
        }
        int sent = 0;
        for (Outbox outbox : Outbox.values()) {
            sent += sendDue(sender, outbox);
        }
        return sent;
    }

    private int sendDue(JavaMailSender sender, Outbox outbox) {
        int sent = 0;
        while (true) {
            String token = instance + "/" + UUID.randomUUID();
            List<Claimed> batch = claim(outbox, token);
            if (batch.isEmpty()) {
                return sent;
            }
            try (ClusterLocks.Renewal renewal =
                    locks.keepRenewing("the outbox claim " + token, () -> renewAll(outbox, token))) {
                for (Claimed message : batch) {
                    if (!renew(message, token)) {
                        continue;
                    }
                    Outcome outcome = send(sender, message, token);
                    if (outcome == Outcome.FAILED) {
                        return sent;
                    }
                    if (outcome == Outcome.SENT) {
                        sent++;
                    }
                }
            } finally {
                release(outbox, token);
            }
            if (batch.size() < BATCH) {
                return sent;
            }
        }
    }

    private List<Claimed> claim(Outbox outbox, String token) {
        Instant now = now();
        return jdbc
                .sql("""
                        with due as materialized (
                            select id from %1$s
                            where status = 'PENDING' and next_attempt_at <= :now
                              and (claimed_until is null or claimed_until < clock_timestamp())
                            order by id
                            limit :batch
                            for update skip locked)
                        update %1$s m set claimed_until = clock_timestamp() + :lease * interval '1 millisecond',
                                          claimed_by = :token
                        from due where m.id = due.id
                        returning %2$s""".formatted(outbox.table(), outbox.claimed()))
                .param("now", Timestamp.from(now))
                .param("lease", LEASE.toMillis())
                .param("token", token)
                .param("batch", BATCH)
                .query((rs, n) -> new Claimed(
                        outbox,
                        rs.getLong("id"),
                        rs.getLong("case_id"),
                        rs.getString("kind"),
                        rs.getString("to_address"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getString("message_id"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getString("in_reply_to"),
                        rs.getString("references_header")))
                .list()
                .stream()
                .sorted(java.util.Comparator.comparingLong(Claimed::id))
                .toList();
    }

    /**
     * Keeps the batch's claims while it is being sent, however long one message takes. Claims are timed by the
     * database's clock, like the cluster locks: instances whose clocks disagree by seconds must still agree on whether a
     * 20-second claim has run out, or one would take over messages the other is sending.
     */
    private boolean renewAll(Outbox outbox, String token) {
        jdbc.sql("""
                        update %s set claimed_until = clock_timestamp() + ? * interval '1 millisecond'
                        where claimed_by = ? and status = 'PENDING' and claimed_until > clock_timestamp()""".formatted(outbox.table())).params(LEASE.toMillis(), token).update();
        return true;
    }

    /** A fresh lease just before sending, so that a long batch never sends a message whose lease another run took over. */
    private boolean renew(Claimed message, String token) {
        return jdbc.sql("""
                        update %s set claimed_until = clock_timestamp() + ? * interval '1 millisecond'
                        where id = ? and claimed_by = ? and status = 'PENDING' and claimed_until > clock_timestamp()""".formatted(message.outbox().table()))
                        .params(LEASE.toMillis(), message.id(), token)
                        .update()
                == 1;
    }

    private Outcome send(JavaMailSender sender, Claimed m, String token) {
        if (m.outbox().limitedPerAddress(m.kind())) {
            Optional<Instant> heldUntil = automaticMail.heldUntil(m.toAddress(), now());
            if (heldUntil.isPresent()) {
                hold(m, token, heldUntil.get());
                return Outcome.HELD;
            }
        }
        try {
            Session session = sender instanceof JavaMailSenderImpl impl
                    ? impl.getSession()
                    : Session.getInstance(new Properties());
            MimeMessage mime = OutgoingMail.build(
                    session,
                    m.messageId(),
                    settings.from(),
                    m.toAddress(),
                    m.subject(),
                    m.body(),
                    m.outbox().automatic(m.kind()),
                    now(),
                    new OutgoingMail.Threading(m.inReplyTo(), m.referencesHeader()),
                    m.outbox() == Outbox.CUSTOMERS ? attachments(m.id()) : List.of());
            sender.send(mime);
        } catch (MailException | MessagingException e) {
            failed(m, token, e);
            return Outcome.FAILED;
        }
        // Delivered: the stored copy need not keep the customer's private links, which work as keys.
        int updated = jdbc.sql("""
                        update %s
                        set status = 'SENT', sent_at = ?, attempts = attempts + 1, last_error = null, claimed_until = null, claimed_by = null,
                            body = %s
                        where id = ? and claimed_by = ?""".formatted(m.outbox().table(), PrivateLinks.sqlForget("body")))
                .params(Timestamp.from(now()), m.id(), token)
                .update();
        if (updated != 1) {
            log.warn("Sent message {} ({}) but its claim had passed to another sender", m.id(), m.messageId());
        }
        if (m.outbox() == Outbox.CUSTOMERS && m.kind().equals(TemplateKey.ACKNOWLEDGEMENT.name())) {
            // The customer now has the acknowledgement: the case records it, unless staff acknowledged it meanwhile.
            try {
                lifecycle.recordAutomaticAcknowledgement(m.caseId(), AcknowledgementMethod.EMAIL, now());
            } catch (RuntimeException e) {
                // The mail went; only the record of it failed (say the case was changed at that very moment).
                log.warn(
                        "Sent the acknowledgement {} but could not record it on the case: {}",
                        m.messageId(),
                        e.toString());
            }
        }
        return Outcome.SENT;
    }

    private List<OutgoingFile> attachments(long messageId) {
        return jdbc.sql("""
                        select filename, content_type, data from correspondence_attachment
                        where message_id = ? order by id""")
                .param(messageId)
                .query((rs, n) -> new OutgoingFile(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .list();
    }

    /** Puts the message back until {@code until}, not as a failed attempt: nothing went wrong, it just has to wait. */
    private void hold(Claimed m, String token, Instant until) {
        jdbc.sql("""
                        update %s set next_attempt_at = ?, claimed_until = null, claimed_by = null
                        where id = ? and claimed_by = ?""".formatted(m.outbox().table()))
                .params(Timestamp.from(until), m.id(), token)
                .update();
        log.info(
                "Holding the automatic e-mail {} ({}) until {}: {} already had {} automatic e-mails in the last hour",
                m.id(),
                m.kind(),
                until,
                m.toAddress(),
                settings.maxAutomaticPerHour());
    }

    private void failed(Claimed m, String token, Exception e) {
        Instant now = now();
        int attempts = m.attempts() + 1;
        boolean giveUp = !now.isBefore(m.createdAt().plus(settings.giveUpAfter()));
        String error = describe(e);
        jdbc.sql("""
                        update %s
                        set attempts = attempts + 1, last_error = ?, next_attempt_at = ?, status = ?, claimed_until = null, claimed_by = null
                        where id = ? and claimed_by = ?""".formatted(m.outbox().table()))
                .params(
                        error,
                        Timestamp.from(now.plus(retryDelay(attempts))),
                        giveUp ? "FAILED" : "PENDING",
                        m.id(),
                        token)
                .update();
        if (giveUp) {
            log.error(
                    "Gave up sending message {} ({}) to {} after {} attempts: {}",
                    m.id(),
                    m.messageId(),
                    m.toAddress(),
                    attempts,
                    error);
        } else {
            log.warn(
                    "Could not send message {} ({}), attempt {}; will retry in {}: {}",
                    m.id(),
                    m.messageId(),
                    attempts,
                    retryDelay(attempts),
                    error);
        }
    }

    /** 30 s after the first failure, doubling each time, at most 15 minutes. */
    static Duration retryDelay(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 10);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }

    private void release(Outbox outbox, String token) {
        jdbc.sql("update %s set claimed_until = null, claimed_by = null where claimed_by = ? and status = 'PENDING'"
                        .formatted(outbox.table()))
                .param(token)
                .update();
    }

    private static String describe(Exception e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !text.toString().contains(root.getMessage())) {
            text.append(" (")
                    .append(root.getClass().getSimpleName())
                    .append(": ")
                    .append(root.getMessage())
                    .append(')');
        }
        String s = OutgoingMail.singleLine(text.toString());
        return s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR) : s;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
