-- escalation: which of their notices each member of staff also wants by e-mail. A row is a choice made: nobody is
-- e-mailed anything until they choose it on their notifications page. ASSIGNED: a case assigned or referred to them (or
-- opened with them as its owner by someone else); CUSTOMER_REPLIED: the customer replied on one of their cases or wrote
-- after it was closed; WARNING: a deadline is near; BREACH: a deadline was missed or escalated.
create table escalation_mail_preference (
    staff_id   bigint      not null references identity_staff (id),
    kind       text        not null check (kind in ('ASSIGNED', 'CUSTOMER_REPLIED', 'WARNING', 'BREACH')),
    chosen_at  timestamptz not null,
    primary key (staff_id, kind)
);
