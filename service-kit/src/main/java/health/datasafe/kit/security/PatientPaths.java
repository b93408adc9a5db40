package health.datasafe.kit.security;

import health.datasafe.contracts.Role;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * Paths under {@code /api/patients/{patientId}}: a patient reaches only their own, so any other patient is refused
 * (403) before anything is looked up and the answer is the same whether that patient exists or not; callers of the
 * other roles given may reach any patient's path (what they then see is the service's and the consent's business).
 */
public final class PatientPaths {

    public static final String PATIENT_ID = "patientId";

    private PatientPaths() {
    }

    /** For servlet services: the patient named in the path, or a caller holding one of {@code others}. */
    public static AuthorizationManager<RequestAuthorizationContext> ownOr(Role... others) {
        Set<Role> allowed = roles(others);
        return (authentication, context) -> new AuthorizationDecision(
                mayReach(authentication.get(), context.getVariables().get(PATIENT_ID), allowed));
    }

    /** For the reactive gateway: the patient named in the path, or a caller holding one of {@code others}. */
    public static ReactiveAuthorizationManager<AuthorizationContext> reactiveOwnOr(Role... others) {
        Set<Role> allowed = roles(others);
        return (authentication, context) -> authentication
                .map(caller -> (AuthorizationResult) new AuthorizationDecision(
                        mayReach(caller, context.getVariables().get(PATIENT_ID), allowed)))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    static boolean mayReach(Authentication authentication, Object patientId, Set<Role> others) {
        Caller caller = Caller.of(authentication);
        return caller != null && caller.mayReach(patientId instanceof String id ? id : null, others);
    }

    private static Set<Role> roles(Role... others) {
        return Set.of(others);
    }
}
