package health.datasafe.transaction.consent;

import health.datasafe.contracts.Grantee;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.TransactionType;
import health.datasafe.kit.security.Caller;
import health.datasafe.transaction.identity.Identities;
import health.datasafe.transaction.initiator.Draft;
import health.datasafe.transaction.initiator.Submission;
import health.datasafe.transaction.initiator.Submissions;
import health.datasafe.transaction.web.Identifier;
import health.datasafe.transaction.web.InvalidField;
import health.datasafe.transaction.web.UserSigned;
import health.datasafe.kit.web.MalformedBody;
import health.datasafe.kit.web.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A patient grants and revokes consents (CONSENT_GRANTED, CONSENT_REVOKED), and lists them as committed (also as FHIR
 * R4 Consent resources); the validator enforces them by its consent rules (docs/consent-rules.md). A clinician she
 * made her delegate (a consent with action {@code manage}) may grant and revoke too, signing with his own key; whether
 * he is one is the validator's to decide. Only the patient lists hers (see the security package). The codes of
 * a provision are checked here, for a 400 naming the field; its shape as a whole (nested exceptions included) is the
 * validator's to judge.
 */
@RestController
class ConsentController {

    static final String READ = "read";

    private final RequestBodies bodies;
    private final Identities identities;
    private final Submissions submissions;
    private final ConsentHistory history;

    ConsentController(RequestBodies bodies, Identities identities, Submissions submissions, ConsentHistory history) {
        this.bodies = bodies;
        this.identities = identities;
        this.submissions = submissions;
        this.history = history;
    }

    /**
     * Her consents as committed, each with where it stands now; {@code state=current} (active or not yet valid) or
     * {@code past} (expired or revoked) to choose. With {@code Accept: application/fhir+json}, a FHIR R4 Bundle of
     * Consent resources.
     */
    @GetMapping(value = "/api/patients/{patientId}/consents")
    ResponseEntity<Object> list(@PathVariable String patientId, @RequestParam(required = false) String state,
                                @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Identifier.checked("patientId", patientId);
        if (state != null && !state.equals("current") && !state.equals("past")) {
            throw new InvalidField("state", "must be current or past");
        }
        List<ConsentView> consents = history.of(patientId, Instant.now()).stream()
                .filter(consent -> state == null || consent.status().current() == state.equals("current"))
                .toList();
        if (wantsFhir(accept)) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(FhirConsent.MEDIA_TYPE))
                    .body(FhirConsent.bundle(consents));
        }
        return ResponseEntity.ok(Map.of("patientId", patientId, "consents", consents));
    }

    /** One of her consents; as a FHIR R4 Consent resource with {@code Accept: application/fhir+json}. */
    @GetMapping(value = "/api/patients/{patientId}/consents/{consentId}")
    ResponseEntity<Object> one(@PathVariable String patientId, @PathVariable String consentId,
                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Identifier.checked("patientId", patientId);
        Identifier.checked("consentId", consentId);
        ConsentView consent = history.of(patientId, Instant.now()).stream()
                .filter(view -> view.consentId().equals(consentId))
                .findFirst()
                .orElseThrow(() -> new UnknownConsent(patientId, consentId));
        if (wantsFhir(accept)) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(FhirConsent.MEDIA_TYPE))
                    .body(FhirConsent.of(consent));
        }
        return ResponseEntity.ok(consent);
    }

    private static boolean wantsFhir(String accept) {
        return accept != null && accept.contains(FhirConsent.MEDIA_TYPE);
    }

    @PostMapping("/api/patients/{patientId}/consents")
    ResponseEntity<Object> grant(@PathVariable String patientId, HttpServletRequest request, Authentication authentication,
                                 @RequestHeader(value = "Prefer", required = false) String prefer) {
        Caller caller = Caller.of(authentication);
        Identifier.checked("patientId", patientId);
        ConsentRequest body = bodies.readJson(request, ConsentRequest.class)
                .orElseThrow(() -> new MalformedBody("a consent needs a JSON body with grantee, purpose and validUntil"));
        if (body.grantee() == null) {
            throw new InvalidField("grantee", "is required");
        }
        if (body.purpose() == null) {
            throw new InvalidField("purpose", "is required");
        }
        if (body.validUntil() == null) {
            throw new InvalidField("validUntil", "is required");
        }
        Instant validFrom = body.validFrom() == null ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : body.validFrom();
        Instant validUntil = body.validUntil();
        if (validFrom.getNano() % 1_000 != 0 || validUntil.getNano() % 1_000 != 0) {
            throw new InvalidField(validFrom.getNano() % 1_000 != 0 ? "validFrom" : "validUntil",
                    "must not be finer than microseconds");
        }
        if (!validUntil.isAfter(validFrom)) {
            throw new InvalidField("validUntil", "must be after validFrom (" + validFrom + ")");
        }
        Provisions.checkCodes(body);
        identities.requireRegistered(caller.actorId());
        for (String grantee : body.grantee().split(",", -1)) {
            if (Grantee.isActorId(grantee) && !identities.registered(Identifier.checked("grantee", grantee))) {
                throw new UnknownGrantee(grantee);
            }
        }

        if (body.signature() != null && (body.consentId() == null || body.validFrom() == null)) {
            throw new InvalidField(body.consentId() == null ? "consentId" : "validFrom",
                    "is required in a signed consent: it is part of what the patient signs");
        }
        String consentId = body.consentId() == null ? UUID.randomUUID().toString()
                : Identifier.checked("consentId", body.consentId());
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.CONSENT_ID, consentId);
        metadata.put(Metadata.GRANTEE, body.grantee());
        metadata.put(Metadata.ACTION, body.action() == null ? READ : body.action());
        metadata.put(Metadata.PURPOSE, body.signature() == null ? Purpose.names(body.purpose())
                : body.purpose());
        metadata.put(Metadata.VALID_FROM, validFrom.toString());
        metadata.put(Metadata.VALID_UNTIL, validUntil.toString());
        putIfGiven(metadata, Metadata.DECISION, body.decision());
        putIfGiven(metadata, Metadata.RESOURCE_TYPE, body.resourceType());
        putIfGiven(metadata, Metadata.SECURITY_LABELS, body.securityLabels());
        putIfGiven(metadata, Metadata.RECORD_IDS, body.recordIds());
        putIfGiven(metadata, Metadata.EXCEPTIONS, body.exceptions());
        new UserSigned(body.notAfter(), body.signature()).addTo(metadata);
        Submission submission = submissions.submit(
                Draft.of(TransactionType.CONSENT_GRANTED, patientId, caller.actorId(), metadata));
        return submission.answer(prefer, status -> new ConsentSubmitted(submission.id(), consentId, status));
    }

    @DeleteMapping("/api/patients/{patientId}/consents/{consentId}")
    ResponseEntity<Object> revoke(@PathVariable String patientId, @PathVariable String consentId,
                                  HttpServletRequest request, Authentication authentication,
                                  @RequestHeader(value = "Prefer", required = false) String prefer) {
        Caller caller = Caller.of(authentication);
        Identifier.checked("patientId", patientId);
        Identifier.checked("consentId", consentId);
        UserSigned signed = bodies.readJson(request, UserSigned.class).orElse(UserSigned.NONE);
        identities.requireRegistered(caller.actorId());
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.CONSENT_ID, consentId);
        signed.addTo(metadata);
        Submission submission = submissions.submit(
                Draft.of(TransactionType.CONSENT_REVOKED, patientId, caller.actorId(), metadata));
        return submission.answer(prefer, status -> new ConsentSubmitted(submission.id(), consentId, status));
    }

    private static void putIfGiven(Map<String, String> metadata, String key, String value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }
}
