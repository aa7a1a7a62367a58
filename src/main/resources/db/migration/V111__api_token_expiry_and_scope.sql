-- API tokens end: each has an expiry (90 days unless chosen otherwise at issue, at most a year) and a scope.
alter table identity_api_token
    add column expires_at timestamptz,
    add column scope      text not null default 'READ_ACT' check (scope in ('READ', 'READ_ACT'));
-- Tokens issued before expiries existed could do everything and never ended: they keep their scope and end 90 days
-- from now, so that integrations keep working while their owners replace them.
update identity_api_token set expires_at = greatest(created_at, now()) + interval '90 days';
alter table identity_api_token alter column expires_at set not null;
alter table identity_api_token alter column scope drop default;

-- Bumped by every revocation, deactivation and change of roles: each instance compares it with the one its cache of
-- verified tokens was filled under, so a revoked token stops working everywhere within a second.
create table identity_api_token_generation (
    value bigint not null
);
insert into identity_api_token_generation (value) values (0);
