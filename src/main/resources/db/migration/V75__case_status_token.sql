-- cases: the private links with which a customer follows their case on the public status page, without an account.
-- Only the SHA-256 of each secret token is kept: the token itself exists only in the links given to the customer
-- (the confirmation page of the web form, and the messages sent to them), so a copy of the database reveals none.
create table case_status_token (
    token_hash bytea       primary key check (length(token_hash) = 32),
    case_id    bigint      not null references cases (id),
    created_at timestamptz not null
);

create index case_status_token_case on case_status_token (case_id);
