-- intake: administrators act on quarantined e-mail. They retry a message (after a fix, say) or dismiss it; each action
-- is kept with who took it, when, and what became of the message. A dismissed message keeps its raw bytes.
alter table intake_mail drop constraint intake_mail_status_check;
alter table intake_mail add constraint intake_mail_status_check
    check (status in ('NEW', 'CASE_CREATED', 'ADDED_TO_CASE', 'IGNORED_AUTOMATIC', 'DUPLICATE', 'QUARANTINED', 'DISMISSED'));

create table intake_mail_action (
    id       bigint generated always as identity primary key,
    mail_id  bigint      not null references intake_mail (id),
    action   text        not null check (action in ('RETRIED', 'DISMISSED')),
    actor_id bigint      not null references identity_staff (id),
    at       timestamptz not null,
    -- The status the message was left in: QUARANTINED again after a retry that failed, DISMISSED, or what it became.
    outcome  text        not null,
    -- Why a retry failed, or the administrator's reason for dismissing.
    note     text
);
create index intake_mail_action_mail on intake_mail_action (mail_id, id);
