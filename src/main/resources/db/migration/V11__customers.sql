-- customers: the people and organisations who give feedback, found again by e-mail or phone at intake.
create table customers (
    id              bigint generated always as identity primary key,
    name            text        not null,
    email           text,
    phone           text,
    -- Digits only, so that "02 5550 1234" and "(02) 5550-1234" are the same number. Must match CustomerDirectory.digits.
    phone_key       text generated always as (nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '')) stored,
    postal_address  text,
    preferred_reply text        not null check (preferred_reply in ('EMAIL', 'PHONE', 'POST')),
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

-- One customer per e-mail address, whatever its letter case; intake's insert ... on conflict relies on this index.
create unique index customers_email on customers (lower(email)) where email is not null;
-- Not unique: a household shares a phone, so intake matches on phone and name together.
create index customers_phone_key on customers (phone_key text_pattern_ops) where phone_key is not null;
create index customers_name on customers (lower(name) text_pattern_ops);
create index customers_email_prefix on customers (lower(email) text_pattern_ops) where email is not null;

alter table cases add column customer_id bigint references customers (id);
create index cases_customer_id on cases (customer_id, id);
