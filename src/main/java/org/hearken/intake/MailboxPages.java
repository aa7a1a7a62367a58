package org.hearken.intake;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.Downloads;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.ServicePolicies;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The e-mail intake for administrators: each configured mailbox (never its password) with what the intake table says
 * about it, this instance's live connection to it, and the quarantined e-mail with its raw message for download.
 */
@Controller
class MailboxPages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    /** What the intake table holds for one mailbox, by status. */
    record Counts(
            long total,
            long cases,
            long addedToCases,
            long ignored,
            long duplicates,
            long quarantined,
            long waiting,
            Instant lastFetched) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, null);
    }

    record MailboxRow(
            String name,
            String server,
            String folder,
            String processedFolder,
            String department,
            Counts counts,
            String lastFetched,
            boolean configured) {}

    record QuarantineRow(long id, String mailbox, String fetched, String problem, int size) {}

    /**
     * This instance's connection to one mailbox: a short label with its badge style, what it means, its last look for
     * new mail, and the last look that took some in.
     */
    record ConnectionRow(String name, String label, String badge, String state, String lastCheck, String lastIntake) {}

    static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm:ss", Locale.ENGLISH);

    private final Mailboxes mailboxes;
    private final IntakeMailRepository mail;
    private final JdbcClient jdbc;
    private final ServicePolicies policies;
    private final MailQuarantine quarantine;
    private final MailboxConnections connections;
    private final MailIntakeSettings settings;

    MailboxPages(
            Mailboxes mailboxes,
            IntakeMailRepository mail,
            JdbcClient jdbc,
            ServicePolicies policies,
            MailQuarantine quarantine,
            MailboxConnections connections,
            MailIntakeSettings settings) {
        this.mailboxes = mailboxes;
        this.mail = mail;
        this.jdbc = jdbc;
        this.policies = policies;
        this.quarantine = quarantine;
        this.connections = connections;
        this.settings = settings;
    }

    /** Processes a quarantined message again; the page says what became of it. */
    @org.springframework.web.bind.annotation.PostMapping("/admin/mailboxes/quarantine/{id}/retry")
    String retry(
            @PathVariable long id, Actor actor, org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        requireAdmin(actor);
        try {
            MailQuarantine.RetryOutcome outcome = quarantine.retry(id, actor);
            flash.addFlashAttribute(
                    outcome.problem() == null ? "ok" : "error",
                    switch (outcome.status()) {
                        case QUARANTINED -> "E-mail " + id + " still cannot be taken in: " + outcome.problem();
                        default ->
                            "E-mail " + id + " was taken in"
                                    + (outcome.caseReference() == null ? "." : ": " + outcome.caseReference() + ".");
                    });
        } catch (org.hearken.platform.ConflictException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/mailboxes";
    }

    /** Takes a message out of the quarantine (spam, say); its raw bytes are kept. */
    @org.springframework.web.bind.annotation.PostMapping("/admin/mailboxes/quarantine/{id}/dismiss")
    String dismiss(
            @PathVariable long id,
            @org.springframework.web.bind.annotation.RequestParam(required = false) String reason,
            Actor actor,
            org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        requireAdmin(actor);
        try {
            quarantine.dismiss(
                    id,
                    reason == null || reason.isBlank()
                            ? null
                            : reason.strip()
                                    .substring(0, Math.min(reason.strip().length(), MailQuarantine.MAX_REASON)),
                    actor);
            flash.addFlashAttribute("ok", "E-mail " + id + " was dismissed.");
        } catch (org.hearken.platform.ConflictException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/mailboxes";
    }

    @GetMapping("/admin/mailboxes")
    String mailboxes(Actor actor, Model model) {
        requireAdmin(actor);
        ZoneId zone = policies.active().policy().calendar().zone();
        Map<String, Counts> counts = counts();
        List<MailboxRow> rows = new java.util.ArrayList<>();
        List<ConnectionRow> connected = new java.util.ArrayList<>();
        for (Mailboxes.Mailbox m : mailboxes.mailboxes()) {
            connections
                    .status(m.name())
                    .ifPresent(s -> connected.add(connectionRow(m.name(), s, settings.pollInterval(), zone)));
            Counts c = counts.getOrDefault(m.name(), Counts.NONE);
            rows.add(new MailboxRow(
                    m.name(),
                    m.username() + "@" + m.host() + ":" + m.port() + (m.ssl() ? " (TLS)" : ""),
                    m.folder(),
                    m.processedFolder(),
                    m.department(),
                    c,
                    when(c.lastFetched(), zone),
                    true));
        }
        // Mailboxes no longer configured still have their e-mail on record.
        counts.forEach((name, c) -> {
            if (mailboxes.named(name).isEmpty()) {
                rows.add(new MailboxRow(name, "", "", null, null, c, when(c.lastFetched(), zone), false));
            }
        });
        model.addAttribute("nav", "admin");
        model.addAttribute("mailboxes", rows);
        model.addAttribute("connections", connected);
        model.addAttribute(
                "quarantine",
                mail.quarantined(MailQuarantineController.MAX_LIST).stream()
                        .map(q -> new QuarantineRow(
                                q.id(), q.mailbox(), when(q.fetchedAt(), zone), q.problem(), q.size()))
                        .toList());
        return "admin/mailboxes";
    }

    /** The quarantined message exactly as fetched, as a download (the API's download needs API credentials). */
    @GetMapping("/admin/mailboxes/quarantine/{id}/raw")
    ResponseEntity<byte[]> raw(@PathVariable long id, Actor actor) {
        requireAdmin(actor);
        byte[] raw = mail.quarantinedRaw(id).orElseThrow(() -> new NotFoundException("No quarantined e-mail " + id));
        return Downloads.of("quarantined-" + id + ".eml", raw);
    }

    private Map<String, Counts> counts() {
        Map<String, Counts> counts = new HashMap<>();
        jdbc.sql("""
                        select mailbox, count(*) as total,
                               count(*) filter (where status = 'CASE_CREATED') as cases,
                               count(*) filter (where status = 'ADDED_TO_CASE') as added,
                               count(*) filter (where status = 'IGNORED_AUTOMATIC') as ignored,
                               count(*) filter (where status = 'DUPLICATE') as duplicates,
                               count(*) filter (where status = 'QUARANTINED') as quarantined,
                               count(*) filter (where status = 'NEW') as waiting,
                               max(fetched_at) as last_fetched
                        from intake_mail group by mailbox order by mailbox""")
                .query((rs, n) -> {
                    Timestamp last = rs.getTimestamp("last_fetched");
                    counts.put(
                            rs.getString("mailbox"),
                            new Counts(
                                    rs.getLong("total"),
                                    rs.getLong("cases"),
                                    rs.getLong("added"),
                                    rs.getLong("ignored"),
                                    rs.getLong("duplicates"),
                                    rs.getLong("quarantined"),
                                    rs.getLong("waiting"),
                                    last == null ? null : last.toInstant()));
                    return null;
                })
                .list();
        return counts;
    }

    /** What a mailbox's status means, in words; the times in the organisation's zone. */
    static ConnectionRow connectionRow(String name, MailboxConnections.Status s, Duration pollInterval, ZoneId zone) {
        String every = "Polling every " + duration(pollInterval);
        String checked = s.lastCheck() == null
                ? "Not yet"
                : at(s.lastCheck(), zone) + ": "
                        + (s.lastTakenIn() == 0 ? "nothing new" : "took in " + messages(s.lastTakenIn()));
        String intake = s.lastIntake() == null
                ? "None since this instance started"
                : at(s.lastIntake(), zone) + ": " + messages(s.lastIntakeCount());
        return switch (s.mode()) {
            case STARTING ->
                new ConnectionRow(name, "Starting", "pending", "Connecting to the mailbox.", checked, intake);
            case WATCHING ->
                new ConnectionRow(
                        name,
                        "Watching",
                        "on-track",
                        "Watching with IDLE since " + at(s.since(), zone) + ": new e-mail is taken in as it arrives.",
                        checked,
                        intake);
            case POLLING ->
                new ConnectionRow(
                        name,
                        "Polling",
                        "info",
                        switch (s.pollReason()) {
                            case IDLE_OFF -> every + " (IDLE is switched off: hearken.intake.mail.idle=false).";
                            case NO_IDLE ->
                                every + " (the server has no IDLE; it is asked again at " + at(s.idleRetryAt(), zone)
                                        + ").";
                            case IDLE_FAILED ->
                                every + " while IDLE is down (" + s.problem() + "); IDLE is tried again at "
                                        + at(s.idleRetryAt(), zone) + ".";
                            case null -> every + ".";
                        },
                        checked,
                        intake);
            case STANDING_BY ->
                new ConnectionRow(
                        name,
                        "Standing by",
                        "none",
                        "Another instance holds this mailbox (since "
                                + at(s.since(), zone) + "); this one asks for it every "
                                + duration(MailIdleWatch.lockRetry(pollInterval))
                                + " and takes over when that instance lets it go.",
                        checked,
                        intake);
            case NOT_CONNECTED ->
                new ConnectionRow(
                        name,
                        "Not connected",
                        "failed",
                        "Not connected: " + s.problem() + ". Retrying by " + at(s.retryAt(), zone) + ".",
                        checked,
                        intake);
        };
    }

    private static String messages(int count) {
        return count == 1 ? "1 message" : count + " messages";
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + " min";
        }
        return seconds > 0 ? seconds + " s" : d.toMillis() + " ms";
    }

    private static String at(Instant instant, ZoneId zone) {
        return AT.format(instant.atZone(zone));
    }

    private static String when(Instant instant, ZoneId zone) {
        return instant == null ? "never" : WHEN.format(instant.atZone(zone));
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only administrators may see the mailboxes and quarantined e-mail.");
        }
    }
}
