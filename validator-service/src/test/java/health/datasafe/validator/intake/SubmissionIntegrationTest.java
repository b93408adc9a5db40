package health.datasafe.validator.intake;

import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.devsupport.Poison;
import health.datasafe.integrity.Transactions;
import health.datasafe.validator.TestInitiator;
import health.datasafe.validator.ValidatorServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static health.datasafe.validator.TestInitiator.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** What the validator does with records that are forged, unreadable, redelivered or reuse an id. */
class SubmissionIntegrationTest extends ValidatorServiceTestBase {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void transactionSignedByAnUntrustedKeyIsDeadLetteredAndNothingIsDecided() throws Exception {
        String patient = unique("p");
        var forged = new TestInitiator().patient(patient, Instant.now());
        byte[] value = submitted(forged);
        submitRaw(patient, value);
        var next = INITIATOR.patient(unique("p"), Instant.now());
        submit(next);

        assertThat(awaitDecision(next).validated()).isTrue();
        var dead = awaitDeadLetter(v -> Arrays.equals(v, value));
        assertThat(dead.key()).isEqualTo(patient);
        assertThat(dead.reason()).startsWith("SIGNATURE_INVALID: initiator").contains("is not a trusted key");
        assertThat(dead.headers()).containsEntry("kafka_dlt-original-topic", Topics.TX_SUBMITTED);
        assertThat(decisionsSoFar(forged)).isEmpty();
    }

    @Test
    void transactionAlteredAfterSigningIsDeadLetteredAndTheGenuineOneIsStillValidated() throws Exception {
        var genuine = INITIATOR.patient(unique("p"), Instant.now());
        var altered = new Transaction(genuine.id(), genuine.type(), genuine.patientId(), genuine.actorId(),
                genuine.payloadHash(), genuine.metadata(), genuine.submittedAt().plusMillis(1), genuine.initiator(),
                genuine.signature());
        byte[] value = submitted(altered);
        submitRaw(altered.partitionKey(), value);
        // the forgery did not take the id: the genuine transaction is validated
        submit(genuine);

        assertThat(awaitDecision(genuine).validated()).isTrue();
        assertThat(awaitDeadLetter(v -> Arrays.equals(v, value)).reason()).startsWith("SIGNATURE_INVALID: signature does not verify");
        assertThat(decisionsSoFar(genuine)).hasSize(1);
    }

    @Test
    void aLoneSurrogateInAFieldStopsNothing() throws Exception {
        String patient = unique("p");
        var registration = INITIATOR.patient(patient, Instant.now());
        String poisoned = new String(submitted(INITIATOR.patient(patient, Instant.now())), StandardCharsets.UTF_8)
                .replace("\"actorId\":\"" + patient + "\"", "\"actorId\":\"x\\ud800y\"");
        assertThat(poisoned).contains("x\\ud800y");
        submitRaw(patient, poisoned.getBytes(StandardCharsets.UTF_8));
        submit(registration);
        var elsewhere = INITIATOR.patient(unique("q"), Instant.now());
        submit(elsewhere);

        assertThat(awaitDecision(registration).validated()).isTrue();
        assertThat(awaitDecision(elsewhere).validated()).isTrue();
        assertThat(awaitDeadLetter(v -> Arrays.equals(v, poisoned.getBytes(StandardCharsets.UTF_8))).reason())
                .contains("lone surrogate");
    }

    @Test
    void everyPoisonIsDeadLetteredWithItsReasonAndTheNextRecordIsValidated() throws Exception {
        String patient = unique("p");
        var valid = INITIATOR.patient(patient, Instant.now());
        var poisons = new ArrayList<>(Poison.around(new String(submitted(valid), StandardCharsets.UTF_8)));
        poisons.add(new Poison("bytes that are not text", new byte[]{(byte) 0xff, (byte) 0xfe, 'n', 'o', (byte) 0x80}));
        poisons.add(new Poison("an object without a transaction",
                ("{\"hello\":\"" + patient + "\"}").getBytes(StandardCharsets.UTF_8)));
        poisons.add(new Poison("an unknown transaction type", new String(submitted(INITIATOR.patient(patient,
                Instant.now())), StandardCharsets.UTF_8).replace("\"IDENTITY_REGISTERED\"", "\"IDENTITY_TELEPORTED\"")
                .getBytes(StandardCharsets.UTF_8)));
        var noRole = INITIATOR.sign(new Transaction(UUID.randomUUID().toString(), valid.type(), patient, patient,
                valid.payloadHash(), Map.of(), valid.submittedAt(), valid.initiator(), null));
        poisons.add(new Poison("a transaction that breaks the schema", submitted(noRole)));
        for (Poison poison : poisons) {
            submitRaw(patient, poison.value());
        }
        var next = INITIATOR.patient(patient, Instant.now());
        var nextRecord = submit(next);

        assertThat(awaitDecision(next).validated()).isTrue();
        // every offset was committed with its Kafka transaction, the dead-lettered ones included
        awaitConsumedPast(nextRecord);
        var dead = awaitDeadLetters(poisons.stream().map(Poison::value).toList());
        for (int i = 0; i < poisons.size(); i++) {
            assertThat(dead.get(i).key()).as(poisons.get(i).name()).isEqualTo(patient);
            assertThat(dead.get(i).reason()).as(poisons.get(i).name()).isNotBlank();
        }
        assertThat(dead.get(poisons.size() - 4).reason()).startsWith("not a TransactionSubmitted");
        assertThat(dead.get(poisons.size() - 3).reason()).isEqualTo("not a TransactionSubmitted: no transaction");
        assertThat(dead.get(poisons.size() - 2).reason()).contains("IDENTITY_TELEPORTED");
        assertThat(dead.get(poisons.size() - 1).reason()).startsWith("SCHEMA_INVALID: metadata.role is required");
        assertThat(decisionsSoFar(valid)).isEmpty();
        assertThat(decisionsSoFar(noRole)).isEmpty();
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
    void anotherTransactionReusingAnIdIsDeadLetteredAndTheFirstDecisionStands() throws Exception {
        String patient = unique("p");
        var first = INITIATOR.patient(patient, Instant.now());
        submit(first);
        assertThat(awaitDecision(first).validated()).isTrue();

        var reused = INITIATOR.sign(new Transaction(first.id(), first.type(), patient, patient, first.payloadHash(),
                first.metadata(), first.submittedAt().plusMillis(5), first.initiator(), null));
        byte[] value = submitted(reused);
        submitRaw(patient, value);
        var next = INITIATOR.identity(unique("dr"), Role.CLINICIAN, Instant.now());
        submitRaw(patient, submitted(next));

        assertThat(awaitDecision(next).validated()).isTrue();
        var dead = awaitDeadLetter(v -> Arrays.equals(v, value));
        assertThat(dead.reason()).startsWith("DUPLICATE: transaction id " + first.id())
                .contains(Transactions.hash(reused));
        assertThat(decisionsSoFar(first)).hasSize(1);
        assertThat(count("SELECT count(*) FROM decisions WHERE tx_id = ?", first.id())).isEqualTo(1);
    }

    private byte[] submitted(Transaction tx) {
        return json.writeValueAsBytes(new TransactionSubmitted(tx));
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
