package health.datasafe.transaction.identity;

import health.datasafe.kit.security.Caller;
import health.datasafe.transaction.initiator.Submission;
import health.datasafe.transaction.initiator.Submissions;
import health.datasafe.kit.web.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/identities}: submits the IDENTITY_REGISTERED the {@link Registrar} admits. The body is optional
 * for actors registering themselves.
 */
@RestController
class IdentityController {

    private final RequestBodies bodies;
    private final Registrar registrar;
    private final Submissions submissions;

    IdentityController(RequestBodies bodies, Registrar registrar, Submissions submissions) {
        this.bodies = bodies;
        this.registrar = registrar;
        this.submissions = submissions;
    }

    @PostMapping("/api/identities")
    ResponseEntity<Object> register(HttpServletRequest request, Authentication authentication,
                                    @RequestHeader(value = "Prefer", required = false) String prefer) {
        RegistrationRequest body = bodies.readJson(request, RegistrationRequest.class).orElse(RegistrationRequest.NONE);
        Registration registration = registrar.admit(Caller.of(authentication), body);
        Submission submission = submissions.submit(registration.draft());
        return submission.answer(prefer, status -> new IdentitySubmitted(submission.id(), registration.actorId(), status));
    }
}
