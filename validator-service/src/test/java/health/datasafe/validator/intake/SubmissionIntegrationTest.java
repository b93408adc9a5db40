package health.datasafe.validator.intake;

import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.validator.TestInitiator;
import health.datasafe.validator.ValidatorServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static health.datasafe.validator.TestInitiator.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** What the validator does with records that are forged, unreadable, redelivered or reuse an id. */
class SubmissionIntegrationTest extends ValidatorServiceTestBase {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void transactionSignedByAnUntrustedKeyIsRejectedSignatureInvalid() throws Exception {
        var forger = new TestInitiator();
        var forged = forger.patient(unique("p"), Instant.now());
        submit(forged);

        var decision = awaitDecision(forged);

        assertThat(decision.topic()).isEqualTo(Topics.TX_REJECTED);
        assertThat(decision.reason()).isEqualTo("SIGNATURE_INVALID");
        assertThat(decision.key()).isEqualTo(forged.partitionKey());
        assertThat(json.readValue(decision.value(), TransactionRejected.class).transaction()).isEqualTo(forged);
    }

    @Test
    void transactionAlteredAfterSigningIsRejectedSignatureInvalid() throws Exception {
        var genuine = INITIATOR.patient(unique("p"), Instant.now());
        var altered = new Transaction(genuine.id(), genuine.type(), genuine.patientId(), genuine.actorId(),
                genuine.payloadHash(), genuine.metadata(), genuine.submittedAt().plusMillis(1), genuine.initiator(),
                genuine.signature());
        submit(altered);

        assertThat(awaitDecision(altered).reason()).isEqualTo("SIGNATURE_INVALID");
        // the forgery did not take the id: the genuine transaction is still validated
        submit(genuine);
        assertThat(awaitDecisions(genuine, 2).get(1).validated()).isTrue();
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicAndTheNextRecordIsValidated() throws Exception {
        String patient = unique("p");
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n', (byte) 0x80};
        byte[] notASubmission = ("{\"hello\":\"" + patient + "\"}").getBytes(StandardCharsets.UTF_8);
        var next = INITIATOR.patient(patient, Instant.now());
        // same key, same partition: the good record comes after the bad ones
        submitRaw(patient, garbage);
        submitRaw(patient, notASubmission);
        var nextRecord = submit(next);

        assertThat(awaitDecision(next).validated()).isTrue();
        // all three offsets were committed with their Kafka transactions, the dead-lettered ones included
        awaitConsumedPast(nextRecord);
        var deadGarbage = awaitDeadLetter(value -> Arrays.equals(value, garbage));
        assertThat(deadGarbage.key()).isEqualTo(patient);
        assertThat(deadGarbage.headers().get(Topics.REASON_HEADER)).startsWith("not a TransactionSubmitted");
        var deadJson = awaitDeadLetter(value -> Arrays.equals(value, notASubmission));
        assertThat(deadJson.headers().get(Topics.REASON_HEADER))
                .isEqualTo("not a TransactionSubmitted: no transaction");
    }

    @Test
    void redeliveredTransactionGetsTheSameDecisionAndIsAppliedOnce() throws Exception {
        String patient = unique("p");
        String doctor = unique("dr");
        String consent = unique("c");
        Instant now = Instant.now();
        var registerPatient = INITIATOR.patient(patient, now);
        var registerDoctor = INITIATOR.identity(doctor, Role.CLINICIAN, now);
        submit(registerPatient);
        submit(registerDoctor);
        awaitDecision(registerDoctor);
        var deniedRead = INITIATOR.recordAccessed(patient, doctor, unique("rec"), Purpose.TREATMENT, Instant.now());
        var grant = INITIATOR.consentGranted(patient, consent, doctor, Purpose.TREATMENT, now,
                now.plus(Duration.ofDays(1)), Instant.now());
        submit(deniedRead);
        submit(grant);
        awaitDecision(grant);

        // the same records again, as after a crash between the database commit and the Kafka commit
        submit(registerPatient);
        submit(grant);
        submit(deniedRead);

        var patientDecisions = awaitDecisions(registerPatient, 2);
        assertThat(patientDecisions).allMatch(Output::validated);
        assertThat(patientDecisions.get(1).value()).isEqualTo(patientDecisions.get(0).value());
        var grantDecisions = awaitDecisions(grant, 2);
        assertThat(grantDecisions).allMatch(Output::validated);
        assertThat(grantDecisions.get(1).value()).isEqualTo(grantDecisions.get(0).value());
        // decided once: still CONSENT_DENIED, though a consent exists by now, with the first decision's time
        var readDecisions = awaitDecisions(deniedRead, 2);
        assertThat(readDecisions).extracting(Output::reason).containsOnly("CONSENT_DENIED");
        assertThat(readDecisions.get(1).value()).isEqualTo(readDecisions.get(0).value());

        assertThat(count("SELECT count(*) FROM identities WHERE actor_id = ?", patient)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM consents WHERE consent_id = ?", consent)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM decisions WHERE tx_id IN (?, ?, ?)",
                registerPatient.id(), grant.id(), deniedRead.id())).isEqualTo(3);
    }

    @Test
    void anotherTransactionReusingAnIdIsRejectedDuplicate() throws Exception {
        String patient = unique("p");
        var first = INITIATOR.patient(patient, Instant.now());
        submit(first);
        assertThat(awaitDecision(first).validated()).isTrue();

        var reused = INITIATOR.sign(new Transaction(first.id(), first.type(), patient, patient, first.payloadHash(),
                first.metadata(), first.submittedAt().plusMillis(5), first.initiator(), null));
        submit(reused);

        var decisions = awaitDecisions(first, 2);
        assertThat(decisions.get(1).reason()).isEqualTo("DUPLICATE");
        assertThat(decisions.get(1).detail()).contains(first.id());
        assertThat(json.readValue(decisions.get(1).value(), TransactionRejected.class).transaction())
                .isEqualTo(reused);
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
