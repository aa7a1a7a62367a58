-- register: the append-only, hash-chained log of everything that happens to a case.
create table register_event (
    id             bigint generated always as identity primary key,
    case_id        bigint      not null references cases (id),
    case_reference text        not null,
    occurred_at    timestamptz not null,
    actor          text        not null,
    type           text        not null,
    payload        jsonb       not null
);
create index register_event_case on register_event (case_id, id);

-- The chain: each sealed event's hash covers the previous hash and the event's content. Sealing runs just after
-- commit so that intake never waits on one global lock; a unique position makes two sealers unable to fork it.
create table register_seal (
    position  bigint primary key,
    event_id  bigint not null unique references register_event (id),
    prev_hash bytea  not null,
    hash      bytea  not null
);

-- Work list of events written but not yet sealed (a queue, not part of the register).
create table register_pending (
    event_id bigint primary key references register_event (id)
);

create function register_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'the register is append-only: % on % is refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end
$$;

create trigger register_event_append_only before update or delete on register_event
    for each row execute function register_refuse_change();
create trigger register_event_no_truncate before truncate on register_event
    for each statement execute function register_refuse_change();
create trigger register_seal_append_only before update or delete on register_seal
    for each row execute function register_refuse_change();
create trigger register_seal_no_truncate before truncate on register_seal
    for each statement execute function register_refuse_change();
