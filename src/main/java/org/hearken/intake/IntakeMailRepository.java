package org.hearken.intake;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hearken.cases.CaseView;
import org.hearken.platform.Digests;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The intake_mail and intake_attachment tables. */
@Repository
class IntakeMailRepository {

    enum Status {
        NEW,
        CASE_CREATED,
        ADDED_TO_CASE,
        IGNORED_AUTOMATIC,
        DUPLICATE,
        QUARANTINED,
        DISMISSED
    }

    /** What an administrator did with a quarantined message. */
    enum Action {
        RETRIED,
        DISMISSED
    }

    /** What the store step did with a message: stored it for processing, recognised a duplicate, or found it stored. */
    enum Stored {
        NEW,
        DUPLICATE,
        ALREADY_STORED
    }

    record Pending(long id, String mailbox, Instant fetchedAt, Instant serverReceivedAt) {}

    record Unmarked(long id, long uid) {}

    record Quarantined(long id, String mailbox, Instant fetchedAt, String problem, int size) {}

    /**
     * A quarantined (or dismissed) message as locked for an administrator's action. {@code notDownloaded} when Hearken
     * holds none of its bytes: the server would not hand it over ({@code size} 0), or it was over the size limit.
     */
    record QuarantineRow(long id, Status status, boolean notDownloaded, int size) {}

    /** A message that is or was in the quarantine, with what administrators did with it. */
    record QuarantineEntry(
            long id,
            String mailbox,
            Status status,
            Instant fetchedAt,
            String problem,
            int size,
            Long caseId,
            List<ActionTaken> actions) {}

    record ActionTaken(Action action, String actor, Instant at, Status outcome, String note) {}

    record AttachmentData(String filename, byte[] data, boolean tooLarge) {}

    private final JdbcClient jdbc;

    IntakeMailRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Highest UID stored for this mailbox under this UIDVALIDITY, or -1 when none is. */
    long lastUid(String mailbox, long uidValidity) {
        return jdbc.sql("select coalesce(max(uid), -1) from intake_mail where mailbox = ? and uid_validity = ?")
                .params(mailbox, uidValidity)
                .query(Long.class)
                .single();
    }

    /**
     * Stores a fetched message. A message whose Message-ID (or, without one, content) is already stored is kept as a
     * DUPLICATE of the first, which is the one processed. Run in its own transaction, committed before anything else.
     */
    Stored store(String mailbox, long uidValidity, long uid, byte[] raw, Instant fetchedAt, Instant serverReceivedAt) {
        boolean known = jdbc.sql(
                        "select exists (select 1 from intake_mail where mailbox = ? and uid_validity = ? and uid = ?)")
                .params(mailbox, uidValidity, uid)
                .query(Boolean.class)
                .single();
        if (known) {
            return Stored.ALREADY_STORED;
        }
        RawMail parsed = RawMail.of(raw);
        Optional<Long> original = parsed.messageId() != null
                ? jdbc.sql("select id from intake_mail where message_id = ? and duplicate_of is null")
                        .param(parsed.messageId())
                        .query(Long.class)
                        .optional()
                : jdbc.sql(
                                "select id from intake_mail where content_hash = ? and message_id is null and duplicate_of is null")
                        .param(parsed.contentHash())
                        .query(Long.class)
                        .optional();
        boolean duplicate = original.isPresent();
        int inserted = jdbc.sql("""
                        insert into intake_mail (mailbox, uid_validity, uid, message_id, content_hash, raw, size, fetched_at,
                                                 server_received_at, status, duplicate_of, processed_at)
                        values (:mailbox, :uidValidity, :uid, :messageId, :hash, :raw, :size, :fetchedAt, :serverReceivedAt,
                                :status, :duplicateOf, :processedAt)
                        on conflict do nothing""")
                .param("mailbox", mailbox)
                .param("uidValidity", uidValidity)
                .param("uid", uid)
                .param("messageId", parsed.messageId())
                .param("hash", parsed.contentHash())
                .param("raw", raw)
                .param("size", raw.length)
                .param("fetchedAt", ts(fetchedAt))
                .param("serverReceivedAt", ts(serverReceivedAt))
                .param("status", duplicate ? Status.DUPLICATE.name() : Status.NEW.name())
                .param("duplicateOf", original.orElse(null))
                .param("processedAt", duplicate ? ts(fetchedAt) : null)
                .update();
        if (inserted == 0) {
            // Another poller stored it (or its original) at the same moment; the next run sorts it out from the table.
            throw new IllegalStateException("message " + uid + " of " + mailbox + " was stored concurrently");
        }
        return duplicate ? Stored.DUPLICATE : Stored.NEW;
    }

    /**
     * Records a message Hearken did not download, so that it is quarantined (and later marked on the server) instead of
     * blocking every message behind it: one the server would not hand over ({@code size} 0), or one over the size
     * limit ({@code size} as the server gave it, and {@code fromAddress} when the server told who sent it).
     */
    void storeNotDownloaded(
            String mailbox,
            long uidValidity,
            long uid,
            int size,
            String messageId,
            String fromAddress,
            String problem,
            Instant at) {
        byte[] placeholder =
                (mailbox + "\n" + uidValidity + "\n" + uid).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // The Message-ID, when the server gave one, unless a message with it is stored already: this is not a copy of
        // it.
        jdbc.sql("""
                        insert into intake_mail (mailbox, uid_validity, uid, message_id, content_hash, raw, size, fetched_at, status,
                                                 problem, processed_at, from_address)
                        select :mailbox, :uidValidity, :uid,
                               case when exists (select 1 from intake_mail where message_id = :messageId) then null else :messageId end,
                               :hash, :raw, :size, :at, 'QUARANTINED', :problem, :at, :from
                        on conflict do nothing""")
                .param("mailbox", mailbox)
                .param("uidValidity", uidValidity)
                .param("uid", uid)
                .param("messageId", messageId)
                .param("hash", Digests.sha256(placeholder))
                .param("raw", new byte[0])
                .param("size", size)
                .param("at", ts(at))
                .param("problem", problem)
                .param("from", fromAddress)
                .update();
    }

    List<Long> pendingIds(int limit) {
        return jdbc.sql("select id from intake_mail where status = 'NEW' order by id limit ?")
                .param(limit)
                .query(Long.class)
                .list();
    }

    /** The raw message if it still waits to be processed, read without a lock: reading it takes time, holding nothing. */
    Optional<byte[]> pendingRaw(long id) {
        return jdbc.sql("select raw from intake_mail where id = ? and status = 'NEW'")
                .param(id)
                .query(byte[].class)
                .optional();
    }

    /** The message if it still waits to be processed, locked so that no one else processes it meanwhile. */
    Optional<Pending> lockPending(long id) {
        return jdbc.sql("""
                        select id, mailbox, fetched_at, server_received_at from intake_mail
                        where id = ? and status = 'NEW' for update""")
                .param(id)
                .query((rs, n) -> new Pending(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .optional();
    }

    /** Records what became of a waiting message; {@code note} says why when it was ignored or not answered. */
    void finish(long id, Status status, Long caseId, String fromAddress, String note, Instant at) {
        jdbc.sql("""
                        update intake_mail set status = ?, case_id = ?, from_address = ?, problem = ?, processed_at = ?
                        where id = ? and status = 'NEW'""")
                .params(status.name(), caseId, fromAddress, note, ts(at), id)
                .update();
    }

    /** Whether an e-mail from this address was taken in on the case (as the case's first message or a later one). */
    boolean wroteOnCase(long caseId, String address) {
        return jdbc.sql(
                        "select exists (select 1 from intake_mail where case_id = ? and lower(from_address) = lower(?))")
                .params(caseId, address)
                .query(Boolean.class)
                .single();
    }

    boolean quarantine(long id, String problem, Instant at) {
        return jdbc.sql(
                                "update intake_mail set status = 'QUARANTINED', problem = ?, processed_at = ? where id = ? and status = 'NEW'")
                        .params(problem, ts(at), id)
                        .update()
                == 1;
    }

    /** Processed messages of this mailbox still to be flagged on the server, in UID order. */
    List<Unmarked> unmarked(String mailbox, long uidValidity, int limit) {
        return jdbc.sql("""
                        select id, uid from intake_mail
                        where mailbox = ? and uid_validity = ? and marked_at is null and status <> 'NEW'
                        order by uid limit ?""")
                .params(mailbox, uidValidity, limit)
                .query((rs, n) -> new Unmarked(rs.getLong(1), rs.getLong(2)))
                .list();
    }

    void marked(List<Long> ids, Instant at) {
        if (!ids.isEmpty()) {
            jdbc.sql("update intake_mail set marked_at = :at where id in (:ids)")
                    .param("at", ts(at))
                    .param("ids", ids)
                    .update();
        }
    }

    /**
     * After the server changed the folder's UIDVALIDITY the old UIDs name nothing: those messages are found again as
     * unread mail and recognised as duplicates, so there is nothing left to flag under the old value.
     */
    void forgetStaleUids(String mailbox, long uidValidity, Instant at) {
        jdbc.sql("""
                        update intake_mail set marked_at = ?
                        where mailbox = ? and uid_validity <> ? and marked_at is null and status <> 'NEW'""").params(ts(at), mailbox, uidValidity).update();
    }

    /** The case an earlier message with one of these Message-IDs went to. */
    Optional<Long> caseOfMessage(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select case_id from intake_mail where message_id in (:ids) and case_id is not null
                        order by id desc limit 1""").param("ids", messageIds).query(Long.class).optional();
    }

    /**
     * The case of a message Hearken sent with one of these Message-IDs, from the view the correspondence module
     * publishes of its outgoing mail when the installation has one.
     */
    Optional<Long> caseOfSentMessage(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Optional.empty();
        }
        boolean present = jdbc.sql("""
                        select count(*) = 2 from information_schema.columns
                        where table_schema = current_schema() and table_name = 'correspondence_sent_message'
                          and column_name in ('message_id', 'case_id')""").query(Boolean.class).single();
        if (!present) {
            return Optional.empty();
        }
        List<String> forms = messageIds.stream()
                .flatMap(id -> java.util.stream.Stream.of(id, "<" + id + ">"))
                .toList();
        return jdbc.sql(
                        "select case_id from correspondence_sent_message where message_id in (:ids) and case_id is not null limit 1")
                .param("ids", forms)
                .query(Long.class)
                .optional();
    }

    void addAttachment(long mailId, long caseId, ParsedMail.Attachment a, Instant at) {
        jdbc.sql("""
                        insert into intake_attachment (mail_id, case_id, filename, content_type, size, data, too_large, created_at, source)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'EMAIL')""")
                .params(mailId, caseId, a.filename(), a.contentType(), a.size(), a.data(), a.tooLarge(), ts(at))
                .update();
    }

    /**
     * Keeps a checked file with the case, one that came with no e-mail: from the public form, the status page or a
     * member of staff ({@code uploadedBy}, their staff id; null otherwise).
     */
    CaseAttachments.Attachment addFile(
            long caseId, FormAttachments.Accepted file, CaseAttachments.Source source, Long uploadedBy, Instant at) {
        long id = jdbc.sql("""
                        insert into intake_attachment (mail_id, case_id, filename, content_type, size, data, too_large, created_at,
                                                       source, uploaded_by)
                        values (null, ?, ?, ?, ?, ?, false, ?, ?, ?) returning id""")
                .params(
                        caseId,
                        file.filename(),
                        file.contentType(),
                        file.data().length,
                        file.data(),
                        ts(at),
                        source.name(),
                        uploadedBy)
                .query(Long.class)
                .single();
        return attachmentsWhere("a.id = ?", id).getFirst();
    }

    List<CaseAttachments.Attachment> attachments(long caseId) {
        return attachmentsWhere("a.case_id = ?", caseId);
    }

    private List<CaseAttachments.Attachment> attachmentsWhere(String condition, long param) {
        return jdbc.sql("""
                        select a.id, a.filename, a.content_type, a.size, a.too_large, a.created_at, a.source,
                               s.username, s.full_name
                        from intake_attachment a left join staff_directory s on s.id = a.uploaded_by
                        where\s""" + condition + " order by a.id")
                .param(param)
                .query((rs, n) -> new CaseAttachments.Attachment(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getBoolean(5),
                        rs.getTimestamp(6).toInstant(),
                        CaseAttachments.Source.valueOf(rs.getString(7)),
                        rs.getString(8) == null ? null : new CaseView.Ref(rs.getString(8), rs.getString(9))))
                .list();
    }

    Optional<AttachmentData> attachment(long caseId, long id) {
        return jdbc.sql("select filename, data, too_large from intake_attachment where case_id = ? and id = ?")
                .params(caseId, id)
                .query((rs, n) -> new AttachmentData(rs.getString(1), rs.getBytes(2), rs.getBoolean(3)))
                .optional();
    }

    /** Messages in the quarantine, newest first. */
    List<Quarantined> quarantined(int limit) {
        return quarantined(Status.QUARANTINED, limit);
    }

    /** Messages in the quarantine ({@code QUARANTINED}) or dismissed from it ({@code DISMISSED}), newest first. */
    List<Quarantined> quarantined(Status status, int limit) {
        return jdbc.sql("""
                        select id, mailbox, fetched_at, problem, size from intake_mail
                        where status = ? order by id desc limit ?""")
                .params(status.name(), limit)
                .query((rs, n) -> new Quarantined(
                        rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getInt(5)))
                .list();
    }

    /** A message administrators may look at: one in the quarantine, dismissed from it, or once retried from it. */
    private static final String EVER_QUARANTINED = """
            (m.status in ('QUARANTINED', 'DISMISSED') or exists (select 1 from intake_mail_action a where a.mail_id = m.id))""";

    /** The raw bytes of a message in the quarantine or dismissed from it: mail that belongs to no case. */
    Optional<byte[]> quarantinedRaw(long id) {
        return jdbc.sql("select raw from intake_mail where id = ? and status in ('QUARANTINED', 'DISMISSED')")
                .param(id)
                .query(byte[].class)
                .optional();
    }

    /**
     * The raw bytes of any message that is or was in the quarantine, including one a retry made part of a case: the
     * caller checks that the reader may see that case.
     */
    Optional<byte[]> everQuarantinedRaw(long id) {
        return jdbc.sql("select m.raw from intake_mail m where m.id = ? and " + EVER_QUARANTINED)
                .param(id)
                .query(byte[].class)
                .optional();
    }

    Optional<QuarantineEntry> quarantineEntry(long id) {
        return jdbc.sql(
                        "select m.id, m.mailbox, m.status, m.fetched_at, m.problem, m.size, m.case_id from intake_mail m where m.id = ? and "
                                + EVER_QUARANTINED)
                .param(id)
                .query((rs, n) -> new QuarantineEntry(
                        rs.getLong(1),
                        rs.getString(2),
                        Status.valueOf(rs.getString(3)),
                        rs.getTimestamp(4).toInstant(),
                        rs.getString(5),
                        rs.getInt(6),
                        (Long) rs.getObject(7),
                        actions(id)))
                .optional();
    }

    private List<ActionTaken> actions(long mailId) {
        return jdbc.sql("""
                        select a.action, s.username, a.at, a.outcome, a.note from intake_mail_action a
                        join staff_directory s on s.id = a.actor_id where a.mail_id = ? order by a.id""")
                .param(mailId)
                .query((rs, n) -> new ActionTaken(
                        Action.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        Status.valueOf(rs.getString(4)),
                        rs.getString(5)))
                .list();
    }

    /** The message's status, if it exists. */
    Optional<Status> status(long id) {
        return jdbc.sql("select status from intake_mail where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(Status::valueOf);
    }

    /** The message if it is in the quarantine, locked against a second administrator acting on it at the same moment. */
    Optional<QuarantineRow> lockQuarantined(long id) {
        return jdbc.sql(
                        "select id, status, raw = ''::bytea, size from intake_mail where id = ? and status = 'QUARANTINED' for update")
                .param(id)
                .query((rs, n) -> new QuarantineRow(
                        rs.getLong(1), Status.valueOf(rs.getString(2)), rs.getBoolean(3), rs.getInt(4)))
                .optional();
    }

    /** Puts a quarantined message back to be processed, in the caller's transaction. */
    void requeue(long id) {
        jdbc.sql(
                        "update intake_mail set status = 'NEW', problem = null, processed_at = null where id = ? and status = 'QUARANTINED'")
                .param(id)
                .update();
    }

    /** A quarantined message stays quarantined, with why it failed this time. */
    void stillQuarantined(long id, String problem) {
        jdbc.sql("update intake_mail set problem = ? where id = ? and status = 'QUARANTINED'")
                .params(problem, id)
                .update();
    }

    void dismiss(long id) {
        jdbc.sql("update intake_mail set status = 'DISMISSED' where id = ? and status = 'QUARANTINED'")
                .param(id)
                .update();
    }

    void recordAction(long mailId, Action action, long actorId, Instant at, Status outcome, String note) {
        jdbc.sql(
                        "insert into intake_mail_action (mail_id, action, actor_id, at, outcome, note) values (?, ?, ?, ?, ?, ?)")
                .params(mailId, action.name(), actorId, ts(at), outcome.name(), note)
                .update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
