package health.datasafe.kit.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** One {@link RequestBodies} for a servlet service, with the body limit of {@code dsh.http.max-body-size}. */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpSettings.class)
public class RequestBodiesAutoConfiguration {

    @Bean
    RequestBodies requestBodies(HttpSettings settings, JsonMapper json) {
        return new RequestBodies(settings, json);
    }
}
