package org.hearken.escalation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /**
     * A case opened with its owner: called by {@link DeadlineTimers} with the statement inserting the new case's timers
     * (null when there are none), which runs in the same round trip as the look-up of the owner's choice.
     */
    void opened(CaseOpened e, String timersInsert, List<Object> timerParams) {
        if (e.owner() == null || e.owner().equals(e.actor())) {
            if (timersInsert != null) {
                jdbc.sql(timersInsert).params(timerParams).update();
            }
            return;
        }
        List<Object> params = new ArrayList<>(timerParams);
        params.addAll(List.of(e.actor(), NoticeMail.Topic.ASSIGNED.name(), e.owner()));
        recipient((timersInsert == null ? "" : "with timers as (" + timersInsert + ") ") + RECIPIENT, params)
                .ifPresent(h -> mail(e.caseId(), e.reference(), NoticeMail.Handover.OPENED, h));
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
        recipient(RECIPIENT, List.of(actor, NoticeMail.Topic.ASSIGNED.name(), to))
                .ifPresent(h -> mail(caseId, reference, how, h));
    }

    /** The member of staff handed a case, if they chose to be e-mailed about it, and the name of who handed it over. */
    private record Handed(long recipient, String byName) {}

    /**
     * Most people have not chosen this: one look-up of the key settles it, which keeps intake quick. Parameters: the
     * actor's username, the topic, the recipient's username.
     */
    private static final String RECIPIENT = """
            select s.id, (select a.full_name from staff_directory a where a.username = ?)
            from staff_directory s join escalation_mail_preference p on p.staff_id = s.id and p.kind = ?
            where s.username = ?""";

    private Optional<Handed> recipient(String sql, List<Object> params) {
        return jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> new Handed(rs.getLong(1), rs.getString(2)))
                .optional();
    }

    private void mail(long caseId, String reference, NoticeMail.Handover how, Handed h) {
        notices.mail(
                caseId,
                reference,
                NoticeMail.Topic.ASSIGNED,
                NoticeMail.headline(how),
                NoticeMail.message(reference, how, h.byName()),
                List.of(h.recipient()));
    }
}
