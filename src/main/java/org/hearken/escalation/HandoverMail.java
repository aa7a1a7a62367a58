package org.hearken.escalation;

import java.util.List;
import org.hearken.cases.CaseEvents;
import org.hearken.cases.CaseOpened;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * E-mails a member of staff who chose it when a case comes to them: opened with them as its owner, assigned to them, or
 * referred to them (the referral waits for them to accept it), in the transaction of that change. Nobody is e-mailed
 * about what they did themselves. There is no notice in the app for this: the case is in their list.
 */
@Component
class HandoverMail {

    private final JdbcClient jdbc;
    private final StaffNotices notices;

    HandoverMail(JdbcClient jdbc, StaffNotices notices) {
        this.jdbc = jdbc;
        this.notices = notices;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseOpened e) {
        handedOver(e.caseId(), e.reference(), NoticeMail.Handover.OPENED, e.actor(), e.owner());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.Assigned e) {
        handedOver(e.caseId(), e.reference(), NoticeMail.Handover.ASSIGNED, e.actor(), e.toOwner());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.Referred e) {
        handedOver(e.caseId(), e.reference(), NoticeMail.Handover.REFERRED, e.actor(), e.toOwner());
    }

    private void handedOver(long caseId, String reference, NoticeMail.Handover how, String actor, String to) {
        if (to == null || to.equals(actor)) {
            return;
        }
        record Handed(long recipient, String byName) {}
        // Most people have not chosen this: one look-up of the key settles it, which keeps intake quick.
        jdbc.sql("""
                        select s.id, (select a.full_name from staff_directory a where a.username = :actor)
                        from staff_directory s join escalation_mail_preference p on p.staff_id = s.id and p.kind = :topic
                        where s.username = :to""")
                .param("actor", actor)
                .param("to", to)
                .param("topic", NoticeMail.Topic.ASSIGNED.name())
                .query((rs, n) -> new Handed(rs.getLong(1), rs.getString(2)))
                .optional()
                .ifPresent(h -> notices.mail(
                        caseId,
                        reference,
                        NoticeMail.Topic.ASSIGNED,
                        NoticeMail.headline(how),
                        NoticeMail.message(reference, how, h.byName()),
                        List.of(h.recipient())));
    }
}
