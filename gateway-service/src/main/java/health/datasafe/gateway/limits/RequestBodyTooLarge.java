package health.datasafe.gateway.limits;

import health.datasafe.kit.problem.CallerFacingProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A request body of {@code size} bytes (or at least that many, when streamed) where at most {@code limit} are relayed. */
class RequestBodyTooLarge extends ResponseStatusException implements CallerFacingProblem {

    RequestBodyTooLarge(long size, long limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, "the request body has %s bytes, more than the %d bytes allowed"
                .formatted(size, limit));
    }
}
