-- Sign-in throttling by counters, one row per client address, per account, and per account and address, each for a
-- fixed window. A counter is raised with one upsert before the password is checked, so simultaneous guesses are
-- counted one after another and no more than the limit get checked.
drop table login_failure;

create table login_throttle (
    key         text        primary key,
    attempts    integer     not null,
    window_ends timestamptz not null
);
create index login_throttle_window on login_throttle (window_ends);
