package org.hearken.escalation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.hearken.correspondence.StaffMail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells staff about their cases: writes each notice for the app and, to those of its recipients who chose to have such
 * notices by e-mail, queues the e-mail, in the transaction of whatever caused it, so that both are committed with it
 * or not at all. The e-mail is sent after commit by the correspondence module's outbox.
 */
@Component
class StaffNotices {

    /**
     * Nobody is told about a complaint that is about them: the condition every choice of a notice's recipients adds, on
     * the member of staff {@code s} (of {@code staff_directory}) and the case {@code :case}. E-mail goes by the whole
     * visibility rule, which includes it ({@link #mail}).
     */
    static final String NOT_ABOUT =
            " and not s.id = any(select unnest(x.subject_staff) from case_published x where x.id = :case)";

    /** The page where each person sees their notices and chooses which they also want by e-mail. */
    static final String PAGE = "/notifications";

    private final JdbcClient jdbc;
    private final StaffMail mail;

    StaffNotices(JdbcClient jdbc, StaffMail mail) {
        this.jdbc = jdbc;
        this.mail = mail;
    }

    /** One notice about a case, written for each of {@code recipients} (by staff id); {@code timerId} null for none. */
    record Notice(
            long caseId,
            String reference,
            Long timerId,
            String stage,
            String kind,
            boolean customerNotTold,
            Instant createdAt) {}

    /** Writes the notice for each recipient and e-mails it to those who chose its topic. */
    void send(Notice n, List<Long> recipients) {
        for (long recipient : recipients) {
            jdbc.sql("""
                            insert into escalation_notice (timer_id, case_id, stage, kind, recipient_id, customer_not_told, created_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            n.timerId(),
                            n.caseId(),
                            n.stage(),
                            n.kind(),
                            recipient,
                            n.customerNotTold(),
                            Timestamp.from(n.createdAt()))
                    .update();
        }
        mail(
                n.caseId(),
                n.reference(),
                NoticeMail.topicOf(n.kind()),
                NoticeMail.headline(n.stage(), n.kind()),
                WatchController.Notice.message(n.reference(), n.stage(), n.kind(), n.customerNotTold()),
                recipients);
    }

    /**
     * Queues the e-mail saying {@code message} to each of {@code recipients} who is active, has an e-mail address, chose
     * {@code topic} and may open the case now, by the one visibility rule ({@code case_visible_to}, which also keeps
     * out anyone the complaint is about): an e-mail names the case only to those its notice in the app would name it to.
     */
    void mail(
            long caseId,
            String reference,
            NoticeMail.Topic topic,
            String headline,
            String message,
            Collection<Long> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        record Addressee(long id, String email) {}
        List<Addressee> addressees = jdbc.sql("""
                        select s.id, s.email from staff_directory s
                        join escalation_mail_preference p on p.staff_id = s.id and p.kind = :topic
                        join case_published c on c.id = :case
                        where s.id in (:recipients) and s.active and coalesce(btrim(s.email), '') <> ''
                          and case_visible_to(c.parties, s.id,
                                array(select r.role from staff_directory_role r where r.staff_id = s.id),
                                array(select m.department_id from staff_directory_membership m where m.staff_id = s.id))
                        order by s.id""")
                .param("topic", topic.name())
                .param("recipients", List.copyOf(recipients))
                .param("case", caseId)
                .query((rs, row) -> new Addressee(rs.getLong(1), rs.getString(2)))
                .list();
        if (addressees.isEmpty()) {
            return;
        }
        NoticeMail.Mail m =
                NoticeMail.compose(reference, headline, message, mail.link("/cases/" + reference), mail.link(PAGE));
        for (Addressee a : addressees) {
            mail.queue(caseId, a.id(), a.email(), m.subject(), m.body());
        }
    }
}
