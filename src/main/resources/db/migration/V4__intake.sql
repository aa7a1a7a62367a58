-- intake: idempotency keys, so that a client's retry returns the case it already created.
create table intake_idempotency (
    client_id    bigint      not null references identity_staff (id),
    key          text        not null,
    request_hash bytea       not null,
    case_id      bigint      not null references cases (id),
    created_at   timestamptz not null,
    primary key (client_id, key)
);
