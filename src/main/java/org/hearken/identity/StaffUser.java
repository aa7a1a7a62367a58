package org.hearken.identity;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** Spring Security's view of a member of staff; carries the {@link Actor} the rest of Hearken uses. */
final class StaffUser implements UserDetails, CredentialsContainer {

    private final Actor actor;
    private final boolean active;
    private String passwordHash;

    StaffUser(Actor actor, String passwordHash, boolean active) {
        this.actor = actor;
        this.passwordHash = passwordHash;
        this.active = active;
    }

    Actor actor() {
        return actor;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities(actor);
    }

    static List<GrantedAuthority> authorities(Actor actor) {
        return actor.roles().stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return actor.username();
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
