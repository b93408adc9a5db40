package health.datasafe.kit.problem;

/**
 * Marks a {@link org.springframework.web.server.ResponseStatusException} whose reason is written for the caller, so
 * {@link ReactiveProblemHandler} answers with it instead of the generic wording.
 */
public interface CallerFacingProblem {
}
