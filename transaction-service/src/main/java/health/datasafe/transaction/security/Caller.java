package health.datasafe.transaction.security;

import health.datasafe.contracts.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The authenticated caller: the token's subject is the actor id, its {@code role} claim the role (null when the claim
 * names no known role).
 */
public record Caller(String actorId, Role role) {

    static final String ROLE_PREFIX = "ROLE_";

    public static Caller of(Authentication authentication) {
        Role role = null;
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            String authority = granted.getAuthority();
            if (authority != null && authority.startsWith(ROLE_PREFIX)) {
                try {
                    role = Role.valueOf(authority.substring(ROLE_PREFIX.length()));
                    break;
                } catch (IllegalArgumentException unknownRole) {
                    // not one of ours: keep looking
                }
            }
        }
        return new Caller(authentication.getName(), role);
    }

    public boolean is(Role expected) {
        return role == expected;
    }

    /** Auditors and administrators oversee every patient's transactions. */
    public boolean oversees() {
        return role == Role.AUDITOR || role == Role.ADMIN;
    }
}
