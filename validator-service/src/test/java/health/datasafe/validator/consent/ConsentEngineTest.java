package health.datasafe.validator.consent;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.ReviewFinding;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.integrity.UserSignatures;
import health.datasafe.validator.TestInitiator;
import health.datasafe.validator.rules.Consent;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The consent engine's rules, one test per rule, judged against state held in memory. */
class ConsentEngineTest {

    private static final Instant T = Instant.parse("2025-06-01T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final TestInitiator initiator = new TestInitiator();
    private final ConsentEngine engine = new ConsentEngine(new TrustedInitiators(TrustedKeys.fromX509(List.of(initiator.publicKey()))),
            EmergencyPolicy.DEFAULT);
    private MemoryFacts facts;

    @BeforeEach
    void emptyState() {
        facts = new MemoryFacts();
    }

    /** Judges the transaction and, if accepted, applies it, as the validator does in partition order. */
    private Verdict judge(Transaction tx) {
        return facts.apply(engine.evaluate(tx, facts));
    }

    private static void assertAccepted(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    }

    private static AbstractStringAssert<?> assertRejected(Verdict verdict, RejectionReason reason) {
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        var rejected = (Verdict.Rejected) verdict;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        return assertThat(rejected.detail());
    }

    /** Patient p1 with record r1, clinician dr1 and auditor au1, all registered. */
    private void registerPatientDoctorAndRecord() {
        assertAccepted(judge(initiator.patient("p1", T)));
        assertAccepted(judge(initiator.identity("dr1", Role.CLINICIAN, T)));
        assertAccepted(judge(initiator.identity("au1", Role.AUDITOR, T)));
        assertAccepted(judge(initiator.recordAdded("p1", "p1", "r1", T)));
    }

    private Transaction grant(String consentId, String grantee, Purpose purpose, Instant from, Instant until) {
        return initiator.consentGranted("p1", consentId, grantee, purpose, from, until, T);
    }

    private Transaction read(String actor, String record, Purpose purpose, Instant at) {
        return initiator.recordAccessed("p1", actor, record, purpose, at);
    }

    /** A consent of p1's letting {@code grantee} add records for treatment, for the hour from T. */
    private Transaction writeConsent(String consentId, String grantee) {
        return withMeta(grant(consentId, grantee, Purpose.TREATMENT, T, T.plus(HOUR)), Metadata.ACTION, "write");
    }

    /** The transaction with one field changed, signed again. */
    private Transaction resigned(Transaction tx, Map<String, String> metadata) {
        return initiator.resubmitted(tx, metadata);
    }

    private Transaction withMeta(Transaction tx, String key, String value) {
        var metadata = new HashMap<>(tx.metadata());
        if (value == null) {
            metadata.remove(key);
        } else {
            metadata.put(key, value);
        }
        return resigned(tx, metadata);
    }

    @Nested
    class Schema {

        private final Transaction valid = initiator.recordAccessed("p1", "dr1", "r1", Purpose.TREATMENT, T);

        private Transaction with(String id, TransactionType type, String patientId, String actorId,
                                 String payloadHash, Instant submittedAt) {
            return initiator.sign(new Transaction(id, type, patientId, actorId, payloadHash, valid.metadata(),
                    submittedAt, valid.initiator(), null));
        }

        @Test
        void idThatIsNotACanonicalUuidIsSchemaInvalid() {
            assertRejected(judge(with("tx-1", valid.type(), "p1", "dr1", valid.payloadHash(), T)),
                    RejectionReason.SCHEMA_INVALID).contains("id");
            assertRejected(judge(with(UUID.randomUUID().toString().toUpperCase(), valid.type(), "p1", "dr1",
                    valid.payloadHash(), T)), RejectionReason.SCHEMA_INVALID).contains("id");
        }

        @Test
        void missingTypeIsSchemaInvalid() {
            assertRejected(judge(with(valid.id(), null, "p1", "dr1", valid.payloadHash(), T)),
                    RejectionReason.SCHEMA_INVALID).contains("type");
        }

        @Test
        void actorAndPatientIdsMustMatchTheIdPattern() {
            assertRejected(judge(with(valid.id(), valid.type(), "p1", "dr 1", valid.payloadHash(), T)),
                    RejectionReason.SCHEMA_INVALID).startsWith("actorId");
            assertRejected(judge(with(valid.id(), valid.type(), "-p1", "dr1", valid.payloadHash(), T)),
                    RejectionReason.SCHEMA_INVALID).startsWith("patientId");
            assertRejected(judge(with(valid.id(), valid.type(), "p".repeat(65), "dr1", valid.payloadHash(), T)),
                    RejectionReason.SCHEMA_INVALID).startsWith("patientId");
            assertRejected(judge(with(valid.id(), valid.type(), null, "dr1", valid.payloadHash(), T)),
                    RejectionReason.SCHEMA_INVALID).startsWith("patientId");
        }

        @Test
        void payloadHashMustBeSixtyFourLowercaseHexDigits() {
            assertRejected(judge(with(valid.id(), valid.type(), "p1", "dr1", valid.payloadHash().toUpperCase(), T)),
                    RejectionReason.SCHEMA_INVALID).startsWith("payloadHash");
            assertRejected(judge(with(valid.id(), valid.type(), "p1", "dr1", "abc", T)),
                    RejectionReason.SCHEMA_INVALID).startsWith("payloadHash");
        }

        @Test
        void payloadHashMayBeAbsentOnlyForReadsAndRefusals() {
            var read = with(valid.id(), valid.type(), "p1", "dr1", null, T);
            assertThat(engine.screen(read)).isEmpty();

            var record = initiator.recordAdded("p1", "p1", "r1", T);
            var unhashed = initiator.sign(new Transaction(record.id(), record.type(), "p1", "p1", null,
                    record.metadata(), T, record.initiator(), null));
            assertRejected(judge(unhashed), RejectionReason.SCHEMA_INVALID).isEqualTo("payloadHash is missing");
        }

        @Test
        void missingSubmittedAtIsSchemaInvalid() {
            assertRejected(judge(with(valid.id(), valid.type(), "p1", "dr1", valid.payloadHash(), null)),
                    RejectionReason.SCHEMA_INVALID).contains("submittedAt");
        }

        @Test
        void missingMetadataIsNamedInTheDetail() {
            assertRejected(judge(withMeta(valid, Metadata.PURPOSE, null)), RejectionReason.SCHEMA_INVALID)
                    .isEqualTo("metadata.purpose is required for RECORD_ACCESSED");
            var identity = initiator.identity("dr1", Role.CLINICIAN, T);
            assertRejected(judge(withMeta(identity, Metadata.ROLE, null)), RejectionReason.SCHEMA_INVALID)
                    .contains("metadata.role");
            var refusal = initiator.accessDenied(valid, RejectionReason.CONSENT_DENIED, T);
            assertRejected(judge(withMeta(refusal, Metadata.ATTEMPT_ID, null)), RejectionReason.SCHEMA_INVALID)
                    .contains("metadata.attemptId");
            assertRejected(judge(withMeta(refusal, Metadata.REASON, null)), RejectionReason.SCHEMA_INVALID)
                    .contains("metadata.reason");
        }

        @Test
        void enumValuesMustBeKnownNames() {
            assertRejected(judge(withMeta(valid, Metadata.PURPOSE, "treatment")), RejectionReason.SCHEMA_INVALID)
                    .startsWith("metadata.purpose");
            var identity = initiator.identity("dr1", Role.CLINICIAN, T);
            assertRejected(judge(withMeta(identity, Metadata.ROLE, "KING")), RejectionReason.SCHEMA_INVALID)
                    .startsWith("metadata.role");
            var refusal = initiator.accessDenied(valid, RejectionReason.CONSENT_DENIED, T);
            assertRejected(judge(withMeta(refusal, Metadata.REASON, "BAD_MOOD")), RejectionReason.SCHEMA_INVALID)
                    .startsWith("metadata.reason");
        }

        @Test
        void aConsentLongerThanItsLimitIsSchemaInvalid() {
            var consent = grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR));
            assertRejected(judge(withMeta(consent, Metadata.EXCEPTIONS, "[" + "{\"recordIds\":\"r1\"},".repeat(200)
                    + "{}]")), RejectionReason.SCHEMA_INVALID).contains("longer than 2048");
        }

        @Test
        void aReadOrWriteMayNameOnlyTheConsentRulesThisValidatorJudgesBy() {
            var read = initiator.recordAccessed("p1", "dr1", "r1", Purpose.TREATMENT, T);
            assertRejected(judge(withMeta(read, Metadata.CONSENT_RULES, "2")), RejectionReason.SCHEMA_INVALID)
                    .startsWith("metadata.consentRules 2");
            assertRejected(judge(withMeta(read, Metadata.CONSENT_ID, "c1")), RejectionReason.SCHEMA_INVALID)
                    .startsWith("metadata.consentId comes with metadata.consentRules");
        }

        @Test
        void metadataKeysOutsideTheTypeAreRefusedSoNoHealthContentRidesAlong() {
            assertRejected(judge(withMeta(valid, "diagnosis", "flu")), RejectionReason.SCHEMA_INVALID)
                    .startsWith("metadata.diagnosis is not allowed for RECORD_ACCESSED");
        }

        @Test
        void patientIdentityIsItsOwnPatientAndOtherIdentitiesHaveNone() {
            var patient = initiator.patient("p1", T);
            var elsewhere = initiator.sign(new Transaction(patient.id(), patient.type(), "p2", "p1",
                    patient.payloadHash(), patient.metadata(), T, patient.initiator(), null));
            assertRejected(judge(elsewhere), RejectionReason.SCHEMA_INVALID).contains("patientId must equal actorId");

            var doctor = initiator.identity("dr1", Role.CLINICIAN, T);
            var doctorAsPatient = initiator.sign(new Transaction(doctor.id(), doctor.type(), "p1", "dr1",
                    doctor.payloadHash(), doctor.metadata(), T, doctor.initiator(), null));
            assertRejected(judge(doctorAsPatient), RejectionReason.SCHEMA_INVALID).contains("patientId must be absent");
        }

        @Test
        void identityPublicKeyMustBeAnEd25519Key() {
            var doctor = initiator.identity("dr1", Role.CLINICIAN, T);
            assertRejected(judge(withMeta(doctor, Metadata.PUBLIC_KEY, "bm90IGEga2V5")), RejectionReason.SCHEMA_INVALID)
                    .startsWith("metadata.publicKey");
        }

        @Test
        void aKeyProofWithoutThePublicKeyItProvesIsSchemaInvalid() {
            var key = Ed25519.SigningKey.generate();
            var doctor = initiator.identity("dr1", Role.CLINICIAN, T);

            assertRejected(judge(withMeta(withMeta(doctor, Metadata.PUBLIC_KEY, null), Metadata.KEY_PROOF,
                    KeyPossession.prove(key, "dr1", "CLINICIAN"))), RejectionReason.SCHEMA_INVALID)
                    .contains("metadata.keyProof");
        }
    }

    @Nested
    class PatientSignedConsents {

        private final Ed25519.SigningKey patientKey = Ed25519.SigningKey.generate();
        private final Instant soon = T.plus(Duration.ofMinutes(5));

        /**
         * Patient p1 registered with her key, which this test holds (the initiator's builders do not sign for her),
         * clinicians dr1 and dr2 with theirs, and her record r1.
         */
        @BeforeEach
        void patientWithAKey() {
            assertAccepted(judge(initiator.sign(initiator.unsigned(TransactionType.IDENTITY_REGISTERED, "p1", "p1",
                    Map.of(Metadata.ROLE, "PATIENT", Metadata.PUBLIC_KEY, patientKey.verifyingKey().toX509(),
                            Metadata.KEY_PROOF, KeyPossession.prove(patientKey, "p1", "PATIENT")), T))));
            assertAccepted(judge(initiator.identity("dr1", Role.CLINICIAN, T)));
            assertAccepted(judge(initiator.identity("dr2", Role.CLINICIAN, T)));
            assertAccepted(judge(initiator.recordAdded("p1", "p1", "r1", T)));
        }

        /** The request as the initiator submits it: its metadata with notAfter and the signature by {@code key}. */
        private Transaction signed(Transaction request, Ed25519.SigningKey key, Instant notAfter) {
            var metadata = new HashMap<>(request.metadata());
            metadata.put(Metadata.NOT_AFTER, notAfter.toString());
            metadata.put(Metadata.USER_SIGNATURE,
                    UserSignatures.sign(key, request.type(), request.patientId(), request.actorId(), metadata));
            return again(request, metadata);
        }

        /** The same request under a fresh transaction id, with this metadata, signed by the initiator. */
        private Transaction again(Transaction request, Map<String, String> metadata) {
            return initiator.sign(initiator.unsigned(request.type(), request.patientId(), request.actorId(), metadata,
                    request.submittedAt()));
        }

        /** Her new key and its proof of possession, unsigned: what she (or an administrator) submits. */
        private Transaction keyChange(TransactionType type, String actor, Ed25519.SigningKey newKey, String... more) {
            var metadata = new HashMap<String, String>();
            metadata.put(Metadata.PUBLIC_KEY, newKey.verifyingKey().toX509());
            metadata.put(Metadata.KEY_PROOF, KeyPossession.prove(newKey, "p1", "PATIENT"));
            for (int i = 0; i < more.length; i += 2) {
                metadata.put(more[i], more[i + 1]);
            }
            return initiator.sign(initiator.unsigned(type, "p1", actor, metadata, T));
        }

        @Test
        void aKeyRotatedWithTheOldKeysSignatureReplacesItForEveryLaterSignature() {
            var newKey = Ed25519.SigningKey.generate();
            var rotation = keyChange(TransactionType.KEY_ROTATED, "p1", newKey);
            assertRejected(judge(signed(rotation, newKey, soon)), RejectionReason.USER_SIGNATURE_INVALID)
                    .as("signed by the new key only").contains("not p1's signature");
            assertAccepted(judge(signed(rotation, patientKey, soon)));
            assertThat(facts.publicKeyOf("p1")).contains(newKey.verifyingKey().toX509());

            assertRejected(judge(signed(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), patientKey, soon)),
                    RejectionReason.USER_SIGNATURE_INVALID);
            assertAccepted(judge(signed(grant("c2", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), newKey, soon)));
        }

        @Test
        void aRotationToAKeyNotProvenOrSignedByNobodyOrToTheSameKeyIsRejected() {
            var newKey = Ed25519.SigningKey.generate();
            var unproven = keyChange(TransactionType.KEY_ROTATED, "p1", newKey, Metadata.KEY_PROOF,
                    KeyPossession.prove(newKey, "p1", "CLINICIAN"));
            assertRejected(judge(signed(unproven, patientKey, soon)), RejectionReason.KEY_NOT_PROVEN);
            assertRejected(judge(keyChange(TransactionType.KEY_ROTATED, "p1", newKey)), RejectionReason.SCHEMA_INVALID)
                    .as("no signature at all").contains("metadata.notAfter is required");
            assertRejected(judge(signed(keyChange(TransactionType.KEY_ROTATED, "p1", patientKey), patientKey, soon)),
                    RejectionReason.DUPLICATE);
            var misfiled = initiator.sign(initiator.unsigned(TransactionType.KEY_ROTATED, null, "p1",
                    keyChange(TransactionType.KEY_ROTATED, "p1", newKey).metadata(), T));
            assertRejected(judge(signed(misfiled, patientKey, soon)), RejectionReason.ROLE_NOT_ALLOWED);
            assertRejected(judge(signed(initiator.sign(initiator.unsigned(TransactionType.KEY_ROTATED, null, "dr1",
                    Map.of(Metadata.PUBLIC_KEY, newKey.verifyingKey().toX509(), Metadata.KEY_PROOF,
                            KeyPossession.prove(newKey, "dr1", "CLINICIAN")), T)), newKey, soon)),
                    RejectionReason.USER_SIGNATURE_INVALID).as("signed by the new key, not dr1's")
                    .contains("not dr1's signature");
        }

        @Test
        void anAdministratorRecoversALostKeyWithTheNewHoldersProofAndNobodyElseMay() {
            var newKey = Ed25519.SigningKey.generate();
            assertRejected(judge(keyChange(TransactionType.KEY_RECOVERED, "dr1", newKey, Metadata.SUBJECT, "p1",
                    Metadata.RECOVERY, "LOST")), RejectionReason.ROLE_NOT_ALLOWED).contains("only an administrator");
            assertRejected(judge(keyChange(TransactionType.KEY_RECOVERED, "root", newKey, Metadata.SUBJECT, "p1",
                    Metadata.RECOVERY, "FORGOT")), RejectionReason.SCHEMA_INVALID).startsWith("metadata.recovery");
            assertRejected(judge(keyChange(TransactionType.KEY_RECOVERED, "root", newKey, Metadata.SUBJECT, "p1",
                    Metadata.RECOVERY, "LOST", Metadata.KEY_PROOF, KeyPossession.prove(patientKey, "p1", "PATIENT"))),
                    RejectionReason.KEY_NOT_PROVEN);

            assertAccepted(judge(keyChange(TransactionType.KEY_RECOVERED, "root", newKey, Metadata.SUBJECT, "p1",
                    Metadata.RECOVERY, "LOST")));
            assertThat(facts.publicKeyOf("p1")).contains(newKey.verifyingKey().toX509());
            assertRejected(judge(signed(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), patientKey, soon)),
                    RejectionReason.USER_SIGNATURE_INVALID).as("the lost key signs nothing any more");
            assertAccepted(judge(signed(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), newKey, soon)));
        }

        @Test
        void aConsentThePatientSignedIsGrantedAndARevocationSheSignedEndsIt() {
            assertAccepted(judge(signed(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), patientKey, soon)));
            assertAccepted(judge(read("dr1", "r1", Purpose.TREATMENT, T.plus(Duration.ofMinutes(1)))));

            assertAccepted(judge(signed(initiator.consentRevoked("p1", "p1", "c1", T), patientKey, soon)));
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T.plus(Duration.ofMinutes(2)))),
                    RejectionReason.CONSENT_DENIED);
        }

        @Test
        void aConsentMadeWithTheInitiatorKeyAloneIsRejectedAndPermitsNothing() {
            assertRejected(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))),
                    RejectionReason.USER_SIGNATURE_INVALID).contains("p1 registered a key");
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T.plus(Duration.ofMinutes(1)))),
                    RejectionReason.CONSENT_DENIED);
        }

        @Test
        void aRevocationMadeWithTheInitiatorKeyAloneIsRejectedAndTheConsentStaysInForce() {
            assertAccepted(judge(signed(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), patientKey, soon)));

            assertRejected(judge(initiator.consentRevoked("p1", "p1", "c1", T)), RejectionReason.USER_SIGNATURE_INVALID);
            assertAccepted(judge(read("dr1", "r1", Purpose.TREATMENT, T.plus(Duration.ofMinutes(1)))));
        }

        @Test
        void aConsentSignedWithAnotherKeyOrChangedAfterSigningIsRejected() {
            var otherKey = Ed25519.SigningKey.generate();
            assertRejected(judge(signed(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), otherKey, soon)),
                    RejectionReason.USER_SIGNATURE_INVALID).contains("not p1's signature");

            for (var change : List.of(Map.entry(Metadata.GRANTEE, "dr2"), Map.entry(Metadata.PURPOSE, "RESEARCH"),
                    Map.entry(Metadata.VALID_UNTIL, T.plus(HOUR).plus(HOUR).toString()),
                    Map.entry(Metadata.NOT_AFTER, soon.plus(HOUR).toString()))) {
                var genuine = signed(grant("c2", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), patientKey, soon);
                var metadata = new HashMap<>(genuine.metadata());
                metadata.put(change.getKey(), change.getValue());
                assertRejected(judge(again(genuine, metadata)), RejectionReason.USER_SIGNATURE_INVALID)
                        .as(change.getKey()).contains("not p1's signature");
            }
            assertRejected(judge(read("dr2", "r1", Purpose.TREATMENT, T.plus(Duration.ofMinutes(1)))),
                    RejectionReason.CONSENT_DENIED);
        }

        @Test
        void aSignedConsentSubmittedAfterItsNotAfterIsRejectedAsExpired() {
            var late = signed(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), patientKey, T.minusSeconds(1));

            assertRejected(judge(late), RejectionReason.SIGNED_REQUEST_EXPIRED).contains("signed to be submitted by");
        }

        @Test
        void aSignedGrantOrRevocationReplayedUnderANewTransactionIdIsRejected() {
            var grant = signed(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), patientKey, soon);
            var revocation = signed(initiator.consentRevoked("p1", "p1", "c1", T), patientKey, soon);
            assertAccepted(judge(grant));
            assertAccepted(judge(revocation));

            assertRejected(judge(again(grant, grant.metadata())), RejectionReason.DUPLICATE);
            assertRejected(judge(again(revocation, revocation.metadata())), RejectionReason.UNKNOWN_CONSENT);
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T.plus(Duration.ofMinutes(1)))),
                    RejectionReason.CONSENT_DENIED);
        }

        @Test
        void aClinicianWhoRegisteredAKeySignsEachReadAndWriteOfAnothersChartWithIt() {
            var clinicianKey = Ed25519.SigningKey.generate();
            assertAccepted(judge(initiator.sign(initiator.unsigned(TransactionType.IDENTITY_REGISTERED, null, "dr3",
                    Map.of(Metadata.ROLE, "CLINICIAN", Metadata.PUBLIC_KEY, clinicianKey.verifyingKey().toX509(),
                            Metadata.KEY_PROOF, KeyPossession.prove(clinicianKey, "dr3", "CLINICIAN")), T))));
            assertAccepted(judge(signed(grant("c-read", "dr3", Purpose.TREATMENT, T, T.plus(HOUR)), patientKey, soon)));
            assertAccepted(judge(signed(writeConsent("c-write", "dr3"), patientKey, soon)));
            var read = read("dr3", "r1", Purpose.TREATMENT, T.plus(Duration.ofMinutes(1)));
            var write = initiator.recordAdded("p1", "dr3", "r2", T.plus(Duration.ofMinutes(1)));

            assertRejected(judge(read), RejectionReason.USER_SIGNATURE_INVALID).contains("must carry metadata.userSignature");
            assertRejected(judge(write), RejectionReason.USER_SIGNATURE_INVALID).contains("must carry metadata.userSignature");
            assertRejected(judge(signed(read, patientKey, soon)), RejectionReason.USER_SIGNATURE_INVALID)
                    .as("signed with the patient's key, not his").contains("not dr3's signature");
            assertRejected(judge(signed(read, clinicianKey, T)), RejectionReason.SIGNED_REQUEST_EXPIRED);
            assertAccepted(judge(signed(read, clinicianKey, soon)));
            assertAccepted(judge(signed(write, clinicianKey, soon)));
            assertThat(facts.record("r2")).map(RecordFacts::patientId).contains("p1");

            // the signature is checked before the consent, so a refusal says as little of an unknown patient as of her
            var elsewhere = initiator.recordAccessed("p-nobody", "dr3", "r1", Purpose.TREATMENT, T.plus(Duration.ofMinutes(1)));
            assertRejected(judge(signed(elsewhere, clinicianKey, soon)), RejectionReason.CONSENT_DENIED)
                    .contains("NO_CONSENT");
        }

        @Test
        void aPatientNeedNotSignHerOwnReadsButASignatureSheGivesMustBeHers() {
            var own = read("p1", "r1", Purpose.PATIENT_REQUEST, T.plus(Duration.ofMinutes(1)));
            assertAccepted(judge(own));
            assertAccepted(judge(signed(own, patientKey, soon)));
            assertRejected(judge(signed(own, Ed25519.SigningKey.generate(), soon)), RejectionReason.USER_SIGNATURE_INVALID);
            assertRejected(judge(signed(initiator.recordAdded("p1", "p1", "r3", T), Ed25519.SigningKey.generate(), soon)),
                    RejectionReason.USER_SIGNATURE_INVALID);
        }

        @Test
        void anIdentityRegisteredWithoutAKeyBeforeKeysWereRequiredActsOnTheInitiatorsSignatureAndCannotSign() {
            // a fact of a log written before every identity registered a key, as a replay derives it
            facts.apply(new Verdict.Accepted(new Change.NewIdentity("p2", Role.PATIENT, null, null,
                    UUID.randomUUID().toString())));
            var grant = initiator.sign(initiator.unsigned(TransactionType.CONSENT_GRANTED, "p2", "p2",
                    grant("c9", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)).metadata(), T));

            assertRejected(judge(signed(grant, patientKey, soon)), RejectionReason.USER_SIGNATURE_INVALID)
                    .contains("registered no key");
            assertAccepted(judge(grant));
        }

        @Test
        void aSignatureWithoutNotAfterOrNotAfterWithoutASignatureIsSchemaInvalid() {
            var genuine = signed(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), patientKey, soon);
            var withoutNotAfter = new HashMap<>(genuine.metadata());
            withoutNotAfter.remove(Metadata.NOT_AFTER);
            var withoutSignature = new HashMap<>(genuine.metadata());
            withoutSignature.remove(Metadata.USER_SIGNATURE);
            var notAnInstant = new HashMap<>(genuine.metadata());
            notAnInstant.put(Metadata.NOT_AFTER, "tomorrow");

            assertRejected(judge(again(genuine, withoutNotAfter)), RejectionReason.SCHEMA_INVALID)
                    .contains("come together");
            assertRejected(judge(again(genuine, withoutSignature)), RejectionReason.SCHEMA_INVALID)
                    .contains("come together");
            assertRejected(judge(again(genuine, notAnInstant)), RejectionReason.SCHEMA_INVALID)
                    .contains("metadata.notAfter");
        }
    }

    @Nested
    class KeyProof {

        private final Ed25519.SigningKey key = Ed25519.SigningKey.generate();

        private Transaction registering(String actorId, Role role, String publicKey, String proof) {
            var registration = role == Role.PATIENT ? initiator.patient(actorId, T) : initiator.identity(actorId, role, T);
            var metadata = new HashMap<>(registration.metadata());
            metadata.remove(Metadata.PUBLIC_KEY);
            metadata.remove(Metadata.KEY_PROOF);
            if (publicKey != null) {
                metadata.put(Metadata.PUBLIC_KEY, publicKey);
            }
            if (proof != null) {
                metadata.put(Metadata.KEY_PROOF, proof);
            }
            return resigned(registration, metadata);
        }

        @Test
        void aKeyRegisteredWithItsHoldersProofIsAccepted() {
            String publicKey = key.verifyingKey().toX509();

            assertAccepted(judge(registering("dr1", Role.CLINICIAN, publicKey, KeyPossession.prove(key, "dr1", "CLINICIAN"))));
            assertAccepted(judge(registering("p1", Role.PATIENT, publicKey, KeyPossession.prove(key, "p1", "PATIENT"))));
        }

        @Test
        void aKeyRegisteredWithoutProofIsRejectedAsNotProven() {
            assertRejected(judge(registering("dr1", Role.CLINICIAN, key.verifyingKey().toX509(), null)),
                    RejectionReason.KEY_NOT_PROVEN).contains("without metadata.keyProof");
            assertThat(facts.roleOf("dr1")).isEmpty();
        }

        @Test
        void anIdentityRegisteredWithoutAKeyIsRejected() {
            assertRejected(judge(registering("dr1", Role.CLINICIAN, null, null)), RejectionReason.KEY_NOT_PROVEN)
                    .contains("metadata.publicKey is required");
            assertRejected(judge(registering("p1", Role.PATIENT, null, null)), RejectionReason.KEY_NOT_PROVEN);
            assertThat(facts.roleOf("dr1")).isEmpty();
            assertThat(facts.roleOf("p1")).isEmpty();
        }

        @Test
        void someoneElsesKeyOrAProofMadeForAnotherIdentityOrRoleIsRejectedAsNotProven() {
            String publicKey = key.verifyingKey().toX509();
            var impostor = Ed25519.SigningKey.generate();

            assertRejected(judge(registering("dr1", Role.CLINICIAN, publicKey, KeyPossession.prove(impostor, "dr1", "CLINICIAN"))),
                    RejectionReason.KEY_NOT_PROVEN).contains("is not the signature of dr1's registration");
            assertRejected(judge(registering("dr1", Role.CLINICIAN, publicKey, KeyPossession.prove(key, "dr2", "CLINICIAN"))),
                    RejectionReason.KEY_NOT_PROVEN);
            assertRejected(judge(registering("dr1", Role.CLINICIAN, publicKey, KeyPossession.prove(key, "dr1", "AUDITOR"))),
                    RejectionReason.KEY_NOT_PROVEN);
            assertThat(facts.roleOf("dr1")).isEmpty();
        }
    }

    @Nested
    class Signature {

        @Test
        void initiatorThatIsNotTrustedIsSignatureInvalid() {
            var stranger = new TestInitiator();
            assertRejected(judge(stranger.patient("p1", T)), RejectionReason.SIGNATURE_INVALID)
                    .contains("not a trusted key");
        }

        @Test
        void transactionAlteredAfterSigningIsSignatureInvalid() {
            var tx = initiator.patient("p1", T);
            var altered = new Transaction(tx.id(), tx.type(), tx.patientId(), tx.actorId(), tx.payloadHash(),
                    tx.metadata(), tx.submittedAt().plusSeconds(1), tx.initiator(), tx.signature());
            assertRejected(judge(altered), RejectionReason.SIGNATURE_INVALID).contains("does not verify");
        }

        @Test
        void signatureOfATrustedInitiatorOverAnotherInitiatorsNameIsSignatureInvalid() {
            var stranger = new TestInitiator();
            var tx = stranger.patient("p1", T);
            var claimed = new Transaction(tx.id(), tx.type(), tx.patientId(), tx.actorId(), tx.payloadHash(),
                    tx.metadata(), tx.submittedAt(), initiator.keyId(), tx.signature());
            assertRejected(judge(claimed), RejectionReason.SIGNATURE_INVALID).contains("does not verify");
        }

        @Test
        void unsignedTransactionIsSignatureInvalid() {
            assertRejected(judge(initiator.patient("p1", T).unsigned()), RejectionReason.SIGNATURE_INVALID)
                    .isEqualTo("signature is missing");
            assertRejected(judge(initiator.patient("p1", T).withSignature("bm90IGEgc2lnbmF0dXJl")),
                    RejectionReason.SIGNATURE_INVALID).contains("does not verify");
        }

        @Test
        void schemaIsCheckedBeforeTheSignature() {
            var stranger = new TestInitiator();
            var tx = stranger.sign(new Transaction("not-a-uuid", TransactionType.IDENTITY_REGISTERED, "p1", "p1",
                    null, Map.of(Metadata.ROLE, "PATIENT"), T, stranger.keyId(), null));
            assertRejected(judge(tx), RejectionReason.SCHEMA_INVALID);
        }
    }

    @Nested
    class IdentityRegistered {

        @Test
        void newIdentityIsAccepted() {
            var tx = initiator.identity("dr1", Role.CLINICIAN, T);
            assertThat(judge(tx)).isEqualTo(new Verdict.Accepted(
                    new Change.NewIdentity("dr1", Role.CLINICIAN, tx.meta(Metadata.PUBLIC_KEY), null, tx.id())));
            assertThat(facts.roleOf("dr1")).contains(Role.CLINICIAN);
        }

        @Test
        void aClinicianMayRegisterTheOrganizationHeSpeaksFor() {
            var tx = withMeta(initiator.identity("dr1", Role.CLINICIAN, T), Metadata.ORGANIZATION, "st-marys");
            assertAccepted(judge(tx));
            assertThat(facts.organizationOf("dr1")).contains("st-marys");
            assertRejected(judge(withMeta(initiator.identity("dr2", Role.CLINICIAN, T), Metadata.ORGANIZATION,
                    "St Mary's")), RejectionReason.SCHEMA_INVALID).startsWith("metadata.organization");
        }

        @Test
        void identityRegisteredTwiceIsRejectedIdentityExists() {
            assertAccepted(judge(initiator.patient("p1", T)));
            assertRejected(judge(initiator.patient("p1", T.plus(HOUR))), RejectionReason.IDENTITY_EXISTS)
                    .contains("p1");
            assertRejected(judge(initiator.identity("p1", Role.CLINICIAN, T.plus(HOUR))),
                    RejectionReason.IDENTITY_EXISTS);
        }
    }

    @Nested
    class RecordAdded {

        @BeforeEach
        void parties() {
            assertAccepted(judge(initiator.patient("p1", T)));
            assertAccepted(judge(initiator.identity("dr1", Role.CLINICIAN, T)));
            assertAccepted(judge(initiator.identity("au1", Role.AUDITOR, T)));
        }

        @Test
        void patientAddsTheirOwnRecord() {
            assertThat(judge(initiator.recordAdded("p1", "p1", "r1", T)))
                    .isInstanceOfSatisfying(Verdict.Accepted.class, accepted -> assertThat(accepted.change())
                            .isInstanceOfSatisfying(Change.NewRecord.class, record -> {
                                assertThat(record.recordId()).isEqualTo("r1");
                                assertThat(record.patientId()).isEqualTo("p1");
                            }));
            assertThat(facts.record("r1")).map(RecordFacts::patientId).contains("p1");
        }

        @Test
        void aClinicianAddsARecordOnlyUnderAConsentThatPermitsWriting() {
            assertRejected(judge(initiator.recordAdded("p1", "dr1", "r1", T)), RejectionReason.CONSENT_DENIED)
                    .contains("NO_CONSENT");
            assertAccepted(judge(initiator.consentGranted("p1", "c-read", "dr1", Purpose.TREATMENT, T, T.plus(HOUR), T)));
            assertRejected(judge(initiator.recordAdded("p1", "dr1", "r1", T)), RejectionReason.CONSENT_DENIED)
                    .contains("ACTION_NOT_GRANTED");

            assertAccepted(judge(writeConsent("c-write", "dr1")));
            assertAccepted(judge(initiator.recordAdded("p1", "dr1", "r1", T)));
        }

        @Test
        void aClinicianWithoutConsentLearnsNothingOfWhetherThePatientExists() {
            assertRejected(judge(initiator.recordAdded("p9", "dr1", "r1", T)), RejectionReason.CONSENT_DENIED);
            assertRejected(judge(initiator.recordAdded("p1", "dr1", "r1", T)), RejectionReason.CONSENT_DENIED);
        }

        @Test
        void recordOfAnUnregisteredPatientIsRejectedUnknownPatient() {
            assertRejected(judge(initiator.recordAdded("p9", "p9", "r1", T)), RejectionReason.UNKNOWN_PATIENT);
            assertRejected(judge(initiator.recordAdded("dr1", "dr1", "r1", T)), RejectionReason.UNKNOWN_PATIENT);
        }

        @Test
        void recordByAnUnregisteredActorIsRejectedUnknownActor() {
            assertRejected(judge(initiator.recordAdded("p1", "dr9", "r1", T)), RejectionReason.UNKNOWN_ACTOR);
        }

        @Test
        void onlyThePatientOrAClinicianMayAddRecords() {
            assertAccepted(judge(initiator.patient("p2", T)));
            assertRejected(judge(initiator.recordAdded("p1", "au1", "r1", T)), RejectionReason.ROLE_NOT_ALLOWED);
            assertRejected(judge(initiator.recordAdded("p1", "p2", "r1", T)), RejectionReason.ROLE_NOT_ALLOWED);
        }

        @Test
        void recordIdInUseIsRejected() {
            assertAccepted(judge(writeConsent("c-write", "dr1")));
            assertAccepted(judge(initiator.recordAdded("p1", "dr1", "r1", T)));
            assertRejected(judge(initiator.recordAdded("p1", "dr1", "r1", T)), RejectionReason.DUPLICATE)
                    .contains("record r1 already exists");
        }
    }

    @Nested
    class ConsentGranted {

        @BeforeEach
        void parties() {
            registerPatientDoctorAndRecord();
        }

        @Test
        void consentPeriodMustBeInstantsWithTheEndAfterTheStart() {
            var consent = grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR));
            assertRejected(judge(withMeta(consent, Metadata.VALID_FROM, "tomorrow")), RejectionReason.PROVISION_INVALID)
                    .startsWith("metadata.validFrom");
            assertRejected(judge(withMeta(consent, Metadata.VALID_UNTIL, "2025-06-01")), RejectionReason.PROVISION_INVALID)
                    .startsWith("metadata.validUntil");
            assertRejected(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T)), RejectionReason.PROVISION_INVALID)
                    .isEqualTo("metadata.validUntil must be after metadata.validFrom");
            assertRejected(judge(grant("c1", "dr1", Purpose.TREATMENT, T.plus(HOUR), T)),
                    RejectionReason.PROVISION_INVALID).isEqualTo("metadata.validUntil must be after metadata.validFrom");
        }

        @Test
        void consentActionsMustBeKnownOnes() {
            var consent = grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR));
            assertRejected(judge(withMeta(consent, Metadata.ACTION, "read,delete")), RejectionReason.PROVISION_INVALID)
                    .startsWith("metadata.action");
        }

        @Test
        void aConsentWhoseProvisionBreaksItsRulesIsRejectedNamingTheField() {
            var consent = grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR));
            assertRejected(judge(withMeta(consent, Metadata.EXCEPTIONS, "[{\"decision\":\"permit\"}]")),
                    RejectionReason.PROVISION_INVALID).startsWith("metadata.exceptions[0].decision");
            assertRejected(judge(withMeta(consent, Metadata.RESOURCE_TYPE, "Horoscope")), RejectionReason.PROVISION_INVALID)
                    .startsWith("metadata.resourceType");
        }

        @Test
        void patientGrantsConsent() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertThat(facts.consent("c1")).hasValueSatisfying(consent -> {
                assertThat(consent.provision().actors()).containsExactly("dr1");
                assertThat(consent.provision().purposes()).containsExactly(Purpose.TREATMENT);
                assertThat(consent.provision().end()).isEqualTo(T.plus(HOUR));
                assertThat(consent.revoked()).isFalse();
            });
        }

        @Test
        void consentOfAnUnregisteredPatientIsRejectedUnknownPatient() {
            var tx = initiator.consentGranted("p9", "c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR), T);
            assertRejected(judge(tx), RejectionReason.UNKNOWN_PATIENT);
        }

        @Test
        void onlyThePatientMayGrantConsent() {
            var granted = grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR));
            var byDoctor = initiator.sign(new Transaction(granted.id(), granted.type(), "p1", "dr1",
                    granted.payloadHash(), granted.metadata(), T, granted.initiator(), null));
            assertRejected(judge(byDoctor), RejectionReason.ROLE_NOT_ALLOWED).contains("only patient p1");
        }

        @Test
        void consentToAnUnregisteredGranteeIsRejectedUnknownActor() {
            assertRejected(judge(grant("c1", "dr9", Purpose.TREATMENT, T, T.plus(HOUR))),
                    RejectionReason.UNKNOWN_ACTOR).contains("grantee dr9");
        }

        @Test
        void consentIdInUseIsRejected() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertRejected(judge(grant("c1", "au1", Purpose.OPERATIONS, T, T.plus(HOUR))), RejectionReason.DUPLICATE);
        }
    }

    @Nested
    class ConsentRevoked {

        @BeforeEach
        void grantedConsent() {
            registerPatientDoctorAndRecord();
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
        }

        @Test
        void patientRevokesTheirConsent() {
            var revocation = initiator.consentRevoked("p1", "p1", "c1", T);
            assertAccepted(judge(revocation));
            assertThat(facts.consent("c1")).hasValueSatisfying(consent ->
                    assertThat(consent.revokedByTx()).isEqualTo(revocation.id()));
        }

        @Test
        void onlyThePatientMayRevoke() {
            assertRejected(judge(initiator.consentRevoked("p1", "dr1", "c1", T)), RejectionReason.ROLE_NOT_ALLOWED);
        }

        @Test
        void revokingAConsentThatDoesNotExistIsRejectedUnknownConsent() {
            assertRejected(judge(initiator.consentRevoked("p1", "p1", "c9", T)), RejectionReason.UNKNOWN_CONSENT);
        }

        @Test
        void revokingAnotherPatientsConsentIsRejectedUnknownConsent() {
            assertAccepted(judge(initiator.patient("p2", T)));
            assertRejected(judge(initiator.consentRevoked("p2", "p2", "c1", T)), RejectionReason.UNKNOWN_CONSENT);
            assertThat(facts.consent("c1").orElseThrow().revoked()).isFalse();
        }

        @Test
        void revokingTwiceIsRejectedUnknownConsent() {
            assertAccepted(judge(initiator.consentRevoked("p1", "p1", "c1", T)));
            assertRejected(judge(initiator.consentRevoked("p1", "p1", "c1", T)), RejectionReason.UNKNOWN_CONSENT);
        }
    }

    @Nested
    class RecordAccessed {

        @BeforeEach
        void parties() {
            registerPatientDoctorAndRecord();
        }

        @Test
        void patientReadsTheirOwnRecordWithoutConsent() {
            assertThat(judge(initiator.recordAccessed("p1", "p1", "r1", Purpose.PATIENT_REQUEST, T)))
                    .isEqualTo(new Verdict.Accepted(new Change.Nothing()));
        }

        @Test
        void patientReadingARecordThatDoesNotExistIsRejectedUnknownRecord() {
            assertRejected(judge(initiator.recordAccessed("p1", "p1", "r9", Purpose.PATIENT_REQUEST, T)),
                    RejectionReason.UNKNOWN_RECORD);
        }

        @Test
        void readByAnUnregisteredActorIsUnknownActorWhetherOrNotThePatientExists() {
            assertRejected(judge(read("dr9", "r1", Purpose.TREATMENT, T)), RejectionReason.UNKNOWN_ACTOR)
                    .isEqualTo("actor dr9 is not registered");
            assertRejected(judge(initiator.recordAccessed("p9", "dr9", "r1", Purpose.TREATMENT, T)),
                    RejectionReason.UNKNOWN_ACTOR).isEqualTo("actor dr9 is not registered");
        }

        @Test
        void aClinicianWithoutConsentIsDeniedAlikeForAPatientWhoExistsAndOneWhoDoesNot() {
            var known = (Verdict.Rejected) judge(initiator.recordAccessed("p1", "dr1", "r1", Purpose.TREATMENT, T));
            var unknown = (Verdict.Rejected) judge(initiator.recordAccessed("p9", "dr1", "r1", Purpose.TREATMENT, T));

            assertThat(known.reason()).isEqualTo(RejectionReason.CONSENT_DENIED);
            assertThat(unknown.reason()).isEqualTo(RejectionReason.CONSENT_DENIED);
            assertThat(unknown.detail()).isEqualTo(known.detail().replace("p1", "p9"));
            assertRejected(judge(initiator.recordAccessed("p9", "p9", "r1", Purpose.PATIENT_REQUEST, T)),
                    RejectionReason.UNKNOWN_PATIENT);
        }

        @Test
        void readWithoutConsentIsDenied() {
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T)), RejectionReason.CONSENT_DENIED)
                    .contains("p1", "dr1", "TREATMENT");
        }

        @Test
        void readWithConsentInForceIsAccepted() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertAccepted(judge(read("dr1", "r1", Purpose.TREATMENT, T.plusSeconds(60))));
        }

        @Test
        void consentForAnotherPurposeOrAnotherGranteeDenies() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertRejected(judge(read("dr1", "r1", Purpose.RESEARCH, T)), RejectionReason.CONSENT_DENIED);
            assertRejected(judge(read("au1", "r1", Purpose.TREATMENT, T)), RejectionReason.CONSENT_DENIED);
        }

        @Test
        void consentOutsideItsValidityPeriodDenies() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));

            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T.minusMillis(1))),
                    RejectionReason.CONSENT_DENIED);
            assertAccepted(judge(read("dr1", "r1", Purpose.TREATMENT, T)));
            assertAccepted(judge(read("dr1", "r1", Purpose.TREATMENT, T.plus(HOUR).minusMillis(1))));
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T.plus(HOUR))), RejectionReason.CONSENT_DENIED);
        }

        @Test
        void revokedConsentBlocksLaterReads() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertAccepted(judge(read("dr1", "r1", Purpose.TREATMENT, T.plusSeconds(1))));

            assertAccepted(judge(initiator.consentRevoked("p1", "p1", "c1", T.plusSeconds(2))));

            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T.plusSeconds(3))), RejectionReason.CONSENT_DENIED);
            // later in the patient's order binds, even when the reader's clock said earlier
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T.plusSeconds(1))), RejectionReason.CONSENT_DENIED);
        }

        @Test
        void anotherConsentStillInForcePermitsAfterARevocation() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertAccepted(judge(grant("c2", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertAccepted(judge(initiator.consentRevoked("p1", "p1", "c1", T)));
            assertAccepted(judge(read("dr1", "r1", Purpose.TREATMENT, T)));
        }

        @Test
        void deniedReaderLearnsNothingAboutWhichRecordsExist() {
            var ofMissing = (Verdict.Rejected) judge(read("dr1", "r9", Purpose.TREATMENT, T));
            var ofExisting = (Verdict.Rejected) judge(read("dr1", "r1", Purpose.TREATMENT, T));
            assertThat(ofMissing.reason()).isEqualTo(RejectionReason.CONSENT_DENIED);
            assertThat(ofMissing).isEqualTo(ofExisting);
        }

        @Test
        void consentedReaderOfARecordThatDoesNotExistIsRejectedUnknownRecord() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertRejected(judge(read("dr1", "r9", Purpose.TREATMENT, T)), RejectionReason.UNKNOWN_RECORD);
        }

        @Test
        void consentOfOnePatientDoesNotOpenAnotherPatientsRecord() {
            assertAccepted(judge(initiator.patient("p2", T)));
            assertAccepted(judge(initiator.recordAdded("p2", "p2", "r2", T)));
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            // p1's consent, p2's record named under p1: the record is not p1's
            assertRejected(judge(read("dr1", "r2", Purpose.TREATMENT, T)), RejectionReason.UNKNOWN_RECORD);
            assertRejected(judge(initiator.recordAccessed("p2", "dr1", "r2", Purpose.TREATMENT, T)),
                    RejectionReason.CONSENT_DENIED);
        }
    }

    @Nested
    class AccessDenied {

        @Test
        void refusalBetweenRegisteredPartiesIsRecorded() {
            registerPatientDoctorAndRecord();
            var attempt = read("dr1", "r1", Purpose.TREATMENT, T);
            assertRejected(judge(attempt), RejectionReason.CONSENT_DENIED);
            assertThat(judge(initiator.accessDenied(attempt, RejectionReason.CONSENT_DENIED, T)))
                    .isEqualTo(new Verdict.Accepted(new Change.Nothing()));
        }

        @Test
        void refusalByAnUnregisteredReaderIsRejectedAndOfAnUnregisteredPatientIsRecorded() {
            registerPatientDoctorAndRecord();
            var byStranger = read("dr9", "r1", Purpose.TREATMENT, T);
            assertRejected(judge(initiator.accessDenied(byStranger, RejectionReason.CONSENT_DENIED, T)),
                    RejectionReason.UNKNOWN_ACTOR);
            // a refusal concerning a patient id nobody registered is recorded like any other: the reader learns
            // nothing from it, and the probe stays on the ledger
            var ofStranger = initiator.recordAccessed("p9", "dr1", "r1", Purpose.TREATMENT, T);
            assertAccepted(judge(initiator.accessDenied(ofStranger, RejectionReason.CONSENT_DENIED, T)));
        }

        @Test
        void aRefusedWriteIsRecordedAsARefusalOfActionWriteAndNoOtherActionIsNamed() {
            registerPatientDoctorAndRecord();
            var attempt = withMeta(initiator.recordAdded("p1", "dr1", "r2", T), Metadata.PURPOSE, "TREATMENT");
            assertRejected(judge(attempt), RejectionReason.CONSENT_DENIED);
            var refusal = initiator.accessDenied(attempt, RejectionReason.CONSENT_DENIED, T);

            assertAccepted(judge(withMeta(refusal, Metadata.ACTION, Metadata.WRITE)));
            assertRejected(judge(withMeta(refusal, Metadata.ACTION, "read")), RejectionReason.SCHEMA_INVALID)
                    .startsWith("metadata.action");
            assertThat(facts.record("r2")).as("a refused write adds no record").isEmpty();
        }
    }

    /** The consent rules (docs/consent-rules.md) as the engine applies them to transactions. */
    @Nested
    class ConsentRulesApplied {

        @BeforeEach
        void parties() {
            registerPatientDoctorAndRecord();
            assertAccepted(judge(initiator.identity("son", Role.PATIENT, T)));
            assertAccepted(judge(withMeta(initiator.recordAdded("p1", "p1", "r-psy", T), Metadata.SECURITY_LABELS, "PSY")));
        }

        private Transaction delegation() {
            return withMeta(grant("c-son", "son", Purpose.PATIENT_REQUEST, T, T.plus(HOUR)), Metadata.ACTION, "manage");
        }

        @Test
        void aDelegateGrantsAndRevokesConsentsOnThePatientsBehalf() {
            var byTheSon = initiator.madeBy("son",
                    initiator.consentGranted("p1", "c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR), T));
            assertRejected(judge(byTheSon), RejectionReason.ROLE_NOT_ALLOWED).contains("or their delegate");

            assertAccepted(judge(delegation()));
            assertAccepted(judge(byTheSon));
            assertAccepted(judge(read("dr1", "r1", Purpose.TREATMENT, T)));
            var revocation = initiator.consentRevoked("p1", "p1", "c1", T);
            assertAccepted(judge(initiator.madeBy("son", revocation)));
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T)), RejectionReason.CONSENT_DENIED)
                    .contains("REVOKED");
        }

        @Test
        void aDelegateCannotMakeAnotherDelegate() {
            assertAccepted(judge(delegation()));
            var passOn = withMeta(grant("c-dr", "dr1", Purpose.PATIENT_REQUEST, T, T.plus(HOUR)), Metadata.ACTION,
                    "manage");
            passOn = initiator.madeBy("son", passOn);
            assertRejected(judge(passOn), RejectionReason.ROLE_NOT_ALLOWED).contains("cannot pass that on");
        }

        @Test
        void anExceptionKeepsMentalHealthRecordsFromTheGp() {
            assertAccepted(judge(withMeta(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), Metadata.EXCEPTIONS,
                    "[{\"securityLabels\":\"PSY\"}]")));
            assertAccepted(judge(read("dr1", "r1", Purpose.TREATMENT, T)));
            assertRejected(judge(read("dr1", "r-psy", Purpose.TREATMENT, T)), RejectionReason.CONSENT_DENIED)
                    .contains("DENIED_BY_EXCEPTION", "c1");
        }

        @Test
        void aDenyingConsentOverridesAPermittingOne() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertAccepted(judge(withMeta(grant("c-no", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), Metadata.DECISION,
                    "deny")));
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T)), RejectionReason.CONSENT_DENIED)
                    .contains("DENIED_BY_CONSENT", "c-no");
        }

        @Test
        void aReadNamingItsConsentIsJudgedByThatConsent() {
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            var read = read("dr1", "r1", Purpose.TREATMENT, T);
            var underC1 = withMeta(withMeta(read, Metadata.CONSENT_RULES, "1"), Metadata.CONSENT_ID, "c1");
            assertAccepted(judge(underC1));
            var underC2 = withMeta(withMeta(read, Metadata.CONSENT_RULES, "1"), Metadata.CONSENT_ID, "c2");
            assertRejected(judge(underC2), RejectionReason.CONSENT_DENIED).contains("NO_CONSENT", "c2");
        }

        @Test
        void aConsentMayNameCliniciansByRoleOrOrganization() {
            assertAccepted(judge(withMeta(initiator.identity("dr2", Role.CLINICIAN, T), Metadata.ORGANIZATION, "st-marys")));
            assertAccepted(judge(withMeta(grant("c-org", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), Metadata.GRANTEE,
                    "org:st-marys")));
            assertAccepted(judge(withMeta(grant("c-role", "dr1", Purpose.EMERGENCY, T, T.plus(HOUR)), Metadata.GRANTEE,
                    "role:CLINICIAN")));

            assertAccepted(judge(read("dr2", "r1", Purpose.TREATMENT, T)));
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T)), RejectionReason.CONSENT_DENIED)
                    .contains("PURPOSE_NOT_GRANTED", "c-role");
            assertAccepted(judge(read("dr1", "r1", Purpose.EMERGENCY, T)));
        }

        @Test
        void aGranteeNamedByIdMustBeRegistered() {
            assertRejected(judge(withMeta(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)), Metadata.GRANTEE,
                    "dr1,dr-nobody")), RejectionReason.UNKNOWN_ACTOR).contains("dr-nobody");
        }
    }

    /** What an accepted transaction changes, derived from it alone: how a replay applies it without judging it again. */
    @Nested
    class EmergencyAccess {

        private static final Duration MINUTE = Duration.ofMinutes(1);

        @BeforeEach
        void parties() {
            registerPatientDoctorAndRecord();
            assertAccepted(judge(initiator.identity("dr2", Role.CLINICIAN, T)));
        }

        private Transaction breakGlass(String actor, String consentId, Duration open) {
            return initiator.emergencyAccess("p1", actor, consentId, T.plus(open), T);
        }

        private Transaction emergencyRead(String actor, Instant at) {
            return read(actor, "r1", Purpose.EMERGENCY, at);
        }

        /** p1's consent denying every clinician emergency reads. */
        private Transaction denyEmergencies(String consentId) {
            return withMeta(grant(consentId, "role:CLINICIAN", Purpose.EMERGENCY, T.minus(HOUR), T.plus(HOUR)),
                    Metadata.DECISION, "deny");
        }

        @Test
        void aBreakGlassLetsItsClinicianReadForEmergencyUntilItsWindowCloses() {
            assertAccepted(judge(breakGlass("dr1", "bg1", Duration.ofMinutes(30))));

            assertAccepted(judge(emergencyRead("dr1", T.plus(MINUTE))));
            assertAccepted(judge(withMeta(withMeta(emergencyRead("dr1", T.plus(MINUTE)), Metadata.CONSENT_RULES,
                    Metadata.CONSENT_RULES_VERSION), Metadata.CONSENT_ID, "bg1")));
            assertRejected(judge(emergencyRead("dr1", T.plus(Duration.ofMinutes(30)))), RejectionReason.CONSENT_DENIED)
                    .contains("consent bg1 ended at " + T.plus(Duration.ofMinutes(30)));
        }

        @Test
        void aBreakGlassPermitsNeitherAnotherPurposeNorAnotherClinician() {
            assertAccepted(judge(breakGlass("dr1", "bg1", HOUR)));

            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T.plus(MINUTE))), RejectionReason.CONSENT_DENIED)
                    .contains("grants purposes [EMERGENCY], not TREATMENT");
            assertRejected(judge(emergencyRead("dr2", T.plus(MINUTE))), RejectionReason.CONSENT_DENIED);
        }

        @Test
        void aWindowLongerThanThePolicyAllowsOrEndingBeforeItStartsIsRejected() {
            assertRejected(judge(breakGlass("dr1", "bg1", HOUR.plus(MINUTE))), RejectionReason.EMERGENCY_WINDOW_INVALID)
                    .contains("at most PT1H");
            assertRejected(judge(breakGlass("dr1", "bg2", Duration.ZERO)), RejectionReason.EMERGENCY_WINDOW_INVALID);
            assertRejected(judge(breakGlass("dr1", "bg3", MINUTE.negated())), RejectionReason.EMERGENCY_WINDOW_INVALID);
        }

        @Test
        void onlyARegisteredClinicianBreaksTheGlass() {
            assertRejected(judge(breakGlass("au1", "bg1", HOUR)), RejectionReason.ROLE_NOT_ALLOWED)
                    .contains("only a CLINICIAN breaks the glass");
            assertRejected(judge(breakGlass("dr9", "bg1", HOUR)), RejectionReason.UNKNOWN_ACTOR);
        }

        @Test
        void aBreakGlassNotSignedByItsClinicianIsRejected() {
            var unsigned = initiator.sign(initiator.unsigned(TransactionType.EMERGENCY_ACCESS, "p1", "dr1", Map.of(
                    Metadata.CONSENT_ID, "bg1", Metadata.PURPOSE, Purpose.EMERGENCY.name(),
                    Metadata.VALID_UNTIL, T.plus(HOUR).toString()), T));

            var byDr1 = breakGlass("dr1", "bg1", HOUR);
            var claimedByDr2 = initiator.sign(new Transaction(byDr1.id(), byDr1.type(), byDr1.patientId(), "dr2",
                    byDr1.payloadHash(), byDr1.metadata(), byDr1.submittedAt(), byDr1.initiator(), null));

            assertRejected(judge(unsigned), RejectionReason.USER_SIGNATURE_INVALID);
            assertRejected(judge(claimedByDr2), RejectionReason.USER_SIGNATURE_INVALID);
        }

        @Test
        void aBreakGlassOnAnUnknownPatientOrUnderATakenIdIsRejected() {
            assertRejected(judge(initiator.emergencyAccess("p9", "dr1", "bg1", T.plus(HOUR), T)),
                    RejectionReason.UNKNOWN_PATIENT);
            assertAccepted(judge(grant("c1", "dr2", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertRejected(judge(breakGlass("dr1", "c1", HOUR)), RejectionReason.DUPLICATE);
        }

        @Test
        void aBreakGlassIsShapedLikeOne() {
            var treatment = withMeta(breakGlass("dr1", "bg1", HOUR), Metadata.PURPOSE, Purpose.TREATMENT.name());
            var own = initiator.emergencyAccess("p1", "p1", "bg1", T.plus(HOUR), T);
            var endless = withMeta(breakGlass("dr1", "bg1", HOUR), Metadata.VALID_UNTIL, "soon");

            assertRejected(judge(treatment), RejectionReason.SCHEMA_INVALID).contains("is EMERGENCY");
            assertRejected(judge(own), RejectionReason.SCHEMA_INVALID).contains("her own records");
            assertRejected(judge(endless), RejectionReason.SCHEMA_INVALID).contains("metadata.validUntil");
        }

        @Test
        void aPatientsDenyOfEmergencyReadsStopsABreakGlassAndTheReadsUnderOne() {
            assertAccepted(judge(breakGlass("dr2", "bg2", HOUR)));
            assertAccepted(judge(denyEmergencies("no-emergencies")));

            assertRejected(judge(breakGlass("dr1", "bg1", HOUR)), RejectionReason.CONSENT_DENIED)
                    .contains("denies dr1 emergency reads", "no-emergencies");
            assertRejected(judge(emergencyRead("dr2", T.plus(MINUTE))), RejectionReason.CONSENT_DENIED)
                    .contains("no-emergencies");
        }

        @Test
        void aPolicyThatOverridesThePatientsDenyLetsTheBreakGlassDecide() {
            var overriding = new ConsentEngine(new TrustedInitiators(TrustedKeys.fromX509(List.of(
                    initiator.publicKey()))), new EmergencyPolicy(HOUR, EmergencyPolicy.PatientDeny.OVERRIDDEN));
            assertAccepted(judge(denyEmergencies("no-emergencies")));

            assertAccepted(facts.apply(overriding.evaluate(breakGlass("dr1", "bg1", HOUR), facts)));
            assertAccepted(facts.apply(overriding.evaluate(emergencyRead("dr1", T.plus(MINUTE)), facts)));
            assertRejected(facts.apply(overriding.evaluate(emergencyRead("dr2", T.plus(MINUTE)), facts)),
                    RejectionReason.CONSENT_DENIED);
        }

        @Test
        void thePatientAndAnAuditorForOperationsReadTheReasonOfABreakGlassAndNobodyElse() {
            assertAccepted(judge(breakGlass("dr1", "bg1", HOUR)));

            assertAccepted(judge(initiator.recordAccessed("p1", "p1", "bg1", Purpose.PATIENT_REQUEST, T)));
            assertAccepted(judge(initiator.recordAccessed("p1", "au1", "bg1", Purpose.OPERATIONS, T)));
            assertRejected(judge(initiator.recordAccessed("p1", "au1", "bg1", Purpose.TREATMENT, T)),
                    RejectionReason.CONSENT_DENIED).contains("an auditor reads only the reason of a break-glass");
            assertRejected(judge(initiator.recordAccessed("p1", "au1", "r1", Purpose.OPERATIONS, T)),
                    RejectionReason.CONSENT_DENIED);
            assertRejected(judge(read("dr2", "bg1", Purpose.TREATMENT, T)), RejectionReason.CONSENT_DENIED);
        }

        @Test
        void anAuditorReviewsABreakGlassSignedByHerAndAgainIfNeedBe() {
            assertAccepted(judge(breakGlass("dr1", "bg1", HOUR)));
            assertAccepted(judge(grant("c1", "dr2", Purpose.TREATMENT, T, T.plus(HOUR))));

            assertThat(judge(initiator.emergencyReviewed("p1", "au1", "bg1", ReviewFinding.JUSTIFIED, T.plus(HOUR))))
                    .isEqualTo(new Verdict.Accepted(new Change.Nothing()));
            assertAccepted(judge(initiator.emergencyReviewed("p1", "au1", "bg1", ReviewFinding.UNJUSTIFIED,
                    T.plus(HOUR))));
            assertRejected(judge(initiator.emergencyReviewed("p1", "dr2", "bg1", ReviewFinding.JUSTIFIED, T)),
                    RejectionReason.ROLE_NOT_ALLOWED).contains("only an AUDITOR reviews");
            assertRejected(judge(initiator.emergencyReviewed("p1", "au1", "c1", ReviewFinding.JUSTIFIED, T)),
                    RejectionReason.UNKNOWN_CONSENT).contains("has no break-glass c1");
            assertRejected(judge(initiator.sign(initiator.unsigned(TransactionType.EMERGENCY_REVIEWED, "p1", "au1",
                            Map.of(Metadata.CONSENT_ID, "bg1", Metadata.FINDING, "JUSTIFIED"), T))),
                    RejectionReason.USER_SIGNATURE_INVALID);
            assertRejected(judge(withMeta(initiator.emergencyReviewed("p1", "au1", "bg1", ReviewFinding.JUSTIFIED, T),
                    Metadata.FINDING, "FINE")), RejectionReason.SCHEMA_INVALID).contains("metadata.finding");
        }

        @Test
        void aBreakGlassIdCannotBeARecordsEither() {
            assertRejected(judge(breakGlass("dr1", "r1", HOUR)), RejectionReason.DUPLICATE);
        }

        @Test
        void aBreakGlassChangesTheStateAsAConsentMarkedAsOneAndItsReasonAsARecord() {
            var breakGlass = breakGlass("dr1", "bg1", HOUR);

            var change = (Change.NewBreakGlass) ConsentEngine.changeOf(breakGlass);

            assertThat(change.window()).isEqualTo(Consent.breakGlass(breakGlass));
            assertThat(change.window().breakGlass()).isTrue();
            assertThat(change.window().grantedByTx()).isEqualTo(breakGlass.id());
            assertThat(change.reason()).isEqualTo(new Change.NewRecord("bg1", "p1", null, Set.of(), breakGlass.id()));
            assertThat(Consent.granted("c1", "p1", grant("c1", "dr1", Purpose.EMERGENCY, T, T.plus(HOUR)).metadata(),
                    "tx").breakGlass()).isFalse();
        }
    }

    @Nested
    class RecordErased {

        @BeforeEach
        void parties() {
            registerPatientDoctorAndRecord();
        }

        @Test
        void thePatientErasesHerRecordSignedAndNothingOfItCanBeReadAfter() {
            var erasure = initiator.recordErased("p1", "p1", "r1", T);

            assertThat(judge(erasure)).isEqualTo(new Verdict.Accepted(new Change.Erasure("r1", "p1", erasure.id())));
            assertRejected(judge(initiator.recordAccessed("p1", "p1", "r1", Purpose.PATIENT_REQUEST, T)),
                    RejectionReason.RECORD_ERASED).contains(erasure.id());
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));
            assertRejected(judge(read("dr1", "r1", Purpose.TREATMENT, T)), RejectionReason.RECORD_ERASED);
            assertRejected(judge(read("dr2", "r1", Purpose.TREATMENT, T)), RejectionReason.UNKNOWN_ACTOR);
        }

        @Test
        void erasingTwiceSomeoneElsesRecordOrAsSomeoneElseIsRejected() {
            assertAccepted(judge(initiator.patient("p2", T)));
            assertAccepted(judge(initiator.recordAdded("p2", "p2", "r2", T)));
            assertAccepted(judge(grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR))));

            assertRejected(judge(initiator.recordErased("p1", "dr1", "r1", T)), RejectionReason.ROLE_NOT_ALLOWED)
                    .contains("only patient p1 erases her records");
            assertRejected(judge(initiator.recordErased("p1", "p1", "r2", T)), RejectionReason.UNKNOWN_RECORD);
            assertRejected(judge(initiator.recordErased("p9", "p9", "r1", T)), RejectionReason.UNKNOWN_PATIENT);
            assertAccepted(judge(initiator.recordErased("p1", "p1", "r1", T)));
            assertRejected(judge(initiator.recordErased("p1", "p1", "r1", T)), RejectionReason.RECORD_ERASED);
        }

        @Test
        void anErasureNotSignedByThePatientIsRejected() {
            var unsigned = initiator.sign(initiator.unsigned(TransactionType.RECORD_ERASED, "p1", "p1",
                    Map.of(Metadata.RECORD_ID, "r1"), T));

            assertRejected(judge(unsigned), RejectionReason.USER_SIGNATURE_INVALID);
            assertThat(facts.record("r1").orElseThrow().erased()).isFalse();
        }

        @Test
        void theReasonOfABreakGlassIsKeptForItsReview() {
            assertAccepted(judge(initiator.emergencyAccess("p1", "dr1", "bg1", T.plus(HOUR), T)));

            assertRejected(judge(initiator.recordErased("p1", "p1", "bg1", T)), RejectionReason.ROLE_NOT_ALLOWED)
                    .contains("kept for its review");
        }

        @Test
        void theVaultOfTheSigningInitiatorConfirmsAnErasureOfTheRecordItNames() {
            var erasure = initiator.recordErased("p1", "p1", "r1", T);
            assertAccepted(judge(erasure));
            assertAccepted(judge(initiator.recordAdded("p1", "p1", "r2", T)));

            assertThat(judge(initiator.erasureConfirmed("p1", "r1", erasure.id(), T)))
                    .isEqualTo(new Verdict.Accepted(new Change.Nothing()));
            assertRejected(judge(initiator.erasureConfirmed("p1", "r2", erasure.id(), T)),
                    RejectionReason.UNKNOWN_RECORD);
            var byAnother = initiator.sign(initiator.unsigned(TransactionType.ERASURE_CONFIRMED, "p1", "vault-other",
                    Map.of(Metadata.RECORD_ID, "r1", Metadata.ERASURE_ID, erasure.id()), T));
            assertRejected(judge(byAnother), RejectionReason.ROLE_NOT_ALLOWED);
        }
    }

    @Nested
    class ChangeOf {

        @Test
        void eachTypeChangesWhatItsTransactionNames() {
            var patient = initiator.patient("p1", T);
            var doctor = initiator.identity("dr1", Role.CLINICIAN, T);
            var record = initiator.recordAdded("p1", "dr1", "r1", T);
            var consent = grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR));
            var labelled = withMeta(withMeta(record, Metadata.RESOURCE_TYPE, "Condition"), Metadata.SECURITY_LABELS,
                    "PSY,HIV");
            var revocation = initiator.consentRevoked("p1", "p1", "c1", T);

            assertThat(ConsentEngine.changeOf(patient))
                    .isEqualTo(new Change.NewIdentity("p1", Role.PATIENT, patient.meta(Metadata.PUBLIC_KEY), null,
                            patient.id()));
            assertThat(ConsentEngine.changeOf(doctor))
                    .isEqualTo(new Change.NewIdentity("dr1", Role.CLINICIAN, doctor.meta(Metadata.PUBLIC_KEY), null,
                            doctor.id()));
            assertThat(ConsentEngine.changeOf(record))
                    .isEqualTo(new Change.NewRecord("r1", "p1", null, Set.of(), record.id()));
            assertThat(ConsentEngine.changeOf(labelled)).isEqualTo(new Change.NewRecord("r1", "p1", "Condition",
                    Set.of(SecurityLabel.PSY, SecurityLabel.HIV), labelled.id()));
            assertThat(ConsentEngine.changeOf(consent)).isEqualTo(new Change.NewConsent(
                    Consent.granted("c1", "p1", consent.metadata(), consent.id())));
            assertThat(ConsentEngine.changeOf(revocation)).isEqualTo(new Change.Revocation("c1", "p1", revocation.id()));
            var read = read("dr1", "r1", Purpose.TREATMENT, T);
            assertThat(ConsentEngine.changeOf(read)).isEqualTo(new Change.Nothing());
            assertThat(ConsentEngine.changeOf(initiator.accessDenied(read, RejectionReason.CONSENT_DENIED, T)))
                    .isEqualTo(new Change.Nothing());
        }

        @Test
        void aPublicKeyRegisteredWithAnIdentityIsPartOfItsChange() {
            var holder = Ed25519.SigningKey.generate();
            var key = holder.verifyingKey().toX509();
            var registration = resigned(initiator.identity("dr1", Role.CLINICIAN, T),
                    Map.of(Metadata.ROLE, Role.CLINICIAN.name(), Metadata.PUBLIC_KEY, key,
                            Metadata.KEY_PROOF, KeyPossession.prove(holder, "dr1", "CLINICIAN")));

            assertThat(ConsentEngine.changeOf(registration))
                    .isEqualTo(new Change.NewIdentity("dr1", Role.CLINICIAN, key, null, registration.id()));
        }

        @Test
        void everyAcceptanceCarriesTheChangeDerivedFromItsTransaction() {
            var story = List.of(
                    initiator.patient("p1", T),
                    initiator.identity("dr1", Role.CLINICIAN, T),
                    initiator.recordAdded("p1", "p1", "r1", T),
                    grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR)),
                    read("dr1", "r1", Purpose.TREATMENT, T.plus(Duration.ofMinutes(1))),
                    initiator.consentRevoked("p1", "p1", "c1", T),
                    initiator.recordAccessed("p1", "p1", "r1", Purpose.PATIENT_REQUEST, T));

            for (Transaction tx : story) {
                assertThat(judge(tx)).as(tx.type().name()).isEqualTo(new Verdict.Accepted(ConsentEngine.changeOf(tx)));
            }
        }

        @Test
        void theChangeDependsOnNoStateSoAReplayInAnyOrderDerivesTheSame() {
            // judged now, the consent names a grantee nobody registered: it would be rejected, yet once accepted
            // (registered in another partition, judged before it) its change is this, whatever was replayed first
            var consent = grant("c1", "dr1", Purpose.TREATMENT, T, T.plus(HOUR));

            assertRejected(judge(consent), RejectionReason.UNKNOWN_PATIENT);
            assertThat(ConsentEngine.changeOf(consent)).isEqualTo(new Change.NewConsent(
                    Consent.granted("c1", "p1", consent.metadata(), consent.id())));
        }
    }
}
