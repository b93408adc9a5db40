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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutcomeDeadLetterIntegrationTest extends TransactionServiceTestBase {

    @Test
    void everyPoisonedRejectionIsDeadLetteredAndThePatientsNextRejectionIsStillAnswered() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        var earlier = LEDGER.validator().rejected(new TestLedger().accessed(patient, "dr-x", "rec-x", Purpose.TREATMENT),
                RejectionReason.CONSENT_DENIED, "no consent");
        String valid = json.writeValueAsString(earlier);
        var poisons = new ArrayList<>(Poison.around(valid));
        poisons.add(new Poison("an unknown transaction type",
                valid.replace("\"RECORD_ACCESSED\"", "\"RECORD_TELEPORTED\"").getBytes(StandardCharsets.UTF_8)));
        poisons.add(new Poison("an unknown rejection reason",
                valid.replace("\"CONSENT_DENIED\"", "\"BECAUSE\"").getBytes(StandardCharsets.UTF_8)));
        for (Poison poison : poisons) {
            // keyed by the patient: the partition the patient's own rejections come on
            LEDGER.publish(Topics.TX_REJECTED, patient, poison.value());
        }
        LEDGER.rejectWhen(tx -> tx.type() == TransactionType.CONSENT_REVOKED && patient.equals(tx.patientId()),
                RejectionReason.UNKNOWN_CONSENT, "no such consent");

        var revoke = send("DELETE", "/api/patients/" + patient + "/consents/" + uniqueId("consent"),
                token(patient, Role.PATIENT), null, null);
        String txId = jsonOf(revoke).get("transactionId").asString();

        await().atMost(PATIENCE).until(() -> "REJECTED".equals(jsonOf(send("GET", "/api/transactions/" + txId,
                token(patient, Role.PATIENT), null, null)).get("status").asString()));
        var refused = new DeadLetterTopic(Topics.TX_REJECTED).awaitAll(poisons.stream().map(Poison::value).toList());
        for (int i = 0; i < poisons.size(); i++) {
            assertThat(refused.get(i).reason()).as(poisons.get(i).name()).startsWith("not a TransactionRejected");
            assertThat(refused.get(i).key()).isEqualTo(patient);
        }
    }

    @Test
    void everyPoisonedBlockIsDeadLetteredAndThePatientsNextTransactionIsCommitted() throws Exception {
        String patient = uniqueId("patient");
        String valid = json.writeValueAsString(new TestLedger(LEDGER_KEY).block(0,
                new TestLedger().accessed(patient, "dr-x", "rec-x", Purpose.TREATMENT)));
        var poisons = new ArrayList<>(Poison.around(valid));
        poisons.add(new Poison("a block with an unknown transaction type",
                valid.replace("\"RECORD_ACCESSED\"", "\"RECORD_TELEPORTED\"").getBytes(StandardCharsets.UTF_8)));
        for (Poison poison : poisons) {
            // blocks are keyed by shard: every shard's partition gets every poison before the patient's block
            for (int shard = 0; shard < TestLedger.SHARDS; shard++) {
                LEDGER.publish(Topics.LEDGER_BLOCKS, Integer.toString(shard), poison.value());
            }
        }

        var registration = postJson("/api/identities", token(patient, Role.PATIENT), keyed(patient, Role.PATIENT, null));
        String txId = jsonOf(registration).get("transactionId").asString();

        await().atMost(PATIENCE).until(() -> "COMMITTED".equals(jsonOf(send("GET", "/api/transactions/" + txId,
                token(patient, Role.PATIENT), null, null)).get("status").asString()));
        var refused = new DeadLetterTopic(Topics.LEDGER_BLOCKS).awaitAll(poisons.stream().map(Poison::value).toList());
        for (int i = 0; i < poisons.size(); i++) {
            assertThat(refused.get(i).reason()).as(poisons.get(i).name()).startsWith("not a BlockCommitted");
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
