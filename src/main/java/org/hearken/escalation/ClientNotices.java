package org.hearken.escalation;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.hearken.cases.CaseEvents;
import org.hearken.cases.ClientCaseOpened;
import org.hearken.policy.FeedbackKind;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the relationship manager and deputy of a client organisation, in the app and by e-mail if they chose the topic
 * {@link NoticeMail.Topic#CLIENT}, when a complaint of their client arrives, is escalated (to its next stage, or to
 * the executives when still overdue) or misses a deadline, and when their client answers a survey with a low rating;
 * in the transaction of what happened. Only those who may see the case now hear of it, by the one visibility rule:
 * never about a confidential case they are not named on, nor a complaint about themselves; nor about what they did
 * themselves.
 */
@Component
class ClientNotices {

    static final String OPENED = "CLIENT_OPENED";
    static final String ESCALATED = "CLIENT_ESCALATED";
    static final String BREACH = "CLIENT_BREACH";
    static final String LOW_RATING = "CLIENT_LOW_RATING";

    /** The stage a notice of a request for the next stage names. */
    static final String REVIEW_REQUESTED = "REVIEW_REQUESTED";

    /** A rating this low or lower (of 5) is a low rating. */
    static final int LOW = 2;

    private final JdbcClient jdbc;
    private final StaffNotices notices;
    private final Clock clock;

    ClientNotices(JdbcClient jdbc, StaffNotices notices, Clock clock) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.clock = clock;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ClientCaseOpened e) {
        if (e.kind() == FeedbackKind.COMPLAINT && !e.client().managers().isEmpty()) {
            tell(e.caseId(), e.reference(), null, "RECEIVED", OPENED, e.actor(), List.of(), e.occurredAt(), false);
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.ReviewRequested e) {
        tell(e.caseId(), e.reference(), null, REVIEW_REQUESTED, ESCALATED, e.actor(), List.of(), e.occurredAt(), true);
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.SurveyAnswered e) {
        if (e.rating() <= LOW) {
            tell(e.caseId(), e.reference(), null, "SURVEY", LOW_RATING, e.actor(), List.of(), e.occurredAt(), false);
        }
    }

    /**
     * A deadline notice of {@code kind} (BREACH or ESCALATION) from timer {@code timerId}, sent to {@code told}: the
     * client's managers who were not among them hear of it too, when the case is a complaint.
     */
    void deadline(long caseId, String reference, long timerId, String stage, String kind, Collection<Long> told) {
        String clientKind = switch (kind) {
            case "BREACH" -> BREACH;
            case "ESCALATION" -> ESCALATED;
            default -> null;
        };
        if (clientKind != null) {
            tell(caseId, reference, timerId, stage, clientKind, null, told, clock.instant(), true);
        }
    }

    private void tell(
            long caseId,
            String reference,
            Long timerId,
            String stage,
            String kind,
            String actor,
            Collection<Long> alreadyTold,
            Instant at,
            boolean complaintsOnly) {
        List<Long> recipients = jdbc.sql("""
                        select s.id from case_published c
                        join staff_directory s on s.id = any((c.parties).client_managers)
                        where c.id = :case and (c.kind = 'COMPLAINT' or not :complaintsOnly)
                          and s.active and s.username is distinct from :actor
                          and not s.id = any(:told)
                          and case_visible_to(c.parties, s.id,
                                array(select r.role from staff_directory_role r where r.staff_id = s.id),
                                array(select m.department_id from staff_directory_membership m where m.staff_id = s.id))
                        order by s.id""")
                .param("case", caseId)
                .param("actor", actor)
                .param("told", alreadyTold.toArray(Long[]::new))
                .param("complaintsOnly", complaintsOnly)
                .query(Long.class)
                .list();
        if (!recipients.isEmpty()) {
            notices.send(new StaffNotices.Notice(caseId, reference, timerId, stage, kind, false, at), recipients);
        }
    }
}
