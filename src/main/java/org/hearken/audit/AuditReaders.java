package org.hearken.audit;

import java.util.Set;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who may read the audit log: executives and administrators, whoever else asks is refused. */
final class AuditReaders {

    /** The roles, as Spring Security names them, that read the log. */
    static final Set<String> ROLES = Set.of("ROLE_EXECUTIVE", "ROLE_ADMIN");

    private AuditReaders() {}

    /** The signed-in reader's username; refused unless they are an executive or an administrator. */
    static String require() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null
                || !auth.isAuthenticated()
                || auth.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .noneMatch(ROLES::contains)) {
            throw new AccessDeniedException("Only executives and administrators may read the security audit log.");
        }
        return auth.getName();
    }
}
