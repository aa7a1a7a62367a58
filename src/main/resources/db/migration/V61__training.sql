-- training: when each member of staff was trained on the complaints procedure, and on which service policy version.
create table training_record (
    id                bigint generated always as identity primary key,
    staff_id          bigint      not null references identity_staff (id),
    trained_on        date        not null,
    policy_version_id bigint      not null references policy_version (id),
    note              text,
    recorded_at       timestamptz not null,
    recorded_by       text        not null
);
create index training_record_staff on training_record (staff_id, trained_on desc);
create index training_record_policy on training_record (policy_version_id, staff_id);
