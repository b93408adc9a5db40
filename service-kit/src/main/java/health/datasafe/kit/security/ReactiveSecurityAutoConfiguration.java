package health.datasafe.kit.security;

import health.datasafe.kit.problem.ReactiveProblemAutoConfiguration;
import health.datasafe.kit.problem.ReactiveProblems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.reactive.CorsConfigurationSource;

/**
 * The security baseline of a reactive service (the gateway): stateless, no sessions, forms or basic auth; tokens
 * follow {@link CallerTokens}; health and info open; then the service's own {@link ReactiveAccessRules}; anything
 * else needs a valid token. CORS from the service's {@link CorsConfigurationSource} bean, if it has one.
 */
@AutoConfiguration(after = ReactiveProblemAutoConfiguration.class,
        beforeName = {"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecuritySettings.class)
public class ReactiveSecurityAutoConfiguration {

    @Bean
    ReactiveJwtDecoder reactiveJwtDecoder(SecuritySettings settings) {
        return CallerTokens.reactiveDecoder(settings);
    }

    @Bean
    SecurityWebFilterChain securityBaseline(ServerHttpSecurity http, ReactiveJwtDecoder tokens,
                                            ObjectProvider<ReactiveAccessRules> rules,
                                            ObjectProvider<CorsConfigurationSource> cors, ReactiveProblems problems) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll();
                    rules.orderedStream().forEach(rule -> rule.apply(exchanges));
                    exchanges.anyExchange().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(tokens).jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(CallerTokens::authentication)))
                        .authenticationEntryPoint(problems.unauthenticated())
                        .accessDeniedHandler(problems.forbidden()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems.unauthenticated())
                        .accessDeniedHandler(problems.forbidden()));
        cors.ifUnique(source -> http.cors(spec -> spec.configurationSource(source)));
        return http.build();
    }
}
