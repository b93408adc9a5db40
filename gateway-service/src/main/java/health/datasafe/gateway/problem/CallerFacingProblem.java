package health.datasafe.gateway.problem;

/** Marks a {@link org.springframework.web.server.ResponseStatusException} whose reason is written for the caller. */
public interface CallerFacingProblem {
}
