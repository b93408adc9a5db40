package health.datasafe.transaction.identity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.kit.security.Caller;
import health.datasafe.transaction.initiator.Draft;
import health.datasafe.transaction.initiator.Submission;
import health.datasafe.transaction.initiator.Submissions;
import health.datasafe.transaction.web.Identifier;
import health.datasafe.transaction.web.InvalidField;
import health.datasafe.transaction.web.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashMap;
import java.util.Set;

/**
 * {@code POST /api/identities}: patients, clinicians and auditors register themselves (the token's subject and
 * role); an administrator registers a clinician or an auditor by id. Submits IDENTITY_REGISTERED.
 */
@RestController
class IdentityController {

    private static final Set<Role> SELF_REGISTERING = Set.of(Role.PATIENT, Role.CLINICIAN, Role.AUDITOR);
    private static final Set<Role> ADMIN_REGISTERED = Set.of(Role.CLINICIAN, Role.AUDITOR);

    private final RequestBodies bodies;
    private final Identities identities;
    private final Submissions submissions;

    IdentityController(RequestBodies bodies, Identities identities, Submissions submissions) {
        this.bodies = bodies;
        this.identities = identities;
        this.submissions = submissions;
    }

    @PostMapping("/api/identities")
    ResponseEntity<Object> register(HttpServletRequest request, Authentication authentication,
                                    @RequestHeader(value = "Prefer", required = false) String prefer) {
        Caller caller = Caller.of(authentication);
        RegistrationRequest body = bodies.readJson(request, RegistrationRequest.class).orElse(RegistrationRequest.NONE);
        String actorId;
        Role role;
        if (caller.is(Role.ADMIN)) {
            if (body.actorId() == null || body.role() == null) {
                throw new InvalidField(body.actorId() == null ? "actorId" : "role",
                        "an administrator names the actor and the role to register");
            }
            if (!ADMIN_REGISTERED.contains(body.role())) {
                throw new RegistrationNotPermitted(caller.actorId(), body.actorId(), body.role().name(),
                        "administrators register clinicians and auditors only");
            }
            actorId = body.actorId();
            role = body.role();
        } else if (caller.role() != null && SELF_REGISTERING.contains(caller.role())) {
            if (body.actorId() != null && !body.actorId().equals(caller.actorId())) {
                throw new RegistrationNotPermitted(caller.actorId(), body.actorId(), String.valueOf(body.role()),
                        "only an administrator registers someone else");
            }
            if (body.role() != null && body.role() != caller.role()) {
                throw new RegistrationNotPermitted(caller.actorId(), caller.actorId(), body.role().name(),
                        "the role comes from the caller's token (" + caller.role() + ")");
            }
            actorId = caller.actorId();
            role = caller.role();
        } else {
            throw new RegistrationNotPermitted(caller.actorId(), String.valueOf(body.actorId()), String.valueOf(body.role()),
                    "the token carries no role that may register");
        }
        Identifier.checked("actorId", actorId);
        String publicKey = null;
        if (body.publicKey() != null) {
            try {
                publicKey = Ed25519.VerifyingKey.fromX509(body.publicKey()).toX509();
            } catch (IllegalArgumentException e) {
                throw new InvalidField("publicKey", "must be a base64 X.509 (SubjectPublicKeyInfo) Ed25519 public key");
            }
        }
        if (identities.registered(actorId)) {
            throw new IdentityAlreadyRegistered(actorId, false);
        }
        if (submissions.pending(TransactionType.IDENTITY_REGISTERED, actorId)) {
            throw new IdentityAlreadyRegistered(actorId, true);
        }

        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.ROLE, role.name());
        if (publicKey != null) {
            metadata.put(Metadata.PUBLIC_KEY, publicKey);
        }
        Submission submission = submissions.submit(Draft.of(TransactionType.IDENTITY_REGISTERED,
                role == Role.PATIENT ? actorId : null, actorId, metadata));
        return submission.answer(prefer, status -> new IdentitySubmitted(submission.id(), actorId, status));
    }
}
