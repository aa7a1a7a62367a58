-- identity: single sign-on with an OpenID provider (docs/single-sign-on.md).

-- The provider's identity of a member of staff: the account is found by the issuer and subject, never by name.
create table identity_sso_account (
    staff_id                bigint      primary key references identity_staff (id),
    issuer                  text        not null check (length(issuer) <= 1000),
    subject                 text        not null check (length(subject) between 1 and 255),
    created_at              timestamptz not null,
    last_sign_in_at         timestamptz,
    -- Deactivated because the provider gave the person no mapped group: a later sign-in with one brings it back. An
    -- account an administrator deactivated stays so.
    deactivated_by_provider boolean     not null default false,
    unique (issuer, subject)
);

-- A sign-in under way: what Hearken asked the provider (state, nonce, PKCE verifier), kept until the browser comes
-- back or for ten minutes, found by the hash of a random value in the browser's cookie. Not a session: an anonymous
-- visitor still has none.
create table identity_sso_pending (
    key_hash   bytea       primary key,
    request    bytea       not null,
    expires_at timestamptz not null
);
create index identity_sso_pending_expires on identity_sso_pending (expires_at);
