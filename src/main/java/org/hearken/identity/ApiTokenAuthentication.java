package org.hearken.identity;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A request signed in with an API token: who owns it and what it may do. */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final StaffUser owner;
    private final ApiTokens.Scope scope;
    private final long tokenId;

    ApiTokenAuthentication(StaffUser owner, ApiTokens.Scope scope, long tokenId) {
        super(owner.getAuthorities());
        this.owner = owner;
        this.scope = scope;
        this.tokenId = tokenId;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return owner;
    }

    ApiTokens.Scope scope() {
        return scope;
    }

    long tokenId() {
        return tokenId;
    }

    /** True if the current request was signed in with a token rather than a password. */
    static boolean current() {
        return org.springframework.security.core.context.SecurityContextHolder.getContext()
                        .getAuthentication()
                instanceof ApiTokenAuthentication;
    }
}
