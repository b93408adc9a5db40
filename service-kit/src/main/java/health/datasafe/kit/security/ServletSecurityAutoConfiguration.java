package health.datasafe.kit.security;

import health.datasafe.kit.problem.ServletProblems;
import health.datasafe.kit.problem.ServletProblemAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The security baseline of every servlet service: a stateless OAuth2 resource server whose tokens follow
 * {@link CallerTokens}; health and info open; then the service's own {@link AccessRules}; anything else needs a valid
 * token. Refusals are problems ({@link ServletProblems}).
 */
@AutoConfiguration(after = ServletProblemAutoConfiguration.class,
        beforeName = {"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(SecuritySettings.class)
public class ServletSecurityAutoConfiguration {

    @Bean
    JwtDecoder jwtDecoder(SecuritySettings settings) {
        return CallerTokens.decoder(settings);
    }

    @Bean
    SecurityFilterChain securityBaseline(HttpSecurity http, JwtDecoder tokens, ObjectProvider<AccessRules> rules,
                                         ServletProblems problems) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                            .requestMatchers("/error").permitAll();
                    rules.orderedStream().forEach(rule -> rule.apply(requests));
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(tokens).jwtAuthenticationConverter(CallerTokens::authentication))
                        .authenticationEntryPoint(problems.unauthenticated())
                        .accessDeniedHandler(problems.forbidden()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems.unauthenticated())
                        .accessDeniedHandler(problems.forbidden()));
        return http.build();
    }
}
