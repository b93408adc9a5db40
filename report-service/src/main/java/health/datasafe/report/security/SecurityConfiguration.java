package health.datasafe.report.security;

import health.datasafe.contracts.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint needs a bearer token (an OAuth2 resource server; roles from the {@code role} claim, the subject is
 * the actor id). A patient's data is open to that patient, to auditors and to administrators; anyone else gets 403
 * before anything is looked up, so the answer is the same whether the patient exists or not.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        var problems = new ProblemResponses(json);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/patients/{patientId}/access-log").access(patientSelfOrOversight())
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(problems.unauthenticated())
                        .accessDeniedHandler(problems.forbidden()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems.unauthenticated())
                        .accessDeniedHandler(problems.forbidden()));
        return http.build();
    }

    /** The patient named in the path, or an auditor or administrator. */
    static AuthorizationManager<RequestAuthorizationContext> patientSelfOrOversight() {
        return (authentication, context) -> new AuthorizationDecision(
                mayRead(authentication.get(), context.getVariables().get("patientId")));
    }

    static boolean mayRead(Authentication caller, String patientId) {
        if (caller == null || !caller.isAuthenticated()) {
            return false;
        }
        if (hasRole(caller, Role.AUDITOR) || hasRole(caller, Role.ADMIN)) {
            return true;
        }
        return hasRole(caller, Role.PATIENT) && patientId != null && patientId.equals(caller.getName());
    }

    private static boolean hasRole(Authentication caller, Role role) {
        String authority = "ROLE_" + role.name();
        for (GrantedAuthority granted : caller.getAuthorities()) {
            if (authority.equals(granted.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
