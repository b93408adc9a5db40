package health.datasafe.transaction.emergency;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.ReviewFinding;
import health.datasafe.contracts.TransactionType;
import health.datasafe.kit.security.Caller;
import health.datasafe.kit.web.MalformedBody;
import health.datasafe.kit.web.RequestBodies;
import health.datasafe.transaction.identity.Identities;
import health.datasafe.transaction.initiator.Draft;
import health.datasafe.transaction.initiator.LedgerUnreachable;
import health.datasafe.transaction.initiator.Submission;
import health.datasafe.transaction.initiator.Submissions;
import health.datasafe.transaction.vault.SealedRecord;
import health.datasafe.transaction.vault.Vault;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * Break-glass: a clinician opens a window of emergency reads of a patient's records without her consent. His written
 * reason is sealed in the vault under her key, as a record is, and the EMERGENCY_ACCESS transaction commits to it; the
 * validator decides whether the window is allowed (docs/consent-rules.md, "Emergency access"). Reads under it are
 * ordinary reads with purpose {@code EMERGENCY} (or {@code ETREAT}) naming the window as their consent. Only a
 * clinician may call (see the security package). On a patient id nobody registered it is submitted all the same, with
 * nothing sealed, and the validator refuses it: an unsigned one as for anyone (403), a signed one UNKNOWN_PATIENT
 * (404). A signed break-glass tells its clinician whether the patient exists, as it must to be of use; that is why
 * every one that opens is flagged, told to her and reviewed by an auditor, who records her
 * finding here (EMERGENCY_REVIEWED) after reading the reason (a read of the record of the window's id, for
 * OPERATIONS).
 */
@RestController
class BreakGlassController {

    /** The media type the reason is sealed with. */
    static final String REASON_TYPE = "text/plain";

    private final RequestBodies bodies;
    private final Identities identities;
    private final Vault vault;
    private final Submissions submissions;

    BreakGlassController(RequestBodies bodies, Identities identities, Vault vault, Submissions submissions) {
        this.bodies = bodies;
        this.identities = identities;
        this.vault = vault;
        this.submissions = submissions;
    }

    @PostMapping("/api/patients/{patientId}/break-glass")
    ResponseEntity<Object> breakGlass(@PathVariable String patientId, HttpServletRequest request,
                                      Authentication authentication,
                                      @RequestHeader(value = "Prefer", required = false) String prefer) {
        Caller caller = Caller.of(authentication);
        Identifier.checked("patientId", patientId);
        BreakGlassRequest body = bodies.readJson(request, BreakGlassRequest.class)
                .orElseThrow(() -> new MalformedBody("a break-glass needs a JSON body with reason and validUntil"));
        if (body.reason() == null || body.reason().isBlank()) {
            throw new InvalidField("reason", "is required: a break-glass is justified in writing, to the patient and"
                    + " to the auditor who reviews it");
        }
        Instant validUntil = body.validUntil();
        if (validUntil == null) {
            throw new InvalidField("validUntil", "is required: when the window of emergency reads closes, at most"
                    + " dsh.emergency.window (60 minutes by default) from now");
        }
        if (validUntil.getNano() % 1_000_000 != 0) {
            throw new InvalidField("validUntil", "must not be finer than milliseconds");
        }
        if (!validUntil.isAfter(Instant.now())) {
            throw new InvalidField("validUntil", "must be in the future");
        }
        UserSigned signed = new UserSigned(body.notAfter(), body.signature());
        if (signed.given() && body.consentId() == null) {
            throw new InvalidField("consentId", "is required in a signed break-glass: it is part of what its"
                    + " clinician signs");
        }
        String consentId = body.consentId() == null ? UUID.randomUUID().toString()
                : Identifier.checked("consentId", body.consentId());
        identities.requireRegistered(caller.actorId());

        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.CONSENT_ID, consentId);
        metadata.put(Metadata.PURPOSE, Purpose.EMERGENCY.name());
        metadata.put(Metadata.VALID_UNTIL, validUntil.toString());
        signed.addTo(metadata);
        if (!identities.isPatient(patientId)) {
            // nobody's records: submitted and judged like any break-glass (his signature first, so an unsigned one is
            // refused alike for a patient who exists and one who does not), committing to a reason nobody holds
            Submission refused = submissions.submit(Draft.committing(TransactionType.EMERGENCY_ACCESS, patientId,
                    caller.actorId(), metadata, Vault.commitmentToNothing()));
            return refused.answer(prefer,
                    status -> new BreakGlassSubmitted(refused.id(), consentId, validUntil, status));
        }
        SealedRecord reason = vault.seal(patientId, consentId, REASON_TYPE,
                body.reason().getBytes(StandardCharsets.UTF_8));
        Submission submission;
        try {
            submission = submissions.submit(Draft.committing(TransactionType.EMERGENCY_ACCESS, patientId,
                    caller.actorId(), metadata, reason.commitment()), transactionId -> vault.store(reason, transactionId));
        } catch (LedgerUnreachable e) {
            vault.withdraw(reason);
            throw e;
        }
        return submission.answer(prefer,
                status -> new BreakGlassSubmitted(submission.id(), consentId, validUntil, status));
    }

    /**
     * An auditor's finding on a break-glass, signed by her; the validator refuses one on anything but a break-glass of
     * this patient's (404).
     */
    @PostMapping("/api/patients/{patientId}/break-glass/{consentId}/reviews")
    ResponseEntity<Object> review(@PathVariable String patientId, @PathVariable String consentId,
                                  HttpServletRequest request, Authentication authentication,
                                  @RequestHeader(value = "Prefer", required = false) String prefer) {
        Caller caller = Caller.of(authentication);
        Identifier.checked("patientId", patientId);
        Identifier.checked("consentId", consentId);
        ReviewRequest body = bodies.readJson(request, ReviewRequest.class)
                .orElseThrow(() -> new MalformedBody("a review needs a JSON body with finding"));
        ReviewFinding finding;
        try {
            finding = ReviewFinding.valueOf(String.valueOf(body.finding()));
        } catch (IllegalArgumentException e) {
            throw new InvalidField("finding", "must be one of " + List.of(ReviewFinding.values()));
        }
        identities.requireRegistered(caller.actorId());
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.CONSENT_ID, consentId);
        metadata.put(Metadata.FINDING, finding.name());
        new UserSigned(body.notAfter(), body.signature()).addTo(metadata);
        Submission submission = submissions.submit(
                Draft.of(TransactionType.EMERGENCY_REVIEWED, patientId, caller.actorId(), metadata));
        return submission.answer(prefer,
                status -> new ReviewSubmitted(submission.id(), consentId, finding.name(), status));
    }
}
