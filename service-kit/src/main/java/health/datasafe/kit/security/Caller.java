package health.datasafe.kit.security;

import health.datasafe.contracts.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Collection;

/**
 * The authenticated caller: the token's subject is the actor id, its {@code role} claim the one role. Tokens are
 * refused unless they name exactly one known role ({@link CallerTokens}), so every authenticated caller has one.
 */
public record Caller(String actorId, Role role) {

    static final String ROLE_PREFIX = "ROLE_";

    /** The caller behind an authentication {@link CallerTokens} made; null for anyone else (anonymous). */
    public static Caller of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return null;
        }
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            Role role = roleOf(granted.getAuthority());
            if (role != null) {
                return new Caller(authentication.getName(), role);
            }
        }
        return null;
    }

    static Role roleOf(String authority) {
        if (authority == null || !authority.startsWith(ROLE_PREFIX)) {
            return null;
        }
        try {
            return Role.valueOf(authority.substring(ROLE_PREFIX.length()));
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    public boolean is(Role expected) {
        return role == expected;
    }

    /** Auditors and administrators oversee every patient's transactions. */
    public boolean oversees() {
        return role == Role.AUDITOR || role == Role.ADMIN;
    }

    /**
     * Whether this caller may look up by its id a transaction concerning {@code patientId} (null for none): that
     * patient, auditors and administrators; anyone else is answered as for an id nobody holds.
     */
    public boolean mayLookUp(String patientId) {
        return oversees() || actorId.equals(patientId);
    }

    /** Whether this caller may act on {@code patientId}'s data as that patient or holding one of {@code others}. */
    public boolean mayReach(String patientId, Collection<Role> others) {
        if (role == Role.PATIENT) {
            return patientId != null && patientId.equals(actorId);
        }
        return others.contains(role);
    }
}
