package health.datasafe.validator.decision;

import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.validator.TestInitiator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static health.datasafe.validator.TestInitiator.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poll batch is decided in one database transaction against facts loaded in bulk, with its own earlier changes
 * applied in memory: it must decide exactly as the same transactions decided one at a time.
 *
 * <p>The {@link Decider} is called directly, so what it decides never reaches Kafka: this context has a schema of its
 * own and no listeners, and leaves the shared one (whose state must be rebuildable from the topics) alone.
 */
@SpringBootTest(properties = {"spring.kafka.listener.auto-startup=false", "dsh.validator.id=validator-batch-it"})
class BatchDecisionIntegrationTest {

    private static final TestInitiator INITIATOR = new TestInitiator();
    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "validator_batch");
        registry.add("dsh.trust.initiators", INITIATOR::publicKey);
    }

    @Autowired
    private Decider decider;

    @Autowired
    private JdbcClient jdbc;

    /**
     * A patient's whole story, each step depending on the ones before: registrations (one twice), records (one id
     * twice), a consent granted, used, revoked and then refused, a consent granted and revoked within the story, reads
     * by strangers and by a clinician without consent.
     */
    private static List<Transaction> story(String prefix) {
        String patient = prefix + "-p";
        String doctor = prefix + "-dr";
        String stranger = prefix + "-x";
        String record = prefix + "-r1";
        Instant at = T;
        var tx = new ArrayList<Transaction>();
        tx.add(INITIATOR.recordAdded(patient, patient, record, at));                 // patient not registered yet
        tx.add(INITIATOR.patient(patient, at));
        tx.add(INITIATOR.patient(patient, at));                                      // IDENTITY_EXISTS
        tx.add(INITIATOR.identity(doctor, Role.CLINICIAN, at));
        tx.add(INITIATOR.recordAdded(patient, patient, record, at));
        tx.add(INITIATOR.recordAdded(patient, patient, record, at));                 // record exists
        tx.add(INITIATOR.recordAdded(patient, doctor, prefix + "-r2", at));          // no consent to write
        tx.add(INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, at)); // no consent yet
        tx.add(INITIATOR.consentGranted(patient, prefix + "-c1", doctor, Purpose.TREATMENT, at, at.plus(DAY), at));
        tx.add(INITIATOR.consentGranted(patient, prefix + "-c1", doctor, Purpose.TREATMENT, at, at.plus(DAY), at));
        tx.add(INITIATOR.consentGranted(patient, prefix + "-c2", stranger, Purpose.TREATMENT, at, at.plus(DAY), at));
        tx.add(INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, at.plusSeconds(1)));
        tx.add(INITIATOR.recordAccessed(patient, doctor, record, Purpose.RESEARCH, at.plusSeconds(1)));
        tx.add(INITIATOR.recordAccessed(patient, doctor, prefix + "-r9", Purpose.TREATMENT, at.plusSeconds(1)));
        tx.add(INITIATOR.recordAccessed(patient, stranger, record, Purpose.TREATMENT, at.plusSeconds(1)));
        tx.add(INITIATOR.identity(stranger, Role.CLINICIAN, at));
        tx.add(INITIATOR.consentGranted(patient, prefix + "-c3", stranger, Purpose.TREATMENT, at, at.plus(DAY), at));
        tx.add(INITIATOR.recordAccessed(patient, stranger, record, Purpose.TREATMENT, at.plusSeconds(2)));
        tx.add(INITIATOR.consentRevoked(patient, patient, prefix + "-c3", at.plusSeconds(3)));
        tx.add(INITIATOR.consentRevoked(patient, patient, prefix + "-c3", at.plusSeconds(3)));  // already revoked
        tx.add(INITIATOR.recordAccessed(patient, stranger, record, Purpose.TREATMENT, at.plusSeconds(4)));
        tx.add(INITIATOR.consentRevoked(patient, doctor, prefix + "-c1", at.plusSeconds(4)));   // not the patient
        tx.add(INITIATOR.consentRevoked(patient, patient, prefix + "-c1", at.plusSeconds(5)));
        tx.add(INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, at.plusSeconds(6)));
        tx.add(INITIATOR.recordAccessed(patient, patient, prefix + "-r2", Purpose.TREATMENT, at.plusSeconds(6)));
        return tx;
    }

    /** What a ruling says, without ids: validated, or the rejection reason, or refused. */
    private static String outcome(Ruling ruling) {
        return switch (ruling) {
            case Ruling.Decided(Decision decision) -> decision.validated() ? "VALIDATED" : decision.reason().name();
            case Ruling.Refused refused -> "REFUSED";
        };
    }

    @Test
    void aWholeStoryInOneBatchIsDecidedAsItIsOneTransactionAtATime() {
        List<Transaction> batched = story(unique("b"));
        List<Transaction> single = story(unique("s"));

        List<String> inOneBatch = decider.decide(batched).stream().map(BatchDecisionIntegrationTest::outcome).toList();
        List<String> oneByOne = single.stream()
                .map(tx -> outcome(decider.decide(List.of(tx)).getFirst()))
                .toList();

        assertThat(inOneBatch).isEqualTo(oneByOne);
        assertThat(inOneBatch).containsExactly(
                "UNKNOWN_PATIENT", "VALIDATED", "IDENTITY_EXISTS", "VALIDATED", "VALIDATED", "DUPLICATE", "CONSENT_DENIED",
                "CONSENT_DENIED", "VALIDATED", "DUPLICATE", "UNKNOWN_ACTOR", "VALIDATED", "CONSENT_DENIED",
                "UNKNOWN_RECORD", "UNKNOWN_ACTOR", "VALIDATED", "VALIDATED", "VALIDATED", "VALIDATED",
                "UNKNOWN_CONSENT", "CONSENT_DENIED", "ROLE_NOT_ALLOWED", "VALIDATED", "CONSENT_DENIED", "UNKNOWN_RECORD");
    }

    @Test
    void aConsentGrantedAndRevokedInOneBatchIsStoredRevoked() {
        String prefix = unique("g");
        List<Transaction> batch = story(prefix);
        decider.decide(batch);

        Map<String, Object> c3 = jdbc.sql("SELECT * FROM consents WHERE consent_id = ?").param(prefix + "-c3")
                .query().singleRow();
        assertThat(c3.get("revoked_by_tx")).isEqualTo(batch.get(18).id());
        assertThat(jdbc.sql("SELECT count(*) FROM decisions WHERE tx_id = ANY(?)")
                .param(batch.stream().map(Transaction::id).toArray(String[]::new)).query(Integer.class).single())
                .isEqualTo(batch.size());
    }

    @Test
    void aRedeliveredBatchGetsTheSameDecisionsAndChangesNothing() {
        String prefix = unique("d");
        List<Transaction> batch = story(prefix);
        List<Ruling> first = decider.decide(batch);
        int consents = jdbc.sql("SELECT count(*) FROM consents WHERE patient_id = ?").param(prefix + "-p")
                .query(Integer.class).single();

        List<Ruling> again = decider.decide(batch);

        assertThat(again).isEqualTo(first);
        assertThat(jdbc.sql("SELECT count(*) FROM consents WHERE patient_id = ?").param(prefix + "-p")
                .query(Integer.class).single()).isEqualTo(consents);
    }

    @Test
    void anIdTakenTwiceInOneBatchKeepsItsFirstDecisionAndRefusesTheOtherTransaction() {
        String patient = unique("p");
        Transaction genuine = INITIATOR.patient(patient, T);
        Transaction other = INITIATOR.sign(new Transaction(genuine.id(), genuine.type(), genuine.patientId(),
                genuine.actorId(), genuine.payloadHash(), genuine.metadata(), T.plusSeconds(1), genuine.initiator(),
                null));

        List<Ruling> rulings = decider.decide(List.of(genuine, genuine, other));

        assertThat(rulings.get(0)).isInstanceOf(Ruling.Decided.class);
        assertThat(rulings.get(1)).isEqualTo(rulings.get(0));
        assertThat(rulings.get(2)).isInstanceOfSatisfying(Ruling.Refused.class,
                refused -> assertThat(refused.reason()).startsWith(RejectionReason.DUPLICATE + ": transaction id"));
    }

    /**
     * The schema lets through nothing the database would refuse today, so a constraint added for this test stands in
     * for one: the batch's one statement per table fails, and each transaction is then decided on its own.
     */
    @Test
    void aValueTheDatabaseRefusesFailsOnlyItsOwnTransaction() {
        String before = unique("p");
        String poisoned = unique("poison");
        String after = unique("p");
        String constraint = "refuses_" + poisoned.replace('-', '_');
        jdbc.sql("ALTER TABLE identities ADD CONSTRAINT " + constraint + " CHECK (actor_id <> '" + poisoned
                + "') NOT VALID").update();
        List<Ruling> rulings;
        try {
            rulings = decider.decide(List.of(
                    INITIATOR.patient(before, T), INITIATOR.patient(poisoned, T), INITIATOR.patient(after, T)));
        } finally {
            jdbc.sql("ALTER TABLE identities DROP CONSTRAINT " + constraint).update();
        }

        assertThat(outcome(rulings.get(0))).isEqualTo("VALIDATED");
        assertThat(rulings.get(1)).isInstanceOfSatisfying(Ruling.Refused.class,
                refused -> assertThat(refused.reason()).startsWith("could not be decided:").contains(constraint));
        assertThat(outcome(rulings.get(2))).isEqualTo("VALIDATED");
        assertThat(jdbc.sql("SELECT actor_id FROM identities WHERE actor_id IN (?, ?, ?)")
                .params(before, poisoned, after).query(String.class).list()).containsExactlyInAnyOrder(before, after);
        assertThat(jdbc.sql("SELECT count(*) FROM decisions d JOIN identities i ON i.registered_by_tx = d.tx_id"
                + " WHERE i.actor_id IN (?, ?)").params(before, after).query(Integer.class).single()).isEqualTo(2);
    }
}
