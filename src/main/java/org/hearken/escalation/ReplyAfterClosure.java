package org.hearken.escalation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hearken.cases.CaseEvents;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A customer's message must not go unread: in the transaction that records it, the case's owner gets a notice (or, when
 * the owner is no longer active, the department's managers, and failing them the executives). Nobody is told about a
 * complaint that is about them. On an open case the notice says the customer replied; on a closed case it says they
 * wrote after closure, and that notice is recorded in the register: the case stays closed, staff decide whether to
 * reopen it.
 */
@Component
class ReplyAfterClosure {

    static final String STAGE = "CLOSED";
    static final String KIND = "REPLY_AFTER_CLOSURE";
    static final String OPEN_STAGE = "OPEN";
    static final String REPLIED = "CUSTOMER_REPLIED";

    private record WrittenCase(long ownerId, long departmentId, boolean closed) {}

    private final JdbcClient jdbc;
    private final StaffNotices notices;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ReplyAfterClosure(JdbcClient jdbc, StaffNotices notices, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.events = events;
        this.clock = clock;
    }

    /** Just before the message's transaction commits, so that the register lists the message first, then the notice. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(CaseEvents.CustomerMessageReceived e) {
        var closed = jdbc.sql("""
                        select c.owner_id, c.department_id, c.status = 'CLOSED' from case_published c where c.id = ?""")
                .param(e.caseId())
                .query((rs, n) -> new WrittenCase(rs.getLong(1), rs.getLong(2), rs.getBoolean(3)))
                .optional();
        if (closed.isEmpty()) {
            return;
        }
        boolean afterClosure = closed.get().closed();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        // Nobody is told about a complaint that is about them.
        String notAbout = StaffNotices.NOT_ABOUT;
        for (String sql : List.of(
                "select s.id, s.username from staff_directory s where s.id = :owner and s.active" + notAbout,
                """
                select s.id, s.username from staff_directory s where s.active and s.id in (
                    select m.staff_id from staff_directory_membership m join staff_directory_role r on r.staff_id = m.staff_id
                    where m.department_id = :department and r.role = 'MANAGER')""" + notAbout + " order by s.id",
                """
                select s.id, s.username from staff_directory s join staff_directory_role r on r.staff_id = s.id
                where s.active and r.role = 'EXECUTIVE'""" + notAbout + " order by s.id")) {
            jdbc.sql(sql)
                    .param("owner", closed.get().ownerId())
                    .param("department", closed.get().departmentId())
                    .param("case", e.caseId())
                    .query((rs, n) -> {
                        ids.add(rs.getLong(1));
                        names.add(rs.getString(2));
                        return null;
                    })
                    .list();
            if (!ids.isEmpty()) {
                break;
            }
        }
        notices.send(
                new StaffNotices.Notice(
                        e.caseId(),
                        e.reference(),
                        null,
                        afterClosure ? STAGE : OPEN_STAGE,
                        afterClosure ? KIND : REPLIED,
                        false,
                        now),
                ids);
        if (!afterClosure) {
            return;
        }
        events.publishEvent(new ReplyAfterClosureNotice(
                e.caseId(), e.reference(), e.actor(), now, e.fromAddress(), e.receivedAt(), List.copyOf(names)));
    }
}
