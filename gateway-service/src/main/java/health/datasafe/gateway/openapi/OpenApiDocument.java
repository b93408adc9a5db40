package health.datasafe.gateway.openapi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.time.Duration;

/** {@code GET /api/openapi.yaml}: the document in {@code static/openapi.yaml}, as {@code application/yaml}. */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    @Bean
    RouterFunction<ServerResponse> openApiRoute() {
        Resource document = new ClassPathResource("static/openapi.yaml");
        return RouterFunctions.route(RequestPredicates.GET("/api/openapi.yaml"), request -> ServerResponse.ok()
                .contentType(YAML)
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(BodyInserters.fromResource(document)));
    }
}
