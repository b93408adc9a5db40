package health.datasafe.transaction.initiator;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionType;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.Poison;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutcomeDeadLetterIntegrationTest extends TransactionServiceTestBase {

    @Test
    void everyPoisonedRejectionGoesToTheDeadLetterTopicAndThePatientsNextTransactionIsAnswered() throws Exception {
        String patient = uniqueId("patient");
        var earlier = new TransactionRejected(new TestLedger().accessed(patient, "dr-x", "rec-x", Purpose.TREATMENT),
                RejectionReason.CONSENT_DENIED,
                "no consent", "validator-it", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        var poisons = Poison.around(json.writeValueAsString(earlier));
        for (Poison poison : poisons) {
            LEDGER.publish(Topics.TX_REJECTED, patient, poison.value());
        }

        register(patient, Role.PATIENT);

        var refused = new DeadLetterTopic(Topics.TX_REJECTED).awaitAll(poisons.stream().map(Poison::value).toList());
        for (int i = 0; i < poisons.size(); i++) {
            assertThat(refused.get(i).reason()).as(poisons.get(i).name()).startsWith("not a TransactionRejected");
            assertThat(refused.get(i).key()).isEqualTo(patient);
        }
    }

    @Test
    void blockCarryingAnAlteredCopyOfOurTransactionIsDeadLetteredAndChangesNothing() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        LEDGER.holdWhen(tx -> tx.type() == TransactionType.CONSENT_REVOKED && patient.equals(tx.patientId()));
        var response = send("DELETE", "/api/patients/" + patient + "/consents/c-1", token, null, null);
        String txId = jsonOf(response).get("transactionId").asString();
        Transaction ours = await().atMost(PATIENCE).until(
                () -> LEDGER.submitted().stream().filter(tx -> tx.id().equals(txId)).findFirst().orElse(null), tx -> tx != null);
        var altered = new Transaction(ours.id(), ours.type(), ours.patientId(), ours.actorId(), ours.payloadHash(),
                Map.of(Metadata.CONSENT_ID, "c-2"), ours.submittedAt(), ours.initiator(), ours.signature());
        // signed by the trusted ledger key: only the comparison with what this initiator signed can catch it
        var block = new TestLedger(LEDGER_KEY).block(2, altered);
        String value = json.writeValueAsString(block);

        LEDGER.publish(Topics.LEDGER_BLOCKS, "2", value);

        assertThat(awaitDeadLetter(Topics.LEDGER_BLOCKS, value::equals).get(Topics.REASON_HEADER))
                .contains("differs from the one this initiator submitted");
        assertThat(jsonOf(send("GET", "/api/transactions/" + txId, token, null, null)).get("status").asString())
                .isEqualTo("PENDING");
    }
}
