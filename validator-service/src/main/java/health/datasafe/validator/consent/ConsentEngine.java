package health.datasafe.validator.consent;

import health.datasafe.contracts.Grantee;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.UserSignatures;
import health.datasafe.validator.rules.Action;
import health.datasafe.validator.rules.Consent;
import health.datasafe.validator.rules.ConsentRules;
import health.datasafe.validator.rules.Permission;
import health.datasafe.validator.rules.ProvisionInvalid;
import health.datasafe.validator.rules.Request;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validator's rules: deterministic, evaluated per transaction in its patient's partition order against the
 * {@link Facts} left by the transactions before it, with the transaction's own {@code submittedAt} as "now".
 *
 * <p>{@link #screen} holds the checks that need no state (schema, then initiator signature); {@link #judge} the
 * rules that do (identities, roles, records, consents). A revocation binds every transaction judged after it,
 * whatever that transaction's {@code submittedAt}, because a revoked consent permits nothing.
 *
 * <p>What an accepted transaction changes is a function of the transaction alone ({@link #changeOf}): the rules decide
 * whether it is accepted, never what it changes. So a replay of accepted transactions can apply their changes without
 * judging them again.
 */
public final class ConsentEngine {

    private final TrustedInitiators initiators;
    private final EmergencyPolicy emergencies;

    public ConsentEngine(TrustedInitiators initiators, EmergencyPolicy emergencies) {
        this.initiators = initiators;
        this.emergencies = emergencies;
    }

    /** Screen, then judge: the whole verdict on one transaction. */
    public Verdict evaluate(Transaction tx, Facts facts) {
        Optional<Verdict.Rejected> refused = screen(tx);
        return refused.isPresent() ? refused.get() : judge(tx, facts);
    }

    /** The stateless checks: SCHEMA_INVALID, then SIGNATURE_INVALID; empty when the transaction may be judged. */
    public Optional<Verdict.Rejected> screen(Transaction tx) {
        Optional<Verdict.Rejected> schema = TransactionSchema.violation(tx);
        return schema.isPresent() ? schema : initiators.violation(tx);
    }

    /**
     * What {@code tx} changes in the validator's state once it is accepted, derived from the transaction alone (the
     * same change {@link #judge} answers when it accepts it); {@code tx} must have passed {@link #screen}.
     */
    public static Change changeOf(Transaction tx) {
        return switch (tx.type()) {
            case IDENTITY_REGISTERED -> new Change.NewIdentity(tx.actorId(), Role.valueOf(tx.meta(Metadata.ROLE)),
                    tx.meta(Metadata.PUBLIC_KEY), tx.meta(Metadata.ORGANIZATION), tx.id());
            case RECORD_ADDED -> new Change.NewRecord(tx.meta(Metadata.RECORD_ID), tx.patientId(),
                    tx.meta(Metadata.RESOURCE_TYPE), RecordFacts.labels(tx.meta(Metadata.SECURITY_LABELS)), tx.id());
            case CONSENT_GRANTED -> new Change.NewConsent(Consent.granted(tx.meta(Metadata.CONSENT_ID), tx.patientId(),
                    tx.metadata(), tx.id()));
            case CONSENT_REVOKED -> new Change.Revocation(tx.meta(Metadata.CONSENT_ID), tx.patientId(), tx.id());
            case RECORD_ACCESSED, ACCESS_DENIED -> new Change.Nothing();
            case KEY_ROTATED -> new Change.NewKey(tx.actorId(), tx.meta(Metadata.PUBLIC_KEY), tx.id());
            case KEY_RECOVERED -> new Change.NewKey(tx.meta(Metadata.SUBJECT), tx.meta(Metadata.PUBLIC_KEY), tx.id());
            case EMERGENCY_ACCESS -> new Change.NewBreakGlass(Consent.breakGlass(tx), new Change.NewRecord(
                    tx.meta(Metadata.CONSENT_ID), tx.patientId(), null, Set.of(), tx.id()));
            case EMERGENCY_REVIEWED, ERASURE_CONFIRMED -> new Change.Nothing();
            case RECORD_ERASED -> new Change.Erasure(tx.meta(Metadata.RECORD_ID), tx.patientId(), tx.id());
        };
    }

    /** The rules that depend on earlier transactions; {@code tx} must have passed {@link #screen}. */
    public Verdict judge(Transaction tx, Facts facts) {
        return switch (tx.type()) {
            case IDENTITY_REGISTERED -> identityRegistered(tx, facts);
            case RECORD_ADDED -> recordAdded(tx, facts);
            case CONSENT_GRANTED -> consentGranted(tx, facts);
            case CONSENT_REVOKED -> consentRevoked(tx, facts);
            case RECORD_ACCESSED -> recordAccessed(tx, facts);
            case ACCESS_DENIED -> accessDenied(tx, facts);
            case KEY_ROTATED -> keyRotated(tx, facts);
            case KEY_RECOVERED -> keyRecovered(tx, facts);
            case EMERGENCY_ACCESS -> emergencyAccess(tx, facts);
            case EMERGENCY_REVIEWED -> emergencyReviewed(tx, facts);
            case RECORD_ERASED -> recordErased(tx, facts);
            case ERASURE_CONFIRMED -> erasureConfirmed(tx, facts);
        };
    }

    /**
     * Every identity registers the Ed25519 key it signs with, and proves it holds it (docs/ledger-format.md section
     * 4e). Identities registered without one before keys were required stay facts of the log and act on the
     * initiator's signature alone; no new one is.
     */
    private Verdict identityRegistered(Transaction tx, Facts facts) {
        String publicKey = tx.meta(Metadata.PUBLIC_KEY);
        if (publicKey == null) {
            return rejected(RejectionReason.KEY_NOT_PROVEN, "metadata.publicKey is required: every identity registers"
                    + " the Ed25519 key it signs with, and metadata.keyProof, that key's signature of the registration");
        }
        if (!KeyPossession.proven(tx.actorId(), tx.meta(Metadata.ROLE), publicKey, tx.meta(Metadata.KEY_PROOF))) {
            return rejected(RejectionReason.KEY_NOT_PROVEN, tx.meta(Metadata.KEY_PROOF) == null
                    ? "metadata.publicKey comes without metadata.keyProof, the key's signature of the registration"
                    : "metadata.keyProof is not the signature of " + tx.actorId() + "'s registration by the key it names");
        }
        Optional<Role> existing = facts.roleOf(tx.actorId());
        if (existing.isPresent()) {
            return rejected(RejectionReason.IDENTITY_EXISTS,
                    "actor " + tx.actorId() + " is already registered as " + existing.get());
        }
        return accepted(tx);
    }

    /** Her new key, signed by the old one: proof she held both. */
    private Verdict keyRotated(Transaction tx, Facts facts) {
        Optional<Role> role = facts.roleOf(tx.actorId());
        if (role.isEmpty()) {
            return unknownActor(tx.actorId());
        }
        Optional<Verdict> misfiled = misfiled(tx, tx.actorId(), role.get());
        if (misfiled.isPresent()) {
            return misfiled.get();
        }
        Optional<String> old = facts.publicKeyOf(tx.actorId());
        if (old.isEmpty()) {
            return rejected(RejectionReason.USER_SIGNATURE_INVALID, tx.actorId() + " registered no key to sign a"
                    + " rotation with; an administrator's KEY_RECOVERED gives a key to an actor without one");
        }
        Optional<Verdict> unsigned = userSignatureProblem(tx, facts);
        if (unsigned.isPresent()) {
            return unsigned.get();
        }
        return newKeyProblem(tx, tx.actorId(), role.get(), old.get()).orElseGet(() -> accepted(tx));
    }

    /**
     * An administrator's replacement of a lost or compromised key. Administrators are not registered identities (the
     * initiator admits them by their token), so the rule here is that no registered patient, clinician or auditor may
     * do it; the subject proves she holds the new key.
     */
    private Verdict keyRecovered(Transaction tx, Facts facts) {
        Optional<Role> actorRole = facts.roleOf(tx.actorId());
        if (actorRole.isPresent() && actorRole.get() != Role.ADMIN) {
            return rejected(RejectionReason.ROLE_NOT_ALLOWED, "only an administrator recovers a key; " + tx.actorId()
                    + " is " + actorRole.get());
        }
        String subject = tx.meta(Metadata.SUBJECT);
        Optional<Role> role = facts.roleOf(subject);
        if (role.isEmpty()) {
            return unknownActor(subject);
        }
        Optional<Verdict> misfiled = misfiled(tx, subject, role.get());
        if (misfiled.isPresent()) {
            return misfiled.get();
        }
        return newKeyProblem(tx, subject, role.get(), facts.publicKeyOf(subject).orElse(null))
                .orElseGet(() -> accepted(tx));
    }

    /** A patient's key change is filed under her own id (her partition, her access log); anyone else's under none. */
    private static Optional<Verdict> misfiled(Transaction tx, String subject, Role role) {
        boolean filed = role == Role.PATIENT ? subject.equals(tx.patientId()) : tx.patientId() == null;
        return filed ? Optional.empty() : Optional.of(rejected(RejectionReason.ROLE_NOT_ALLOWED, "the key of "
                + subject + " (" + role + ") is changed under " + (role == Role.PATIENT ? "patientId " + subject
                : "no patientId") + ", not " + tx.patientId()));
    }

    private static Optional<Verdict> newKeyProblem(Transaction tx, String subject, Role role, String oldKey) {
        String key = tx.meta(Metadata.PUBLIC_KEY);
        if (!KeyPossession.proven(subject, role.name(), key, tx.meta(Metadata.KEY_PROOF))) {
            return Optional.of(rejected(RejectionReason.KEY_NOT_PROVEN, "metadata.keyProof is not the signature of "
                    + subject + "'s registration as " + role + " by the new key"));
        }
        if (key.equals(oldKey)) {
            return Optional.of(rejected(RejectionReason.DUPLICATE, "the new key is " + subject + "'s key already"));
        }
        return Optional.empty();
    }

    private Verdict recordAdded(Transaction tx, Facts facts) {
        String recordId = tx.meta(Metadata.RECORD_ID);
        if (!tx.actorId().equals(tx.patientId())) {
            // another's chart: who writes, then consent, and only then whether the patient exists
            Optional<Role> actorRole = facts.roleOf(tx.actorId());
            if (actorRole.isEmpty()) {
                return unknownActor(tx.actorId());
            }
            if (actorRole.get() != Role.CLINICIAN) {
                return rejected(RejectionReason.ROLE_NOT_ALLOWED, "only patient " + tx.patientId()
                        + " or a CLINICIAN may add their records; " + tx.actorId() + " is " + actorRole.get());
            }
            Optional<Verdict> unsigned = userSignatureProblem(tx, facts);
            if (unsigned.isPresent()) {
                return unsigned.get();
            }
            Purpose purpose = tx.meta(Metadata.PURPOSE) == null ? Purpose.TREATMENT
                    : Purpose.valueOf(tx.meta(Metadata.PURPOSE));
            Optional<Verdict> refused = refusedByConsent(tx, facts, Action.WRITE, purpose, recordId,
                    tx.meta(Metadata.RESOURCE_TYPE), RecordFacts.labels(tx.meta(Metadata.SECURITY_LABELS)));
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        Optional<Verdict> unknown = unknownPatientOrActor(tx, facts).or(() -> ownSignatureProblem(tx, facts));
        if (unknown.isPresent()) {
            return unknown.get();
        }
        if (facts.record(recordId).isPresent()) {
            return rejected(RejectionReason.DUPLICATE, "record " + recordId + " already exists");
        }
        return accepted(tx);
    }

    private Verdict consentGranted(Transaction tx, Facts facts) {
        Optional<Verdict> notTheirs = neitherPatientNorDelegate(tx, facts, "grant");
        if (notTheirs.isPresent()) {
            return notTheirs.get();
        }
        Optional<Verdict> unsigned = userSignatureProblem(tx, facts);
        if (unsigned.isPresent()) {
            return unsigned.get();
        }
        Consent consent;
        try {
            consent = Consent.granted(tx.meta(Metadata.CONSENT_ID), tx.patientId(), tx.metadata(), tx.id());
        } catch (ProvisionInvalid e) {
            // decided, not dead-lettered: the transaction is authentic (screened), and its patient is told which field
            return rejected(RejectionReason.PROVISION_INVALID, e.getMessage());
        }
        if (!tx.actorId().equals(tx.patientId()) && consent.provision().actions().contains(Action.MANAGE)) {
            return rejected(RejectionReason.ROLE_NOT_ALLOWED, "only patient " + tx.patientId()
                    + " may make a delegate; " + tx.actorId() + " manages their consents but cannot pass that on");
        }
        for (String grantee : consent.provision().actors()) {
            if (Grantee.isActorId(grantee) && facts.roleOf(grantee).isEmpty()) {
                return rejected(RejectionReason.UNKNOWN_ACTOR, "grantee " + grantee + " is not registered");
            }
        }
        if (facts.consent(consent.consentId()).isPresent()) {
            return rejected(RejectionReason.DUPLICATE, "consent " + consent.consentId() + " already exists");
        }
        return accepted(tx);
    }

    private Verdict consentRevoked(Transaction tx, Facts facts) {
        Optional<Verdict> notTheirs = neitherPatientNorDelegate(tx, facts, "revoke");
        if (notTheirs.isPresent()) {
            return notTheirs.get();
        }
        Optional<Verdict> unsigned = userSignatureProblem(tx, facts);
        if (unsigned.isPresent()) {
            return unsigned.get();
        }
        String consentId = tx.meta(Metadata.CONSENT_ID);
        boolean inForce = facts.consent(consentId)
                .filter(consent -> consent.patientId().equals(tx.patientId()))
                .filter(consent -> !consent.revoked())
                .isPresent();
        if (!inForce) {
            return rejected(RejectionReason.UNKNOWN_CONSENT,
                    "patient " + tx.patientId() + " has no unrevoked consent " + consentId);
        }
        return accepted(tx);
    }

    /**
     * Consents are managed by the patient, or by a delegate she gave a consent with action {@code manage}; the rest
     * are refused before anything tells them whether the patient exists.
     */
    private static Optional<Verdict> neitherPatientNorDelegate(Transaction tx, Facts facts, String what) {
        if (tx.actorId().equals(tx.patientId())) {
            return unknownPatient(tx, facts);
        }
        Optional<Role> role = facts.roleOf(tx.actorId());
        if (role.isEmpty()) {
            return Optional.of(unknownActor(tx.actorId()));
        }
        Permission delegated = ConsentRules.decide(facts.consentsOf(tx.patientId()), Request.manage(tx.actorId(),
                role.get(), facts.organizationOf(tx.actorId()).orElse(null), tx.submittedAt()), null);
        if (!delegated.permitted()) {
            return Optional.of(rejected(RejectionReason.ROLE_NOT_ALLOWED, "only patient " + tx.patientId()
                    + " or their delegate may " + what + " consents on their records, not " + tx.actorId()));
        }
        return unknownPatient(tx, facts);
    }

    private Verdict recordAccessed(Transaction tx, Facts facts) {
        String recordId = tx.meta(Metadata.RECORD_ID);
        Optional<RecordFacts> record = facts.record(recordId).filter(found -> found.patientId().equals(tx.patientId()));
        if (!tx.actorId().equals(tx.patientId())) {
            // another's records: who asks, then consent, and only then whether the patient and the record exist, so a
            // reader without consent learns nothing of which patients or records exist
            if (facts.roleOf(tx.actorId()).isEmpty()) {
                return unknownActor(tx.actorId());
            }
            Optional<Verdict> unsigned = userSignatureProblem(tx, facts);
            if (unsigned.isPresent()) {
                return unsigned.get();
            }
            if (facts.roleOf(tx.actorId()).get() == Role.AUDITOR) {
                return auditorRead(tx, facts);
            }
            Optional<Verdict> refused = refusedByConsent(tx, facts, Action.READ,
                    Purpose.valueOf(tx.meta(Metadata.PURPOSE)), recordId,
                    record.map(RecordFacts::resourceType).orElse(null),
                    record.map(RecordFacts::securityLabels).orElse(Set.of()));
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        Optional<Verdict> unknown = unknownPatientOrActor(tx, facts).or(() -> ownSignatureProblem(tx, facts));
        if (unknown.isPresent()) {
            return unknown.get();
        }
        if (record.isEmpty()) {
            return rejected(RejectionReason.UNKNOWN_RECORD,
                    "patient " + tx.patientId() + " has no record " + recordId);
        }
        if (record.get().erased()) {
            return erased(recordId, record.get());
        }
        return accepted(tx);
    }

    /**
     * Only the patient erases one of her records, signed by her; never twice, and never the reason of a break-glass,
     * which is kept for its review.
     */
    private Verdict recordErased(Transaction tx, Facts facts) {
        if (!tx.actorId().equals(tx.patientId())) {
            return facts.roleOf(tx.actorId()).isEmpty() ? unknownActor(tx.actorId())
                    : rejected(RejectionReason.ROLE_NOT_ALLOWED, "only patient " + tx.patientId()
                    + " erases her records, not " + tx.actorId());
        }
        Optional<Verdict> problem = unknownPatient(tx, facts).or(() -> userSignatureProblem(tx, facts));
        if (problem.isPresent()) {
            return problem.get();
        }
        String recordId = tx.meta(Metadata.RECORD_ID);
        Optional<RecordFacts> record = facts.record(recordId).filter(found -> found.patientId().equals(tx.patientId()));
        if (record.isEmpty()) {
            return rejected(RejectionReason.UNKNOWN_RECORD, "patient " + tx.patientId() + " has no record " + recordId);
        }
        if (record.get().erased()) {
            return erased(recordId, record.get());
        }
        if (breakGlass(recordId, tx.patientId(), facts).isPresent()) {
            return rejected(RejectionReason.ROLE_NOT_ALLOWED, "record " + recordId + " is the reason of a break-glass,"
                    + " kept for its review");
        }
        return accepted(tx);
    }

    /** The vault of the initiator that signed it confirms it destroyed the record an erasure names. */
    private static Verdict erasureConfirmed(Transaction tx, Facts facts) {
        if (!tx.actorId().equals(Metadata.vaultOf(tx.initiator()))) {
            return rejected(RejectionReason.ROLE_NOT_ALLOWED, "an erasure is confirmed by the vault of the initiator"
                    + " that signs the confirmation, " + Metadata.vaultOf(tx.initiator()) + ", not " + tx.actorId());
        }
        String recordId = tx.meta(Metadata.RECORD_ID);
        String erasureId = tx.meta(Metadata.ERASURE_ID);
        boolean erasedSo = facts.record(recordId)
                .filter(record -> record.patientId().equals(tx.patientId()))
                .filter(record -> erasureId.equals(record.erasedByTx()))
                .isPresent();
        return erasedSo ? accepted(tx) : rejected(RejectionReason.UNKNOWN_RECORD, "patient " + tx.patientId()
                + " has no record " + recordId + " erased by transaction " + erasureId);
    }

    private static Verdict erased(String recordId, RecordFacts record) {
        return rejected(RejectionReason.RECORD_ERASED, "record " + recordId + " was erased by transaction "
                + record.erasedByTx());
    }

    /**
     * Break-glass: a clinician opens a window of emergency reads without the patient's consent, signed by him, no longer
     * than the policy allows; refused when her consents explicitly deny him emergency reads and the policy honours that.
     * It reveals that the patient exists, as it must to be of use; that is why every one is flagged, told to her and
     * reviewed by an auditor.
     */
    private Verdict emergencyAccess(Transaction tx, Facts facts) {
        Optional<Verdict> problem = notSignedAs(Role.CLINICIAN, "breaks the glass", tx, facts)
                .or(() -> unknownPatient(tx, facts));
        if (problem.isPresent()) {
            return problem.get();
        }
        Instant until = Instant.parse(tx.meta(Metadata.VALID_UNTIL));
        if (!until.isAfter(tx.submittedAt()) || until.isAfter(tx.submittedAt().plus(emergencies.window()))) {
            return rejected(RejectionReason.EMERGENCY_WINDOW_INVALID, "a break-glass submitted at "
                    + tx.submittedAt() + " may stay open for at most " + emergencies.window() + ", not until " + until);
        }
        String id = tx.meta(Metadata.CONSENT_ID);
        if (facts.consent(id).isPresent() || facts.record(id).isPresent()) {
            return rejected(RejectionReason.DUPLICATE, "a consent or record " + id + " already exists");
        }
        if (emergencies.patientDeny() == EmergencyPolicy.PatientDeny.HONOURED) {
            Permission denied = ConsentRules.decide(facts.consentsOf(tx.patientId()), new Request(tx.actorId(),
                    Role.CLINICIAN, facts.organizationOf(tx.actorId()).orElse(null), Action.READ, Purpose.EMERGENCY, null,
                    null, Set.of(), tx.submittedAt()), null);
            if (explicitlyDenied(denied)) {
                return rejected(RejectionReason.CONSENT_DENIED, "patient " + tx.patientId() + " denies "
                        + tx.actorId() + " emergency reads, and the policy honours that (consent rules "
                        + ConsentRules.VERSION + ", " + denied.basis() + "): " + denied.detail());
            }
        }
        return accepted(tx);
    }

    /** An auditor's finding on a break-glass of this patient's, signed by her. */
    private Verdict emergencyReviewed(Transaction tx, Facts facts) {
        Optional<Verdict> unsigned = notSignedAs(Role.AUDITOR, "reviews a break-glass", tx, facts);
        if (unsigned.isPresent()) {
            return unsigned.get();
        }
        if (breakGlass(tx.meta(Metadata.CONSENT_ID), tx.patientId(), facts).isEmpty()) {
            return rejected(RejectionReason.UNKNOWN_CONSENT, "patient " + tx.patientId() + " has no break-glass "
                    + tx.meta(Metadata.CONSENT_ID));
        }
        return accepted(tx);
    }

    /**
     * UNKNOWN_ACTOR, ROLE_NOT_ALLOWED unless the actor is registered as {@code role} (who alone {@code does}), or
     * her signature's problem; empty when she may act and signed.
     */
    private static Optional<Verdict> notSignedAs(Role role, String does, Transaction tx, Facts facts) {
        Optional<Role> registered = facts.roleOf(tx.actorId());
        if (registered.isEmpty()) {
            return Optional.of(unknownActor(tx.actorId()));
        }
        if (registered.get() != role) {
            return Optional.of(rejected(RejectionReason.ROLE_NOT_ALLOWED, "only " + (role == Role.AUDITOR ? "an " : "a ")
                    + role + " " + does + "; " + tx.actorId() + " is " + registered.get()));
        }
        return userSignatureProblem(tx, facts);
    }

    /** The break-glass with this id on this patient's records, if there is one. */
    private static Optional<Consent> breakGlass(String consentId, String patientId, Facts facts) {
        return facts.consent(consentId)
                .filter(Consent::breakGlass)
                .filter(window -> window.patientId().equals(patientId));
    }

    private static boolean explicitlyDenied(Permission permission) {
        return permission.basis() == Permission.Basis.DENIED_BY_CONSENT
                || permission.basis() == Permission.Basis.DENIED_BY_EXCEPTION;
    }

    /**
     * An auditor reads nothing of a patient's but the written reason of a break-glass on her records, for OPERATIONS,
     * to review it; the read is recorded like any other, so the patient sees it.
     */
    private static Verdict auditorRead(Transaction tx, Facts facts) {
        String recordId = tx.meta(Metadata.RECORD_ID);
        boolean reason = breakGlass(recordId, tx.patientId(), facts).isPresent();
        if (!reason || !Purpose.OPERATIONS.name().equals(tx.meta(Metadata.PURPOSE))) {
            return rejected(RejectionReason.CONSENT_DENIED, "an auditor reads only the reason of a break-glass, for "
                    + Purpose.OPERATIONS + "; record " + recordId + " of patient " + tx.patientId() + " for "
                    + tx.meta(Metadata.PURPOSE) + " is not one");
        }
        return accepted(tx);
    }

    /**
     * CONSENT_DENIED unless the patient's consents permit the actor this action on the record, under the consent the
     * transaction names (when it names one), by the consent rules (docs/consent-rules.md).
     */
    private Optional<Verdict> refusedByConsent(Transaction tx, Facts facts, Action action, Purpose purpose,
                                               String recordId, String resourceType, Set<SecurityLabel> labels) {
        var request = new Request(tx.actorId(), facts.roleOf(tx.actorId()).orElse(null),
                facts.organizationOf(tx.actorId()).orElse(null), action, purpose, recordId, resourceType, labels,
                tx.submittedAt());
        List<Consent> consents = facts.consentsOf(tx.patientId());
        if (purpose == Purpose.EMERGENCY && emergencies.patientDeny() == EmergencyPolicy.PatientDeny.OVERRIDDEN) {
            // the policy lets a break-glass stand against her deny: emergency reads are decided by break-glasses alone
            consents = consents.stream().filter(Consent::breakGlass).toList();
        }
        Permission permission = ConsentRules.decide(consents, request, tx.meta(Metadata.CONSENT_ID));
        return permission.permitted() ? Optional.empty() : Optional.of(rejected(RejectionReason.CONSENT_DENIED,
                "the consents of patient " + tx.patientId() + " do not let " + tx.actorId() + " " + action.code()
                        + " for " + purpose + " at " + tx.submittedAt() + " (consent rules " + ConsentRules.VERSION
                        + ", " + permission.basis() + "): " + permission.detail()));
    }

    /**
     * A refused read is recorded whoever it concerned, a patient id nobody registered included: how the refusal is
     * recorded must not tell the reader whether the patient exists, and the probe stays on the ledger for auditors.
     * Only the reader must be known.
     */
    private Verdict accessDenied(Transaction tx, Facts facts) {
        return facts.roleOf(tx.actorId()).isPresent() ? accepted(tx) : unknownActor(tx.actorId());
    }

    /**
     * A patient's read or write of her own records needs no signature of hers (the consent rules have nothing to
     * decide), but one she gives must be right.
     */
    private static Optional<Verdict> ownSignatureProblem(Transaction tx, Facts facts) {
        boolean ownSigned = tx.actorId().equals(tx.patientId()) && tx.meta(Metadata.USER_SIGNATURE) != null;
        return ownSigned ? userSignatureProblem(tx, facts) : Optional.empty();
    }

    /**
     * A request of an actor who registered a key must carry her signature made with it, and arrive by the
     * {@code notAfter} it was signed with; an actor without a key cannot sign, so a signature is refused too. (Actors
     * registered without a key still act on the initiator's signature alone.) Consents and key rotations are signed
     * this way, and so are reads and writes of another's records: the clinician's signature is his, not the operator's.
     */
    private static Optional<Verdict> userSignatureProblem(Transaction tx, Facts facts) {
        Optional<String> key = facts.publicKeyOf(tx.actorId());
        boolean signed = tx.meta(Metadata.USER_SIGNATURE) != null;
        if (key.isEmpty()) {
            return signed ? Optional.of(rejected(RejectionReason.USER_SIGNATURE_INVALID, tx.actorId()
                    + " registered no key to check metadata.userSignature with")) : Optional.empty();
        }
        if (!signed) {
            return Optional.of(rejected(RejectionReason.USER_SIGNATURE_INVALID, tx.actorId() + " registered a key: "
                    + tx.type() + " must carry metadata.userSignature, made with it"));
        }
        if (!UserSignatures.signedBy(tx, key.get())) {
            return Optional.of(rejected(RejectionReason.USER_SIGNATURE_INVALID, "metadata.userSignature is not "
                    + tx.actorId() + "'s signature of this " + tx.type() + " with the key they registered"));
        }
        Instant notAfter = Instant.parse(tx.meta(Metadata.NOT_AFTER));
        if (tx.submittedAt().isAfter(notAfter)) {
            return Optional.of(rejected(RejectionReason.SIGNED_REQUEST_EXPIRED, "signed to be submitted by " + notAfter
                    + ", submitted at " + tx.submittedAt()));
        }
        return Optional.empty();
    }

    private static Optional<Verdict> unknownPatient(Transaction tx, Facts facts) {
        if (facts.roleOf(tx.patientId()).filter(role -> role == Role.PATIENT).isEmpty()) {
            return Optional.of(rejected(RejectionReason.UNKNOWN_PATIENT,
                    "patient " + tx.patientId() + " is not registered"));
        }
        return Optional.empty();
    }

    private static Optional<Verdict> unknownPatientOrActor(Transaction tx, Facts facts) {
        Optional<Verdict> unknown = unknownPatient(tx, facts);
        if (unknown.isPresent()) {
            return unknown;
        }
        return facts.roleOf(tx.actorId()).isPresent() ? Optional.empty() : Optional.of(unknownActor(tx.actorId()));
    }

    private static Verdict unknownActor(String actorId) {
        return rejected(RejectionReason.UNKNOWN_ACTOR, "actor " + actorId + " is not registered");
    }

    private static Verdict accepted(Transaction tx) {
        return new Verdict.Accepted(changeOf(tx));
    }

    private static Verdict rejected(RejectionReason reason, String detail) {
        return new Verdict.Rejected(reason, detail);
    }
}
