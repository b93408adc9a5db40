package health.datasafe.kit.problem;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes problems in a reactive service (the gateway): the security filters' 401 and 403, with the RFC 6750
 * challenge but never the token library's description, and whatever {@link ReactiveProblemHandler} catches.
 */
public class ReactiveProblems {

    private final JsonMapper json;

    public ReactiveProblems(JsonMapper json) {
        this.json = json;
    }

    public ServerAuthenticationEntryPoint unauthenticated() {
        return (exchange, failure) -> {
            boolean badToken = failure instanceof OAuth2AuthenticationException;
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, Problem.bearerChallenge(badToken));
            return write(exchange, HttpStatus.UNAUTHORIZED, badToken ? Problem.BAD_TOKEN : Problem.NO_TOKEN);
        };
    }

    public ServerAccessDeniedHandler forbidden() {
        return (exchange, denied) -> write(exchange, HttpStatus.FORBIDDEN, Problem.FORBIDDEN);
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = json.writeValueAsBytes(Problem.of(status, detail, exchange.getRequest().getPath().value()).body());
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
