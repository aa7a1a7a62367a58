-- cases: the root-cause category a substantive response is filed under, from a list administrators keep, and the
-- improvement status of suggestions (the suggestions log for policy review). Categories are deactivated, never
-- deleted, so that every case keeps a category that still has a name.
create table case_category (
    code        text    primary key check (code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
    name        text    not null check (btrim(name) <> ''),
    description text,
    active      boolean not null default true,
    position    integer not null default 0
);
create unique index case_category_name on case_category (lower(name));

insert into case_category (code, name, description, position) values
    ('COMMUNICATION', 'Communication', 'Not kept informed, unclear or unanswered correspondence', 10),
    ('DELAY', 'Delay', 'Took too long, missed appointments or dates', 20),
    ('STAFF_CONDUCT', 'Staff conduct', 'Attitude, courtesy or behaviour of staff', 30),
    ('DECISION', 'Policy or decision', 'Disagreement with a decision or with the policy applied', 40),
    ('SERVICE_QUALITY', 'Quality of service', 'The service was not done, or not done right', 50),
    ('BILLING', 'Fees and charges', 'Rates, fees, fines, refunds and payments', 60),
    ('INFORMATION', 'Information', 'Wrong, missing or hard-to-find information', 70),
    ('ACCESS', 'Access and facilities', 'Getting to services and buildings, accessibility', 80),
    ('OTHER', 'Other', 'Anything the other categories do not cover', 1000);

alter table cases
    add column category               text references case_category (code),
    add column improvement_status     text check (improvement_status in ('UNDER_CONSIDERATION', 'ADOPTED', 'DECLINED')),
    add column improvement_note       text,
    add column improvement_changed_at timestamptz,
    add column improvement_changed_by bigint references identity_staff (id),
    add constraint cases_improvement_only_suggestions check (improvement_status is null or kind = 'SUGGESTION');

alter table case_response add column category text references case_category (code);
