package health.datasafe.transaction.identity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.kit.security.Caller;
import health.datasafe.kit.web.MalformedBody;
import health.datasafe.kit.web.RequestBodies;
import health.datasafe.transaction.initiator.Draft;
import health.datasafe.transaction.initiator.Submission;
import health.datasafe.transaction.initiator.Submissions;
import health.datasafe.transaction.web.Identifier;
import health.datasafe.transaction.web.InvalidField;
import health.datasafe.transaction.web.UserSigned;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An actor's key changes: she rotates it herself, signing the new key with the old one (KEY_ROTATED), or, when she
 * lost it, an administrator replaces it with a new key she proves she holds (KEY_RECOVERED, which a patient finds in
 * her access log). The validator checks both signatures against the keys on the ledger; this service holds no user
 * key and can make neither alone.
 */
@RestController
class KeyController {

    private static final Set<String> RECOVERIES = Set.of("LOST", "COMPROMISED");

    private final RequestBodies bodies;
    private final Identities identities;
    private final Submissions submissions;

    KeyController(RequestBodies bodies, Identities identities, Submissions submissions) {
        this.bodies = bodies;
        this.identities = identities;
        this.submissions = submissions;
    }

    @PostMapping("/api/identities/{actorId}/keys")
    ResponseEntity<Object> rotate(@PathVariable String actorId, HttpServletRequest request, Authentication authentication,
                                  @RequestHeader(value = "Prefer", required = false) String prefer) {
        Caller caller = Caller.of(authentication);
        Identifier.checked("actorId", actorId);
        if (!caller.actorId().equals(actorId)) {
            throw new RegistrationNotPermitted(caller.actorId(), actorId, String.valueOf(caller.role()),
                    "only the key's holder rotates it; a lost key is recovered by an administrator");
        }
        KeyChangeRequest body = body(request);
        if (body.notAfter() == null || body.signature() == null) {
            throw new InvalidField(body.notAfter() == null ? "notAfter" : "signature",
                    "a rotation is signed with the old key, with the instant after which it is refused");
        }
        identities.requireRegistered(actorId);
        Map<String, String> metadata = newKey(body);
        new UserSigned(body.notAfter(), body.signature()).addTo(metadata);
        Submission submission = submissions.submit(Draft.of(TransactionType.KEY_ROTATED,
                identities.roleOf(actorId).filter(role -> role == Role.PATIENT).map(role -> actorId).orElse(null),
                actorId, metadata));
        return submission.answer(prefer, status -> new IdentitySubmitted(submission.id(), actorId, status));
    }

    @PostMapping("/api/identities/{actorId}/key-recovery")
    ResponseEntity<Object> recover(@PathVariable String actorId, HttpServletRequest request,
                                   Authentication authentication,
                                   @RequestHeader(value = "Prefer", required = false) String prefer) {
        Caller caller = Caller.of(authentication);
        Identifier.checked("actorId", actorId);
        if (!caller.is(Role.ADMIN)) {
            throw new RegistrationNotPermitted(caller.actorId(), actorId, String.valueOf(caller.role()),
                    "only an administrator recovers a key");
        }
        KeyChangeRequest body = body(request);
        if (body.recovery() == null || !RECOVERIES.contains(body.recovery())) {
            throw new InvalidField("recovery", "must be LOST or COMPROMISED");
        }
        Role role = identities.roleOf(actorId).orElseThrow(() -> new InvalidField("actorId", "is not registered"));
        Map<String, String> metadata = newKey(body);
        metadata.put(Metadata.SUBJECT, actorId);
        metadata.put(Metadata.RECOVERY, body.recovery());
        Submission submission = submissions.submit(Draft.of(TransactionType.KEY_RECOVERED,
                role == Role.PATIENT ? actorId : null, caller.actorId(), metadata));
        return submission.answer(prefer, status -> new IdentitySubmitted(submission.id(), actorId, status));
    }

    private KeyChangeRequest body(HttpServletRequest request) {
        return bodies.readJson(request, KeyChangeRequest.class)
                .orElseThrow(() -> new MalformedBody("a key change needs a JSON body with publicKey and keyProof"));
    }

    /**
     * The new key, exactly as given (a rotation's signature covers it as written) once it parses, and its proof;
     * whether the proof holds the validator decides.
     */
    private static Map<String, String> newKey(KeyChangeRequest body) {
        if (body.publicKey() == null || body.keyProof() == null) {
            throw new InvalidField(body.publicKey() == null ? "publicKey" : "keyProof", "is required");
        }
        String publicKey = body.publicKey();
        try {
            Ed25519.VerifyingKey.fromX509(publicKey);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("publicKey", "must be a base64 X.509 (SubjectPublicKeyInfo) Ed25519 public key");
        }
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.PUBLIC_KEY, publicKey);
        metadata.put(Metadata.KEY_PROOF, body.keyProof());
        return metadata;
    }
}
