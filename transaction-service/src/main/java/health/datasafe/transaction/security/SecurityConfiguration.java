package health.datasafe.transaction.security;

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
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;

/**
 * Every endpoint needs a bearer token (an OAuth2 resource server; roles from the {@code role} claim, the subject is
 * the actor id). Under {@code /api/patients/{patientId}} a patient acts only on their own data: any other patient gets
 * 403 before anything is looked up, so the answer is the same whether that patient exists or not. Consents are the
 * patient's alone; records are added and read by the patient or by clinicians (the validator then decides by consent).
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
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/patients/{patientId}/consents", "/api/patients/{patientId}/consents/**")
                        .access(patientSelf(Set.of()))
                        .requestMatchers(HttpMethod.POST, "/api/patients/{patientId}/records")
                        .access(patientSelf(Set.of(Role.CLINICIAN)))
                        .requestMatchers(HttpMethod.GET, "/api/patients/{patientId}/records/{recordId}")
                        .access(patientSelf(Set.of(Role.CLINICIAN)))
                        .requestMatchers("/api/patients/**").denyAll()
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

    /** The patient named in the path, or a caller holding one of the other roles given. */
    static AuthorizationManager<RequestAuthorizationContext> patientSelf(Set<Role> others) {
        return (authentication, context) ->
                new AuthorizationDecision(allowed(authentication.get(), context.getVariables().get("patientId"), others));
    }

    static boolean allowed(Authentication authentication, String patientId, Set<Role> others) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return false;
        }
        Caller caller = Caller.of(authentication);
        if (caller.is(Role.PATIENT)) {
            return patientId != null && patientId.equals(caller.actorId());
        }
        return caller.role() != null && others.contains(caller.role());
    }
}
