package health.datasafe.ledger.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * Refusals by the security filters, written as RFC 9457 problem details; the WWW-Authenticate header of RFC 6750
 * is kept.
 */
final class ProblemResponses {

    private final JsonMapper json;
    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    AuthenticationEntryPoint unauthenticated() {
        return (request, response, failure) -> {
            bearerEntryPoint.commence(request, response, failure);
            write(request, response, HttpStatus.UNAUTHORIZED, detailOf(failure));
        };
    }

    AccessDeniedHandler forbidden() {
        return (request, response, denied) -> {
            bearerAccessDenied.handle(request, response, denied);
            write(request, response, HttpStatus.FORBIDDEN, "this caller may not use this resource");
        };
    }

    private static String detailOf(AuthenticationException failure) {
        return failure.getMessage() == null ? "a valid bearer token is required" : failure.getMessage();
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
