-- Seals written from now on hash the case id too (hash version 2, see RegisterChain). Seals written before keep
-- version 1 and are verified as they were written; the version never goes back along the chain.
alter table register_seal add column hash_version smallint not null default 1 check (hash_version in (1, 2));
alter table register_seal alter column hash_version drop default;

-- Signed checkpoints: now and then the chain's head (position and hash) is signed with an Ed25519 key kept outside the
-- database (hearken.register.key-file). Whoever controls the database can rewrite events and re-seal the chain, but
-- cannot sign: verification finds the chain no longer has the signed hash at a checkpoint's position. Numbered from 1
-- without gaps, so a removed checkpoint shows; exported copies kept elsewhere can be checked against the chain too.
create table register_checkpoint (
    number    bigint      primary key check (number > 0),
    position  bigint      not null check (position > 0),
    head_hash bytea       not null check (length(head_hash) = 32),
    signed_at timestamptz not null,
    key_id    text        not null,
    signature bytea       not null
);

create trigger register_checkpoint_append_only before update or delete on register_checkpoint
    for each row execute function register_refuse_change();
create trigger register_checkpoint_no_truncate before truncate on register_checkpoint
    for each statement execute function register_refuse_change();
