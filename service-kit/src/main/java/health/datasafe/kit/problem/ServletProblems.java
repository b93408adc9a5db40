package health.datasafe.kit.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Writes problems where no controller advice reaches: the security filters' 401 and 403, with the RFC 6750
 * challenge but never the token library's description of what it disliked, and any other filter's ({@link #write}).
 * (The servlet container's error dispatch is {@link ProblemErrorController}'s.)
 */
public class ServletProblems {

    private final JsonMapper json;

    public ServletProblems(JsonMapper json) {
        this.json = json;
    }

    public AuthenticationEntryPoint unauthenticated() {
        return (request, response, failure) -> {
            boolean badToken = badToken(failure);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, Problem.bearerChallenge(badToken));
            write(request, response, Problem.of(HttpStatus.UNAUTHORIZED,
                    badToken ? Problem.BAD_TOKEN : Problem.NO_TOKEN, request.getRequestURI()));
        };
    }

    public AccessDeniedHandler forbidden() {
        return (request, response, denied) -> write(request, response,
                Problem.of(HttpStatus.FORBIDDEN, Problem.FORBIDDEN, request.getRequestURI()));
    }

    /** Answers the problem as {@code application/problem+json}, unless the response is already committed. */
    public void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(problem.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem.body()));
    }

    private static boolean badToken(AuthenticationException failure) {
        return failure instanceof OAuth2AuthenticationException;
    }
}
