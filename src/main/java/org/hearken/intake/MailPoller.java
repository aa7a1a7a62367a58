package org.hearken.intake;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes e-mail in from the configured IMAP mailboxes, in three steps that each commit before the next begins:
 * <ol>
 *   <li>store: every new message is downloaded and stored raw, unique by mailbox, UIDVALIDITY and UID;</li>
 *   <li>process: every stored message still waiting becomes a case, a reply on a case, or is ignored or quarantined;</li>
 *   <li>mark: every processed message is flagged \Seen on the server and moved to the processed folder, if one is set.</li>
 * </ol>
 * A crash after any step leaves the table saying what is left to do, and the next run does just that. New messages
 * are those with a UID above the highest one stored for the folder's current UIDVALIDITY; the first time a folder (or
 * a new UIDVALIDITY) is seen, the unread ones.
 * <p>
 * The steps run when the mailbox is polled ({@link #poll}) and, where the server supports IMAP IDLE, each time the
 * server announces new mail while {@link #watch} waits on the folder. Either way the caller holds the mailbox's lock.
 */
@Component
class MailPoller {

    private static final Logger log = LoggerFactory.getLogger(MailPoller.class);

    /** Messages per step, so one round never holds much mail in memory; the next round takes the rest. */
    static final int BATCH = 100;

    /**
     * Longest single wait in IDLE. Then Hearken looks at the folder itself and waits again: well inside the read
     * timeout below and the half hour after which RFC 2177 lets a server drop an idle client, and short enough that a
     * notification the server never sent delays a message by at most this long.
     */
    static final Duration IDLE_SLICE = Duration.ofMinutes(1);

    /** How a {@link #watch} ended. */
    enum WatchEnd {
        IDLE_UNSUPPORTED,
        BUDGET_USED,
        STOPPED
    }

    /** The waiting half of {@link #watch}, which the watcher can cut short from another thread. */
    interface IdleWait {

        /** True once the watch should end (the application is stopping). */
        boolean stopping();

        /** Waits in IDLE until the server announces a change, {@code atMost} has passed, or the watch is stopped. */
        void idle(IMAPFolder folder, Duration atMost) throws MessagingException;

        /** Waits without IDLE, ending early if the watch is stopped. */
        void pause(Duration duration);
    }

    /**
     * An IDLE that ends this soon, and after which there is nothing new, is a wake-up for nothing (a server that
     * reports every flag change, say); after several in a row the watch pauses a moment rather than spin.
     */
    static final Duration QUICK_WAKE = Duration.ofMillis(200);

    static final int QUICK_WAKES_BEFORE_PAUSE = 5;
    static final Duration QUICK_WAKE_PAUSE = Duration.ofSeconds(1);

    private final Mailboxes mailboxes;
    private final IntakeMailRepository mail;
    private final MailIntake intake;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MailboxConnections connections;
    private final MailIntakeSettings settings;

    MailPoller(
            Mailboxes mailboxes,
            IntakeMailRepository mail,
            MailIntake intake,
            PlatformTransactionManager transactions,
            Clock clock,
            MailboxConnections connections,
            MailIntakeSettings settings) {
        this.mailboxes = mailboxes;
        this.settings = settings;
        this.mail = mail;
        this.intake = intake;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.connections = connections;
    }

    /**
     * One full run over every mailbox, whoever holds their locks (for tests and tools). A mailbox that cannot be
     * reached is logged and skipped; the others go on.
     */
    synchronized void pollAll() {
        processPendingLogged();
        for (Mailboxes.Mailbox mailbox : mailboxes.mailboxes()) {
            poll(mailbox);
        }
    }

    /** Takes in what is new in one mailbox, once. A failure is logged; the next run tries again. */
    void poll(Mailboxes.Mailbox mailbox) {
        try {
            withFolder(mailbox, (folder, uidValidity) -> {
                sync(mailbox, folder, uidValidity);
                return null;
            });
        } catch (MessagingException | IOException | RuntimeException e) {
            log.warn("E-mail intake from {} failed; trying again next run: {}", mailbox, e.toString());
            connections.pollFailed(mailbox.name(), e);
        }
    }

    /** {@link #processPending()}, with a failure of the database logged rather than thrown. */
    void processPendingLogged() {
        try {
            processPending();
        } catch (RuntimeException e) {
            log.warn("Stored e-mail could not be processed; trying again next run: {}", e.toString());
        }
    }

    /**
     * Takes in what is new, then, if the server supports IDLE, waits on the folder for up to {@code budget}, taking in
     * new mail each time the server announces some, exactly as a poll would. Returns when the budget is used up, when
     * {@code wait} says to stop, or at once (after taking in what is new) when the server does not support IDLE. A
     * failure of the connection is thrown; the caller falls back to polling.
     */
    WatchEnd watch(Mailboxes.Mailbox mailbox, Duration budget, IdleWait wait) throws MessagingException, IOException {
        // Elapsed time, not the time of day: the budget must run out even while a test holds the clock still.
        long start = System.nanoTime();
        return withFolder(mailbox, (folder, uidValidity) -> {
            syncUntilQuiet(mailbox, folder, uidValidity);
            if (!((IMAPStore) folder.getStore()).hasCapability("IDLE")) {
                return WatchEnd.IDLE_UNSUPPORTED;
            }
            int quickWakes = 0;
            while (!wait.stopping()) {
                Duration left = budget.minusNanos(System.nanoTime() - start);
                if (left.isNegative() || left.isZero()) {
                    return WatchEnd.BUDGET_USED;
                }
                long idleStart = System.nanoTime();
                wait.idle(folder, left.compareTo(IDLE_SLICE) < 0 ? left : IDLE_SLICE);
                if (wait.stopping()) {
                    break;
                }
                if (!folder.isOpen()) {
                    throw new FolderClosedException(folder, "the connection ended while waiting in IDLE");
                }
                long woken = System.nanoTime();
                int stored = syncUntilQuiet(mailbox, folder, uidValidity);
                if (log.isDebugEnabled()) {
                    log.debug(
                            "{}: IDLE ended after {} ms; {} new message(s) taken in within {} ms",
                            mailbox.name(),
                            (woken - idleStart) / 1_000_000,
                            stored,
                            (System.nanoTime() - woken) / 1_000_000);
                }
                quickWakes = stored == 0 && woken - idleStart < QUICK_WAKE.toNanos() ? quickWakes + 1 : 0;
                if (quickWakes >= QUICK_WAKES_BEFORE_PAUSE) {
                    wait.pause(QUICK_WAKE_PAUSE);
                    quickWakes = 0;
                }
            }
            return WatchEnd.STOPPED;
        });
    }

    /** Only the first step for one mailbox: what a run that crashed right after storing would have done. */
    synchronized int fetchAndStore(Mailboxes.Mailbox mailbox) throws MessagingException, IOException {
        return withFolder(
                mailbox,
                (folder, uidValidity) -> store(mailbox, folder, uidValidity).stored());
    }

    /**
     * {@link #sync}, then once more for as long as mail came in meanwhile: before a wait in IDLE. The server announces a
     * new message once (an untagged EXISTS), in the answer to whatever command is running when it arrives; one that
     * arrives while earlier mail is being taken in is announced to that work, and IDLE then waits for the next
     * announcement, which may be a long time coming. So a last look for messages past the newest one taken in decides:
     * it finds any that arrived before it, and the folder's count, which every announcement raises, tells of any
     * announced during it. One that arrives after it is announced when the IDLE begins.
     */
    private int syncUntilQuiet(Mailboxes.Mailbox mailbox, IMAPFolder folder, long uidValidity)
            throws MessagingException, IOException {
        int stored = sync(mailbox, folder, uidValidity);
        while (true) {
            int announced = folder.getMessageCount();
            Fetched look = store(mailbox, folder, uidValidity);
            if (look.stored() == 0 && !look.more() && folder.getMessageCount() <= announced) {
                return stored;
            }
            stored += look.stored() + sync(mailbox, folder, uidValidity);
        }
    }

    /** The three steps, repeated while the server holds more new mail than one batch; returns how many were stored. */
    private int sync(Mailboxes.Mailbox mailbox, IMAPFolder folder, long uidValidity)
            throws MessagingException, IOException {
        int stored = 0;
        Fetched fetched;
        do {
            fetched = store(mailbox, folder, uidValidity);
            stored += fetched.stored();
            processPending();
            mark(mailbox, folder, uidValidity);
        } while (fetched.more());
        connections.checked(mailbox.name(), stored);
        return stored;
    }

    /**
     * Processes every stored message still waiting, each in its own transaction. A message that fails, or that takes
     * longer to read than its budget, is quarantined and the next one goes on; only a failure of the database itself
     * leaves it waiting for the next run.
     */
    synchronized void processPending() {
        for (long id : mail.pendingIds(BATCH * 10)) {
            try {
                intake.process(id);
            } catch (RuntimeException e) {
                if (isTransient(e)) {
                    log.error(
                            "Stored e-mail {} could not be processed now; trying again next run: {}",
                            id,
                            e.getMessage());
                    continue;
                }
                String problem = problemText(e);
                log.warn("Stored e-mail {} quarantined: {}", id, problem);
                tx.executeWithoutResult(s -> mail.quarantine(id, problem, now()));
            }
        }
    }

    private interface FolderWork<T> {
        T run(IMAPFolder folder, long uidValidity) throws MessagingException, IOException;
    }

    private <T> T withFolder(Mailboxes.Mailbox mailbox, FolderWork<T> work) throws MessagingException, IOException {
        String protocol = mailbox.ssl() ? "imaps" : "imap";
        Properties props = new Properties();
        props.setProperty("mail.store.protocol", protocol);
        props.setProperty("mail." + protocol + ".connectiontimeout", "30000");
        props.setProperty("mail." + protocol + ".timeout", "120000");
        props.setProperty("mail." + protocol + ".writetimeout", "30000");
        // Reading a message must never mark it \Seen: that happens only once it is safely processed.
        props.setProperty("mail." + protocol + ".peek", "true");
        if (mailbox.ssl()) {
            props.setProperty("mail.imaps.ssl.checkserveridentity", "true");
        } else {
            props.setProperty("mail.imap.starttls.enable", "true");
        }
        Session session = Session.getInstance(props);
        try (Store store = session.getStore(protocol)) {
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
            IMAPFolder folder = (IMAPFolder) store.getFolder(mailbox.folder());
            folder.open(Folder.READ_WRITE);
            try {
                return work.run(folder, folder.getUIDValidity());
            } finally {
                if (folder.isOpen()) {
                    folder.close(false);
                }
            }
        }
    }

    /** What a store step did: how many messages it stored, and whether more wait on the server beyond the batch. */
    private record Fetched(int stored, boolean more) {}

    /**
     * Step 1: downloads and stores new messages in UID order, each committed on its own. A message over the size limit
     * (by the size the server gives, before anything is downloaded, or by what arrives) is not downloaded: it is
     * quarantined with what the server tells of it.
     */
    private Fetched store(Mailboxes.Mailbox mailbox, IMAPFolder folder, long uidValidity)
            throws MessagingException, IOException {
        long limit = settings.maxMessageSize().toBytes();
        long lastUid = mail.lastUid(mailbox.name(), uidValidity);
        Message[] candidates = lastUid < 0
                ? folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))
                : folder.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        profile.add(FetchProfile.Item.SIZE);
        folder.fetch(candidates, profile);
        List<Message> fresh = new ArrayList<>();
        for (Message m : candidates) {
            // "UID n:*" always answers with the last message, even when its UID is below n.
            if (m != null && !m.isExpunged() && folder.getUID(m) > lastUid) {
                fresh.add(m);
            }
        }
        fresh.sort(Comparator.comparingLong(m -> uid(folder, m)));
        int stored = 0;
        for (Message m : fresh.subList(0, Math.min(fresh.size(), BATCH))) {
            long uid = folder.getUID(m);
            if (m.getSize() > limit) {
                storeTooLarge(mailbox, uidValidity, uid, m, m.getSize(), limit);
                stored++;
                continue;
            }
            byte[] raw;
            try {
                raw = download(m, limit);
            } catch (MessagingException | IOException | TooLarge e) {
                if (tooLarge(e)) {
                    storeTooLarge(mailbox, uidValidity, uid, m, (int) Math.min(limit + 1, Integer.MAX_VALUE), limit);
                    stored++;
                    continue;
                }
                if (!folder.isOpen() || !folder.getStore().isConnected()) {
                    throw e;
                }
                // The server answered, but not with this message: set it aside rather than stop at it for ever.
                String problem = MailParser.truncate(
                        MailParser.singleLine("The server did not hand over the message: " + e), 1000);
                log.warn("E-mail {} of {} quarantined: {}", uid, mailbox, problem);
                tx.executeWithoutResult(
                        s -> mail.storeNotDownloaded(mailbox.name(), uidValidity, uid, 0, null, null, problem, now()));
                stored++;
                continue;
            }
            Instant internalDate = m.getReceivedDate() == null
                    ? null
                    : m.getReceivedDate().toInstant().truncatedTo(ChronoUnit.MICROS);
            IntakeMailRepository.Stored result =
                    tx.execute(s -> mail.store(mailbox.name(), uidValidity, uid, raw, now(), internalDate));
            if (result != IntakeMailRepository.Stored.ALREADY_STORED) {
                stored++;
            }
        }
        return new Fetched(stored, fresh.size() > BATCH);
    }

    private static long uid(IMAPFolder folder, Message m) {
        try {
            return folder.getUID(m);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The whole message, unless more than {@code limit} bytes of it arrive (a server that understated its size): then
     * {@link TooLarge}, possibly wrapped, as soon as the limit is passed.
     */
    static byte[] download(Message message, long limit) throws MessagingException, IOException {
        if (message instanceof IMAPMessage imap) {
            imap.setPeek(true);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(message.getSize(), 1024)) {
            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                if (count + (long) length > limit) {
                    throw new TooLarge();
                }
                super.write(bytes, offset, length);
            }

            @Override
            public synchronized void write(int b) {
                if (count + 1L > limit) {
                    throw new TooLarge();
                }
                super.write(b);
            }
        };
        message.writeTo(out);
        return out.toByteArray();
    }

    /** Thrown by the download as soon as a message passes the size limit, so that no more of it is held. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("the message is larger than the size limit", null, false, false);
        }
    }

    static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    /**
     * Quarantines a message over the size limit without downloading it, recording what the server tells of it
     * without sending the body: sender, subject and size (IMAP ENVELOPE and RFC822.SIZE).
     */
    private void storeTooLarge(Mailboxes.Mailbox mailbox, long uidValidity, long uid, Message m, int size, long limit) {
        String from = null;
        String fromText = "unknown";
        String subject = "unknown";
        String messageId = null;
        try {
            messageId = m instanceof MimeMessage mime ? RawMail.normaliseMessageId(mime.getMessageID()) : null;
            if (m.getFrom() != null && m.getFrom().length > 0 && m.getFrom()[0] instanceof InternetAddress address) {
                from = MailParser.validAddress(String.valueOf(address.getAddress())) ? address.getAddress() : null;
                fromText = MailParser.truncate(MailParser.singleLine(address.toUnicodeString()), 320);
            }
            subject = m.getSubject() == null
                    ? "(no subject)"
                    : MailParser.truncate(MailParser.singleLine(m.getSubject()), MailParser.MAX_SUBJECT);
        } catch (MessagingException | RuntimeException e) {
            log.debug("The envelope of e-mail {} of {} could not be read: {}", uid, mailbox, e.toString());
        }
        String problem = MailParser.truncate(
                "Too large to take in: " + megabytes(size) + ", over the limit of " + megabytes(limit)
                        + " (hearken.intake.mail.max-message-size), so it was not downloaded; read it in the mailbox with a mail program."
                        + " From: " + fromText + ". Subject: " + subject + ".",
                1000);
        log.warn("E-mail {} of {} quarantined: {}", uid, mailbox, problem);
        String sender = from;
        String id = messageId;
        tx.executeWithoutResult(
                s -> mail.storeNotDownloaded(mailbox.name(), uidValidity, uid, size, id, sender, problem, now()));
    }

    /** A size as people read it: "1.5 MB", "300 KB". */
    static String megabytes(long bytes) {
        if (bytes >= 1024 * 1024) {
            String mb = String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
            return (mb.endsWith(".0") ? mb.substring(0, mb.length() - 2) : mb) + " MB";
        }
        return Math.max(1, Math.round(bytes / 1024.0)) + " KB";
    }

    /** Step 3: flags processed messages \Seen on the server and moves them to the processed folder, if one is set. */
    private void mark(Mailboxes.Mailbox mailbox, IMAPFolder folder, long uidValidity) throws MessagingException {
        tx.executeWithoutResult(s -> mail.forgetStaleUids(mailbox.name(), uidValidity, now()));
        Folder processed = null;
        if (mailbox.processedFolder() != null) {
            processed = folder.getStore().getFolder(mailbox.processedFolder());
            if (!processed.exists() && !processed.create(Folder.HOLDS_MESSAGES)) {
                throw new MessagingException("cannot create the folder " + mailbox.processedFolder());
            }
        }
        List<IntakeMailRepository.Unmarked> rows;
        do {
            rows = mail.unmarked(mailbox.name(), uidValidity, BATCH);
            if (rows.isEmpty()) {
                return;
            }
            long[] uids =
                    rows.stream().mapToLong(IntakeMailRepository.Unmarked::uid).toArray();
            Message[] found = Arrays.stream(folder.getMessagesByUID(uids))
                    .filter(m -> m != null && !m.isExpunged())
                    .toArray(Message[]::new);
            if (found.length > 0) {
                folder.setFlags(found, new Flags(Flags.Flag.SEEN), true);
                if (processed != null) {
                    move(folder, found, processed);
                }
            }
            List<Long> ids =
                    rows.stream().map(IntakeMailRepository.Unmarked::id).toList();
            tx.executeWithoutResult(s -> mail.marked(ids, now()));
        } while (rows.size() == BATCH);
    }

    private static void move(IMAPFolder folder, Message[] messages, Folder target) throws MessagingException {
        IMAPStore store = (IMAPStore) folder.getStore();
        if (store.hasCapability("MOVE")) {
            folder.moveMessages(messages, target);
            return;
        }
        folder.copyMessages(messages, target);
        folder.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
        if (store.hasCapability("UIDPLUS")) {
            // Removes just these; a plain EXPUNGE would also remove whatever else someone marked deleted.
            folder.expunge(messages);
        }
    }

    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MailIntake.IntakeUnavailableException
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    static String problemText(Throwable e) {
        String text = e instanceof MailParser.MailFormatException
                ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + (e.getMessage() == null ? "" : e.getMessage());
        return MailParser.truncate(MailParser.singleLine(text), 1000);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
