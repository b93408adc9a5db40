package health.datasafe.gateway.security;

import health.datasafe.contracts.Role;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * {@code /api/patients/{patientId}/**}: any authenticated caller, except that a PATIENT may only reach their own
 * {@code patientId}. Whether a clinician may read is the services' (and the patient's consent's) business.
 */
final class OwnPatientPath implements ReactiveAuthorizationManager<AuthorizationContext> {

    private static final String PATIENT = "ROLE_" + Role.PATIENT.name();

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        Object patientId = context.getVariables().get("patientId");
        return authentication
                .filter(caller -> caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken))
                .map(caller -> (AuthorizationResult) new AuthorizationDecision(mayReach(caller, patientId)))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    static boolean mayReach(Authentication caller, Object patientId) {
        for (GrantedAuthority authority : caller.getAuthorities()) {
            if (PATIENT.equals(authority.getAuthority())) {
                return caller.getName().equals(patientId);
            }
        }
        return true;
    }
}
