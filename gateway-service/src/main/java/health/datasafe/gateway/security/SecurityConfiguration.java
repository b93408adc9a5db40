package health.datasafe.gateway.security;

import health.datasafe.contracts.Role;
import health.datasafe.gateway.GatewaySettings;
import health.datasafe.gateway.routing.ServiceRoutes;
import health.datasafe.kit.security.PatientPaths;
import health.datasafe.kit.security.ReactiveAccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

import java.time.Duration;
import java.util.List;

/**
 * The gateway's own rules on top of the kit's security baseline (tokens checked as every service checks them). The
 * OpenAPI document and the dev token route (only routed when the devstack configures it) are open. A PATIENT token
 * whose subject is not the {@code {patientId}} of {@code /api/patients/{patientId}/**} is refused here already (the
 * services check it again); clinicians, auditors and administrators pass on to the services, which decide. The token
 * itself is relayed to the services unchanged. Anything else needs a valid token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    ReactiveAccessRules gatewayAccess() {
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/openapi.yaml").permitAll()
                .pathMatchers(ServiceRoutes.DEV_TOKEN_PATH).permitAll()
                .pathMatchers("/api/patients/{patientId}/**")
                .access(PatientPaths.reactiveOwnOr(Role.CLINICIAN, Role.AUDITOR, Role.ADMIN));
    }

    /** Browsers from {@code dsh.gateway.cors-origins} may call the API; with none configured, no CORS headers. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(GatewaySettings settings) {
        var source = new UrlBasedCorsConfigurationSource();
        if (!settings.corsOrigins().isEmpty()) {
            var cors = new CorsConfiguration();
            cors.setAllowedOrigins(settings.corsOrigins());
            cors.setAllowedMethods(List.of("GET", "POST", "DELETE", "OPTIONS"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Prefer", "DSH-Signature", "DSH-Not-After"));
            cors.setExposedHeaders(List.of("DSH-Transaction-Id", "DSH-Tx-Hash", "DSH-Block-Height", "DSH-Shard",
                    "DSH-Leaf-Index", "DSH-Receipt", "Location", "Preference-Applied", "Content-Disposition"));
            cors.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/api/**", cors);
            source.registerCorsConfiguration(ServiceRoutes.DEV_TOKEN_PATH, cors);
        }
        return source;
    }
}
