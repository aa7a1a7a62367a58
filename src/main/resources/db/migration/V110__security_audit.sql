-- audit: the security audit log, kept apart from the case register. Who did what, from where, to what, and how it
-- ended: sign-ins and their failures, changes to who may see what, API tokens, exports, openings of confidential cases.
create table security_audit (
    id             bigint generated always as identity primary key,
    occurred_at    timestamptz not null,
    -- The username acting, or the one tried in a failed sign-in; null when nobody could be named (an unknown API token).
    actor          text,
    client_address text,
    action         text        not null,
    target         text,
    -- When the entry concerns a case: its reference, so that an entry about a complaint about the reader is withheld.
    case_reference text,
    outcome        text        not null check (outcome in ('SUCCESS', 'FAILURE', 'REFUSED')),
    details        jsonb       not null default '{}'
);
create index security_audit_actor on security_audit (lower(actor), id);
create index security_audit_action on security_audit (action, id);
create index security_audit_target on security_audit (lower(target), id);
create index security_audit_occurred on security_audit (occurred_at);

-- Append-only, as the register: nobody, Hearken included, may change or remove an entry.
create function security_audit_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'the security audit log is append-only: % on % is refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end
$$;

create trigger security_audit_append_only before update or delete on security_audit
    for each row execute function security_audit_refuse_change();
create trigger security_audit_no_truncate before truncate on security_audit
    for each statement execute function security_audit_refuse_change();
