package health.datasafe.validator;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionType;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.integrity.Decisions;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.UserSignatures;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.TrustedKeys;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static health.datasafe.validator.TestInitiator.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The paper's story through the running validator: who may read a patient's record, and when. */
class ConsentStoryIntegrationTest extends ValidatorServiceTestBase {

    @Test
    void doctorReadsOnlyWhileThePatientsConsentIsInForce() throws Exception {
        String patient = unique("p");
        String doctor = unique("dr");
        String record = unique("rec");
        String consent = unique("c");
        Instant now = Instant.now();

        var registerPatient = INITIATOR.patient(patient, now);
        var registerDoctor = INITIATOR.identity(doctor, Role.CLINICIAN, now);
        submit(registerPatient);
        submit(registerDoctor);
        assertValidated(registerPatient);
        assertValidated(registerDoctor);

        var writeWithoutConsent = INITIATOR.recordAdded(patient, doctor, record, Instant.now());
        submit(writeWithoutConsent);
        assertThat(awaitDecision(writeWithoutConsent).reason()).isEqualTo("CONSENT_DENIED");
        var addRecord = INITIATOR.recordAdded(patient, patient, record, Instant.now());
        submit(addRecord);
        assertValidated(addRecord);

        var readWithoutConsent = INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, Instant.now());
        submit(readWithoutConsent);
        var denied = awaitDecision(readWithoutConsent);
        assertThat(denied.reason()).isEqualTo("CONSENT_DENIED");
        assertThat(denied.topic()).isEqualTo(Topics.TX_REJECTED);
        assertThat(denied.key()).isEqualTo(patient);

        var grant = INITIATOR.consentGranted(patient, consent, doctor, Purpose.TREATMENT,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), Instant.now());
        var readWithConsent = INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, Instant.now());
        var revoke = INITIATOR.consentRevoked(patient, patient, consent, Instant.now());
        var readAfterRevocation = INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, Instant.now());
        var patientReadsOwnRecord = INITIATOR.recordAccessed(patient, patient, record, Purpose.PATIENT_REQUEST,
                Instant.now());
        // one patient, one partition: submitted back to back, decided in this order
        submit(grant);
        submit(readWithConsent);
        submit(revoke);
        submit(readAfterRevocation);
        submit(patientReadsOwnRecord);

        assertValidated(grant);
        var read = assertValidated(readWithConsent);
        var published = json.readValue(read.value(), TransactionValidated.class);
        assertThat(published.transaction()).isEqualTo(readWithConsent);
        assertThat(published.txHash()).isEqualTo(Transactions.hash(readWithConsent));
        assertThat(published.validator()).isEqualTo(VALIDATOR_ID);
        assertThat(published.signer()).isEqualTo(VALIDATOR_KEY.verifyingKey().keyId());
        Decisions.verify(published, TrustedKeys.of(List.of(VALIDATOR_KEY.verifyingKey())));
        var rejection = json.readValue(awaitDecision(readAfterRevocation).value(), TransactionRejected.class);
        assertThat(rejection.txHash()).isEqualTo(Transactions.hash(readAfterRevocation));
        Decisions.verify(rejection, TrustedKeys.of(List.of(VALIDATOR_KEY.verifyingKey())));
        await().atMost(PATIENCE).until(() -> epochEndAfter(read) != null);
        EpochMark end = epochEndAfter(read);
        assertThat(end.end().shard()).isEqualTo(end.partition());
        Decisions.verify(end.end(), TrustedKeys.of(List.of(VALIDATOR_KEY.verifyingKey())));
        assertThat(read.key()).isEqualTo(patient);
        assertValidated(revoke);
        assertThat(awaitDecision(readAfterRevocation).reason()).isEqualTo("CONSENT_DENIED");
        assertValidated(patientReadsOwnRecord);
    }

    @Test
    void deniedReaderIsToldConsentDeniedWhetherOrNotTheRecordExists() throws Exception {
        String patient = unique("p");
        String nurse = unique("nurse");
        var registerPatient = INITIATOR.patient(patient, Instant.now());
        var registerNurse = INITIATOR.identity(nurse, Role.CLINICIAN, Instant.now());
        submit(registerPatient);
        submit(registerNurse);
        assertValidated(registerPatient);
        assertValidated(registerNurse);

        var readOfMissingRecord = INITIATOR.recordAccessed(patient, nurse, unique("rec"), Purpose.TREATMENT,
                Instant.now());
        submit(readOfMissingRecord);

        assertThat(awaitDecision(readOfMissingRecord).reason()).isEqualTo("CONSENT_DENIED");
    }

    @Test
    void aKeyRegisteredWithoutItsHoldersProofIsRejectedAndTheIdentityStaysFree() throws Exception {
        String patient = unique("p");
        var holder = Ed25519.SigningKey.generate();
        String publicKey = holder.verifyingKey().toX509();
        // the initiator's envelope is genuine; the proof inside is someone else's
        var forged = INITIATOR.sign(INITIATOR.unsigned(TransactionType.IDENTITY_REGISTERED, patient, patient,
                Map.of(Metadata.ROLE, "PATIENT", Metadata.PUBLIC_KEY, publicKey,
                        Metadata.KEY_PROOF, KeyPossession.prove(Ed25519.SigningKey.generate(), patient, "PATIENT")),
                Instant.now()));
        submit(forged);

        Output refused = awaitDecision(forged);
        assertThat(refused.validated()).isFalse();
        assertThat(refused.reason()).isEqualTo("KEY_NOT_PROVEN");

        var genuine = INITIATOR.sign(INITIATOR.unsigned(TransactionType.IDENTITY_REGISTERED, patient, patient,
                Map.of(Metadata.ROLE, "PATIENT", Metadata.PUBLIC_KEY, publicKey,
                        Metadata.KEY_PROOF, KeyPossession.prove(holder, patient, "PATIENT")), Instant.now()));
        submit(genuine);
        assertValidated(genuine);
    }

    @Test
    void aConsentForgedWithTheInitiatorKeyAloneIsRejectedAndTheOneThePatientSignedIsValidated() throws Exception {
        String patient = unique("p");
        String doctor = unique("dr");
        var patientKey = Ed25519.SigningKey.generate();
        Instant now = Instant.now();
        var registerPatient = INITIATOR.sign(INITIATOR.unsigned(TransactionType.IDENTITY_REGISTERED, patient, patient,
                Map.of(Metadata.ROLE, "PATIENT", Metadata.PUBLIC_KEY, patientKey.verifyingKey().toX509(),
                        Metadata.KEY_PROOF, KeyPossession.prove(patientKey, patient, "PATIENT")), now));
        var registerDoctor = INITIATOR.identity(doctor, Role.CLINICIAN, now);
        submit(registerPatient);
        submit(registerDoctor);
        assertValidated(registerPatient);
        assertValidated(registerDoctor);

        var forged = INITIATOR.consentGranted(patient, unique("c"), doctor, Purpose.TREATMENT, now,
                now.plus(Duration.ofHours(1)), now);
        submit(forged);
        Output refused = awaitDecision(forged);
        assertThat(refused.validated()).isFalse();
        assertThat(refused.reason()).isEqualTo("USER_SIGNATURE_INVALID");

        var metadata = new HashMap<>(forged.metadata());
        metadata.put(Metadata.CONSENT_ID, unique("c"));
        metadata.put(Metadata.NOT_AFTER, now.plus(Duration.ofMinutes(5)).toString());
        metadata.put(Metadata.USER_SIGNATURE,
                UserSignatures.sign(patientKey, TransactionType.CONSENT_GRANTED, patient, patient, metadata));
        var signed = INITIATOR.sign(INITIATOR.unsigned(TransactionType.CONSENT_GRANTED, patient, patient, metadata, now));
        submit(signed);
        assertValidated(signed);
    }

    private Output assertValidated(Transaction tx) {
        Output output = awaitDecision(tx);
        assertThat(output.validated()).as(output.reason() + ": " + output.detail()).isTrue();
        assertThat(output.txHash()).isEqualTo(Transactions.hash(tx));
        return output;
    }
}
