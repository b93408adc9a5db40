package health.datasafe.transaction.record;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.ResourceTypes;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.ErasureReceipt;
import health.datasafe.integrity.Receipt;
import health.datasafe.kit.security.Caller;
import health.datasafe.transaction.identity.Identities;
import health.datasafe.transaction.initiator.Draft;
import health.datasafe.transaction.initiator.LedgerUnreachable;
import health.datasafe.transaction.initiator.Submission;
import health.datasafe.transaction.initiator.Submissions;
import health.datasafe.transaction.initiator.TrackedTransaction;
import health.datasafe.transaction.initiator.TransactionRefused;
import health.datasafe.transaction.initiator.TransactionStatus;
import health.datasafe.transaction.vault.SealedRecord;
import health.datasafe.transaction.vault.Vault;
import health.datasafe.transaction.web.Identifier;
import health.datasafe.transaction.web.InvalidField;
import health.datasafe.transaction.web.UserSigned;
import health.datasafe.kit.web.MalformedBody;
import health.datasafe.kit.web.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A patient's records. Adding one encrypts it into the vault and submits RECORD_ADDED with its commitment; the
 * envelope (and a patient's first key) is on the vault topics before anything is answered, and a 503 with nothing
 * kept when Kafka does not take it. Its Content-Type must be one of {@code dsh.records.media-types}, bare (415 otherwise), and that bare type, lower-cased,
 * is what the vault and the transaction keep. Reading one submits RECORD_ACCESSED and releases the content only once
 * that is final (committed in a block a quorum of ledger nodes signed); a read refused for want of consent answers 403
 * once its ACCESS_DENIED is committed. The content comes with where the read was committed and its receipt
 * ({@code DSH-Receipt}: an inclusion proof against the checkpoint, carrying every signing node's signature of it,
 * verifiable offline), and inert: a download ({@code Content-Disposition: attachment}),
 * never sniffed, sandboxed should a browser render it anyway, never cached. Who may call is decided before this runs
 * (the patient themself, a clinician, or to read an auditor; see the security package). A caller's own signature of a read or write (the
 * headers of {@link UserSigned}) goes into its transaction, where the validator requires it of a clinician who
 * registered a key; a signed write names the record id its writer chose, since that is part of what he signed.
 */
@RestController
class RecordController {

    static final String TRANSACTION_ID = "DSH-Transaction-Id";
    static final String TX_HASH = "DSH-Tx-Hash";
    static final String BLOCK_HEIGHT = "DSH-Block-Height";
    static final String SHARD = "DSH-Shard";
    static final String LEAF_INDEX = "DSH-Leaf-Index";
    static final String RECEIPT = "DSH-Receipt";
    static final String NOSNIFF_HEADER = "X-Content-Type-Options";
    static final String CSP_HEADER = "Content-Security-Policy";
    /** File name extensions of the default media types, for the download's file name; other types get none. */
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("application/fhir+json", "json"), Map.entry("application/fhir+xml", "xml"),
            Map.entry("application/json", "json"), Map.entry("application/pdf", "pdf"),
            Map.entry("application/dicom", "dcm"), Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"),
            Map.entry("image/gif", "gif"), Map.entry("image/webp", "webp"), Map.entry("image/tiff", "tif"),
            Map.entry("text/plain", "txt"));

    private final RequestBodies bodies;
    private final Identities identities;
    private final Vault vault;
    private final Submissions submissions;
    private final ReadSettings settings;
    private final List<String> mediaTypes;
    private final ErasureReceipts erasures;

    RecordController(RequestBodies bodies, Identities identities, Vault vault, Submissions submissions,
                     ReadSettings settings, RecordSettings records, ErasureReceipts erasures) {
        this.bodies = bodies;
        this.identities = identities;
        this.vault = vault;
        this.submissions = submissions;
        this.settings = settings;
        this.mediaTypes = records.mediaTypes();
        this.erasures = erasures;
    }

    @PostMapping("/api/patients/{patientId}/records")
    ResponseEntity<Object> add(@PathVariable String patientId, HttpServletRequest request, Authentication authentication,
                               @RequestHeader(value = "Prefer", required = false) String prefer,
                               @RequestParam(required = false) String resourceType,
                               @RequestParam(required = false) String securityLabels,
                               @RequestParam(required = false) String purpose,
                               @RequestParam(required = false) String consent,
                               @RequestParam(name = "recordId", required = false) String chosenRecordId,
                               @RequestHeader(value = UserSigned.NOT_AFTER_HEADER, required = false) String notAfter,
                               @RequestHeader(value = UserSigned.SIGNATURE_HEADER, required = false) String signature) {
        Caller caller = Caller.of(authentication);
        Identifier.checked("patientId", patientId);
        UserSigned signed = UserSigned.ofHeaders(notAfter, signature);
        if (signed.given() && chosenRecordId == null) {
            throw new InvalidField("recordId", "is required in a signed write: it is part of what its writer signs");
        }
        String recordId = chosenRecordId == null ? UUID.randomUUID().toString()
                : Identifier.checked("recordId", chosenRecordId);
        var metadata = new HashMap<String, String>();
        if (resourceType != null) {
            if (!ResourceTypes.R4.contains(resourceType)) {
                throw new InvalidField("resourceType", "must be a FHIR R4 resource type such as Observation");
            }
            metadata.put(Metadata.RESOURCE_TYPE, resourceType);
        }
        if (securityLabels != null) {
            metadata.put(Metadata.SECURITY_LABELS, labelsOf(securityLabels));
        }
        if (!caller.actorId().equals(patientId)) {
            // another's chart: written under the patient's consent, by the rules the validator judges with
            metadata.put(Metadata.PURPOSE, purposeOf(purpose, caller).name());
            reliesOn(metadata, consent);
        }
        String contentType = contentTypeOf(request);
        byte[] content = bodies.read(request);
        if (content.length == 0) {
            throw new MalformedBody("the body is the record's content and must not be empty");
        }
        identities.requireRegistered(caller.actorId());
        metadata.put(Metadata.RECORD_ID, recordId);
        metadata.put(Metadata.CONTENT_TYPE, contentType);
        signed.addTo(metadata);
        if (caller.actorId().equals(patientId)) {
            identities.requirePatient(patientId);
        } else if (!identities.isPatient(patientId)) {
            // nobody's chart: submitted and refused like any write without consent (the validator decides consent
            // before existence), committing to content nobody holds, so the writer learns nothing of which patients
            // exist and the vault makes no key for an id nobody registered. (Only a patient who registered and
            // consented to this writer while it was being judged could see it accepted; its reads would then answer
            // that the vault holds no content for it.)
            Submission refused = submissions.submit(Draft.committing(TransactionType.RECORD_ADDED, patientId,
                    caller.actorId(), metadata, Vault.commitmentToNothing()));
            return refused.answer(prefer, status -> new RecordSubmitted(refused.id(), recordId, status));
        }
        SealedRecord sealed = vault.seal(patientId, recordId, contentType, content);
        Submission submission;
        try {
            // the record's row and its envelope on the vault topic are written in the transaction's database
            // transaction: a broker that does not take the envelope rolls all of it back
            submission = submissions.submit(Draft.committing(TransactionType.RECORD_ADDED, patientId,
                            caller.actorId(), metadata, sealed.commitment()),
                    transactionId -> vault.store(sealed, transactionId));
        } catch (LedgerUnreachable e) {
            // stored and on the vault topic, but the transaction could not be published and its rows are gone
            vault.withdraw(sealed);
            throw e;
        }
        return submission.answer(prefer, status -> new RecordSubmitted(submission.id(), recordId, status));
    }

    @GetMapping("/api/patients/{patientId}/records/{recordId}")
    ResponseEntity<byte[]> read(@PathVariable String patientId, @PathVariable String recordId,
                                @RequestParam(required = false) String purpose,
                                @RequestParam(required = false) String consent,
                                @RequestHeader(value = UserSigned.NOT_AFTER_HEADER, required = false) String notAfter,
                                @RequestHeader(value = UserSigned.SIGNATURE_HEADER, required = false) String signature,
                                Authentication authentication) {
        Caller caller = Caller.of(authentication);
        Identifier.checked("patientId", patientId);
        Identifier.checked("recordId", recordId);
        if (caller.is(Role.AUDITOR) && !vault.holdsBreakGlassReason(patientId, recordId)) {
            // the validator refuses it too; refused here, nothing is submitted, alike for any other record or none
            throw new NotABreakGlassReason(patientId, recordId);
        }
        Purpose why = purposeOf(purpose, caller);
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.RECORD_ID, recordId);
        metadata.put(Metadata.PURPOSE, why.name());
        if (!caller.actorId().equals(patientId)) {
            reliesOn(metadata, consent);
        }
        UserSigned.ofHeaders(notAfter, signature).addTo(metadata);
        Instant deadline = Instant.now().plus(settings.timeout());

        Optional<SealedRecord> sealed = vault.find(patientId, recordId);
        // commits to the record's content when the vault holds it; the validator decides whether it may be read
        Submission attempt = submissions.submit(Draft.committing(TransactionType.RECORD_ACCESSED, patientId,
                caller.actorId(), metadata, sealed.map(SealedRecord::commitment).orElse(null)));

        TrackedTransaction outcome = attempt.outcome(remaining(deadline))
                .orElseThrow(() -> new ReadNotYetFinal(attempt.id()));
        if (outcome.status() == TransactionStatus.REJECTED) {
            if (RejectionReason.CONSENT_DENIED.name().equals(outcome.reason())) {
                String deniedId = AccessDenials.deniedIdOf(attempt.id());
                TransactionStatus deniedStatus = submissions.following(deniedId).outcome(remaining(deadline))
                        .map(TrackedTransaction::status).orElse(TransactionStatus.PENDING);
                throw new ConsentDenied(attempt.id(), deniedId, deniedStatus, outcome.detail());
            }
            throw new TransactionRefused(outcome);
        }
        // final: the audit entry is in a block a quorum of ledger nodes signed, the content may be released
        SealedRecord record = vault.find(patientId, recordId)
                .orElseThrow(() -> new RecordContentUnavailable(attempt.id(), recordId));
        byte[] content = vault.open(record);
        var response = ResponseEntity.ok()
                .contentType(mediaTypeOf(record))
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(record).toString())
                .header(NOSNIFF_HEADER, "nosniff")
                .header(CSP_HEADER, "sandbox")
                .cacheControl(CacheControl.noStore())
                .header(TRANSACTION_ID, attempt.id())
                .header(TX_HASH, outcome.txHash())
                .header(BLOCK_HEIGHT, String.valueOf(outcome.blockHeight()))
                .header(SHARD, String.valueOf(outcome.shard()))
                .header(LEAF_INDEX, String.valueOf(outcome.leafIndex()));
        if (outcome.receipt() != null) {
            // stored with the commit; absent only when the ledger announced the block without a checkpoint
            response.header(RECEIPT, Receipt.parse(outcome.receipt().getBytes(StandardCharsets.UTF_8)).toHeader());
        }
        return response.body(content);
    }

    /**
     * The patient erases one of her records (RECORD_ERASED, signed by her): once it is committed the vault destroys
     * the record and confirms it (ERASURE_CONFIRMED), and every later read answers 410. The validator refuses erasing
     * twice (410), a record she does not have (404) and a signature not hers (403).
     */
    @DeleteMapping("/api/patients/{patientId}/records/{recordId}")
    ResponseEntity<Object> erase(@PathVariable String patientId, @PathVariable String recordId,
                                 HttpServletRequest request, Authentication authentication,
                                 @RequestHeader(value = "Prefer", required = false) String prefer) {
        Caller caller = Caller.of(authentication);
        Identifier.checked("patientId", patientId);
        Identifier.checked("recordId", recordId);
        UserSigned signed = bodies.readJson(request, UserSigned.class).orElse(UserSigned.NONE);
        identities.requireRegistered(caller.actorId());
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.RECORD_ID, recordId);
        signed.addTo(metadata);
        Submission submission = submissions.submit(
                Draft.of(TransactionType.RECORD_ERASED, patientId, caller.actorId(), metadata));
        return submission.answer(prefer, status -> new RecordSubmitted(submission.id(), recordId, status));
    }

    /**
     * The erasure receipt of the record: the committed RECORD_ERASED and the vault's ERASURE_CONFIRMED, each with its
     * receipt, for {@code dsh-verify erasure} to check offline (docs/ledger-format.md section 4g).
     */
    @GetMapping("/api/patients/{patientId}/records/{recordId}/erasure")
    ErasureReceipt erasure(@PathVariable String patientId, @PathVariable String recordId) {
        Identifier.checked("patientId", patientId);
        Identifier.checked("recordId", recordId);
        return erasures.of(patientId, recordId).orElseThrow(() -> new ErasureNotFound(patientId, recordId));
    }

    private static Purpose purposeOf(String purpose, Caller caller) {
        if (purpose == null || purpose.isBlank()) {
            return caller.is(Role.PATIENT) ? Purpose.PATIENT_REQUEST
                    : caller.is(Role.AUDITOR) ? Purpose.OPERATIONS : Purpose.TREATMENT;
        }
        try {
            return Purpose.of(purpose.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidField("purpose", "must be one of " + List.of(Purpose.values()) + " or its HL7 code");
        }
    }

    /**
     * The consent rules a read or write of another's records is judged by, and the consent it relies on when the
     * caller names one: both go into the transaction, so its receipt names them.
     */
    private static void reliesOn(Map<String, String> metadata, String consent) {
        metadata.put(Metadata.CONSENT_RULES, Metadata.CONSENT_RULES_VERSION);
        if (consent != null) {
            metadata.put(Metadata.CONSENT_ID, Identifier.checked("consent", consent));
        }
    }

    private static String labelsOf(String securityLabels) {
        try {
            return SecurityLabel.listOf(SecurityLabel.parse(securityLabels));
        } catch (IllegalArgumentException e) {
            throw new InvalidField("securityLabels", e.getMessage() + "; expected a comma-separated list of "
                    + List.of(SecurityLabel.values()));
        }
    }

    /**
     * The record's media type: the request's Content-Type, lower-cased, when it is exactly one of the accepted types;
     * {@link RecordTypeNotAccepted} when it is missing, has parameters or is any other type.
     */
    private String contentTypeOf(HttpServletRequest request) {
        String declared = request.getContentType();
        if (declared == null || declared.isBlank()) {
            throw new RecordTypeNotAccepted(null, mediaTypes);
        }
        String bare = declared.trim().toLowerCase(Locale.ROOT);
        if (!mediaTypes.contains(bare)) {
            throw new RecordTypeNotAccepted(declared, mediaTypes);
        }
        return bare;
    }

    /** The stored type; one stored before the allowlist that no longer parses is served as plain bytes. */
    private static MediaType mediaTypeOf(SealedRecord record) {
        try {
            return MediaType.parseMediaType(record.contentType());
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    /** A download named after the record, with the extension of its type when it is one of the default types. */
    private static ContentDisposition attachment(SealedRecord record) {
        String extension = EXTENSIONS.get(record.contentType());
        return ContentDisposition.attachment()
                .filename(extension == null ? record.recordId() : record.recordId() + "." + extension)
                .build();
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
