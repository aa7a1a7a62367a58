package org.hearken.intake;

import java.sql.Timestamp;
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
 * about it, and the quarantined e-mail with its raw message for download.
 */
@Controller
class MailboxPages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    /** What the intake table holds for one mailbox, by status. */
    record Counts(long total, long cases, long addedToCases, long ignored, long duplicates, long quarantined, long waiting,
                  Instant lastFetched) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, null);
    }

    record MailboxRow(String name, String server, String folder, String processedFolder, String department, Counts counts,
                      String lastFetched, boolean configured) {}

    record QuarantineRow(long id, String mailbox, String fetched, String problem, int size) {}

    private final Mailboxes mailboxes;
    private final IntakeMailRepository mail;
    private final JdbcClient jdbc;
    private final ServicePolicies policies;
    private final MailQuarantine quarantine;

    MailboxPages(Mailboxes mailboxes, IntakeMailRepository mail, JdbcClient jdbc, ServicePolicies policies, MailQuarantine quarantine) {
        this.mailboxes = mailboxes;
        this.mail = mail;
        this.jdbc = jdbc;
        this.policies = policies;
        this.quarantine = quarantine;
    }

    /** Processes a quarantined message again; the page says what became of it. */
    @org.springframework.web.bind.annotation.PostMapping("/admin/mailboxes/quarantine/{id}/retry")
    String retry(@PathVariable long id, Actor actor, org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        requireAdmin(actor);
        try {
            MailQuarantine.RetryOutcome outcome = quarantine.retry(id, actor);
            flash.addFlashAttribute(outcome.problem() == null ? "ok" : "error", switch (outcome.status()) {
                case QUARANTINED -> "E-mail " + id + " still cannot be taken in: " + outcome.problem();
                default -> "E-mail " + id + " was taken in" + (outcome.caseReference() == null ? "." : ": " + outcome.caseReference() + ".");
            });
        } catch (org.hearken.platform.ConflictException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/mailboxes";
    }

    /** Takes a message out of the quarantine (spam, say); its raw bytes are kept. */
    @org.springframework.web.bind.annotation.PostMapping("/admin/mailboxes/quarantine/{id}/dismiss")
    String dismiss(@PathVariable long id, @org.springframework.web.bind.annotation.RequestParam(required = false) String reason,
                   Actor actor, org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        requireAdmin(actor);
        try {
            quarantine.dismiss(id, reason == null || reason.isBlank() ? null
                    : reason.strip().substring(0, Math.min(reason.strip().length(), MailQuarantine.MAX_REASON)), actor);
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
        for (Mailboxes.Mailbox m : mailboxes.mailboxes()) {
            Counts c = counts.getOrDefault(m.name(), Counts.NONE);
            rows.add(new MailboxRow(m.name(), m.username() + "@" + m.host() + ":" + m.port() + (m.ssl() ? " (TLS)" : ""), m.folder(),
                    m.processedFolder(), m.department(), c, when(c.lastFetched(), zone), true));
        }
        // Mailboxes no longer configured still have their e-mail on record.
        counts.forEach((name, c) -> {
            if (mailboxes.named(name).isEmpty()) {
                rows.add(new MailboxRow(name, "", "", null, null, c, when(c.lastFetched(), zone), false));
            }
        });
        model.addAttribute("nav", "admin");
        model.addAttribute("mailboxes", rows);
        model.addAttribute("quarantine", mail.quarantined(MailQuarantineController.MAX_LIST).stream()
                .map(q -> new QuarantineRow(q.id(), q.mailbox(), when(q.fetchedAt(), zone), q.problem(), q.size())).toList());
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
                    counts.put(rs.getString("mailbox"), new Counts(rs.getLong("total"), rs.getLong("cases"), rs.getLong("added"),
                            rs.getLong("ignored"), rs.getLong("duplicates"), rs.getLong("quarantined"), rs.getLong("waiting"),
                            last == null ? null : last.toInstant()));
                    return null;
                })
                .list();
        return counts;
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
