package health.datasafe.kit.web;

import health.datasafe.kit.problem.ServletProblems;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every servlet service's HTTP side shares: one {@link RequestBodies} with the body limit of
 * {@code dsh.http.max-body-size}, and the {@link RequestsInFlight} bounds of {@code dsh.http.max-requests-in-flight}
 * and {@code dsh.http.max-body-bytes-in-flight},
 * first of all filters (before security, so a flood without tokens is shed too).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpSettings.class)
public class RequestBodiesAutoConfiguration {

    @Bean
    RequestBodies requestBodies(HttpSettings settings, JsonMapper json) {
        return new RequestBodies(settings, json);
    }

    @Bean
    FilterRegistrationBean<RequestsInFlight> requestsInFlight(HttpSettings settings, ServletProblems problems) {
        var registration = new FilterRegistrationBean<>(new RequestsInFlight(settings, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
